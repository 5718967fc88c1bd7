// The session every page shares: who is logged in, and requests that carry the session's CSRF token.
// A page imports it as a module:  import { currentUser, api, logout } from '/assets/session.js';

let csrfToken = null;

/** The logged-in user ({username, role, agentId, queues}); sends the browser to the login page when there is none. */
export async function currentUser() {
  const response = await fetch('/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (response.status === 401) {
    toLogin();
    return new Promise(() => {});
  }
  if (!response.ok) {
    throw new Error(`GET /me answered ${response.status}`);
  }
  const me = await response.json();
  csrfToken = me.csrfToken;
  return me;
}

/**
 * A request to the server as JSON. State changes carry the CSRF token; a 401 (session over) goes back to the login
 * page. Resolves to the parsed answer, or throws an Error with the server's message.
 */
export async function api(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') {
    if (csrfToken === null) {
      await currentUser();
    }
    headers['X-CSRF-Token'] = csrfToken;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    toLogin();
    return new Promise(() => {});
  }
  const answer = response.headers.get('Content-Type')?.startsWith('application/json') ? await response.json() : null;
  if (!response.ok) {
    throw new Error(answer?.error ?? `${method} ${path} answered ${response.status}`);
  }
  return answer;
}

/** Ends the session and shows the login page. */
export async function logout() {
  try {
    await api('POST', '/logout');
  } finally {
    window.location.assign('/login');
  }
}

function toLogin() {
  const here = window.location.pathname + window.location.search;
  window.location.assign('/login?next=' + encodeURIComponent(here));
}
