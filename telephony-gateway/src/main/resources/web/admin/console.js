// The admin console's flow editor: the flows list, a YAML editor checked by the server as you type (the same checks
// and messages as a reload, with line:column), the flow's steps drawn as a graph, scripted calls and the flow's own
// tests, activation, and the stored versions with diffs and one-click rollback.
import { currentUser, logout } from '/assets/session.js';
import { drawGraph } from '/console/files/graph.js';

const $ = (id) => document.getElementById(id);
/** How long typing must pause before the text is checked. */
const CHECK_DELAY_MS = 300;

let csrfToken = null;
let editor = null;
let flow = null;
let activeVersion = null;
let checkTimer = null;
let checkSeq = 0;
let markedLines = [];

/** A JSON request; resolves to {status, body} whatever the status (the caller decides what a refusal means). */
async function send(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrfToken;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    window.location.assign('/login?next=' + encodeURIComponent(window.location.pathname));
    return new Promise(() => {});
  }
  const answer = response.headers.get('Content-Type')?.startsWith('application/json') ? await response.json() : null;
  return { status: response.status, body: answer };
}

async function get(path) {
  const r = await send('GET', path);
  if (r.status !== 200) {
    throw new Error(r.body?.error ?? `GET ${path} answered ${r.status}`);
  }
  return r.body;
}

function text() {
  return editor.getValue();
}

async function loadFlows() {
  const flows = await get('/console/flows');
  const list = $('flows');
  list.replaceChildren();
  for (const f of flows) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = f.name;
    button.dataset.flow = f.name;
    button.title = `${f.steps} steps, ${f.tests} tests`;
    button.addEventListener('click', () => openFlow(f.name));
    const item = document.createElement('li');
    item.append(button);
    list.append(item);
  }
  return flows;
}

async function openFlow(name) {
  const source = await get('/console/flow?name=' + encodeURIComponent(name));
  flow = name;
  activeVersion = source.version;
  for (const b of document.querySelectorAll('#flows button')) {
    b.setAttribute('aria-current', String(b.dataset.flow === name));
  }
  $('flow-name').textContent = name;
  $('flow-version').textContent = source.version;
  $('flow-file').textContent = source.file;
  $('message').textContent = '';
  $('activate-error').hidden = true;
  editor.setValue(source.text);
  editor.clearHistory();
  await check();
  await loadVersions();
}

function scheduleCheck() {
  clearTimeout(checkTimer);
  $('activate').disabled = true;
  $('check-status').textContent = 'checking…';
  $('check-status').className = 'check';
  checkTimer = setTimeout(check, CHECK_DELAY_MS);
}

/** Asks the server to check the text; an answer to an older text than the latest request is dropped. */
async function check() {
  if (!flow) {
    return;
  }
  const seq = ++checkSeq;
  const r = await send('POST', '/console/flow/check', { name: flow, text: text() });
  if (seq !== checkSeq) {
    return;
  }
  if (r.status !== 200) {
    showCheck([{ line: 0, column: 0, message: r.body?.error ?? `check answered ${r.status}` }]);
    return;
  }
  showCheck(r.body.problems);
  if (r.body.problems.length === 0) {
    await graph();
  }
}

function showCheck(problems) {
  for (const line of markedLines) {
    editor.removeLineClass(line, 'background', 'problem-line');
  }
  markedLines = [];
  const list = $('problems');
  list.replaceChildren();
  for (const p of problems) {
    const item = document.createElement('li');
    item.textContent = p.line > 0 ? `line ${p.line}:${p.column}: ${p.message}` : p.message;
    item.dataset.line = String(p.line);
    if (p.line > 0) {
      const handle = editor.addLineClass(p.line - 1, 'background', 'problem-line');
      if (handle) {
        markedLines.push(handle);
      }
      item.addEventListener('click', () => {
        editor.setCursor({ line: p.line - 1, ch: Math.max(0, p.column - 1) });
        editor.focus();
      });
    }
    list.append(item);
  }
  const status = $('check-status');
  status.textContent = problems.length === 0 ? 'valid'
    : `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  status.className = 'check ' + (problems.length === 0 ? 'valid' : 'invalid');
  $('activate').disabled = problems.length !== 0;
}

async function graph() {
  const r = await send('POST', '/console/flow/graph', { name: flow, text: text() });
  if (r.status === 200) {
    drawGraph($('graph'), r.body);
  }
}

async function activate() {
  $('activate').disabled = true;
  $('activate-error').hidden = true;
  $('message').textContent = 'activating…';
  const r = await send('POST', '/console/flow/activate', { name: flow, text: text() });
  if (r.status === 200) {
    activeVersion = r.body.version;
    $('flow-version').textContent = r.body.version;
    $('message').textContent = `activated ${r.body.version}`;
    await loadVersions();
  } else if (r.status === 422) {
    showCheck(r.body.problems);
  } else {
    $('activate-error').textContent = r.body?.error ?? `activation answered ${r.status}`;
    $('activate-error').hidden = false;
  }
  $('activate').disabled = false;
}

async function loadVersions() {
  const versions = await get('/console/flow/versions?name=' + encodeURIComponent(flow));
  const body = $('versions');
  body.replaceChildren();
  for (const v of [...versions].reverse()) {
    const row = document.createElement('tr');
    row.dataset.version = String(v.version);
    const active = v.contentHash.startsWith(activeVersion) && v === latestWithHash(versions, v.contentHash);
    row.className = active ? 'active' : '';
    const cells = [`v${v.version}${active ? ' (active)' : ''}`, new Date(v.activatedAt).toLocaleString(),
      v.activatedBy];
    for (const c of cells) {
      const td = document.createElement('td');
      td.textContent = c;
      row.append(td);
    }
    const actions = document.createElement('td');
    if (v.version > 1) {
      actions.append(button('Diff', 'diff', () => diff(v.version - 1, v.version)));
    }
    if (!active) {
      actions.append(button('Roll back', 'rollback', () => rollback(v.version)));
    }
    row.append(actions);
    body.append(row);
  }
}

function latestWithHash(versions, hash) {
  return [...versions].reverse().find((v) => v.contentHash === hash);
}

function button(label, kind, action) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.className = kind;
  b.addEventListener('click', action);
  return b;
}

async function diff(from, to) {
  const answer = await get(`/console/flow/diff?name=${encodeURIComponent(flow)}&from=${from}&to=${to}`);
  const pre = $('diff');
  pre.replaceChildren();
  pre.dataset.from = String(from);
  pre.dataset.to = String(to);
  for (const line of (answer.diff || '(no change)\n').split('\n')) {
    const span = document.createElement('span');
    span.textContent = line + '\n';
    if (line.startsWith('+') && !line.startsWith('+++')) {
      span.className = 'add';
    } else if (line.startsWith('-') && !line.startsWith('---')) {
      span.className = 'del';
    }
    pre.append(span);
  }
}

async function rollback(version) {
  $('activate-error').hidden = true;
  $('message').textContent = `rolling back to v${version}…`;
  const r = await send('POST', '/console/flow/rollback', { name: flow, version });
  if (r.status === 200) {
    await openFlow(flow);
    $('message').textContent = `rolled back to v${version}: active ${r.body.version}`;
  } else {
    $('activate-error').textContent = r.body?.error
      ?? (r.body?.problems ?? []).map((p) => `line ${p.line}:${p.column}: ${p.message}`).join('\n');
    $('activate-error').hidden = false;
  }
}

async function simulate(event) {
  event.preventDefault();
  const r = await send('POST', '/console/flow/simulate', {
    name: flow, text: text(), keys: $('keys').value, caller: $('caller').value, queueResult: $('queue-result').value,
  });
  if (r.status === 200) {
    const lines = [...r.body.lines, `queue reached: ${r.body.queue ?? 'none'}`];
    $('transcript').textContent = lines.join('\n');
  } else {
    $('transcript').textContent = r.body?.error
      ?? (r.body?.problems ?? []).map((p) => `line ${p.line}:${p.column}: ${p.message}`).join('\n');
  }
}

async function runTests() {
  const r = await send('POST', '/console/flow/tests', { name: flow, text: text() });
  const list = $('test-results');
  list.replaceChildren();
  if (r.status !== 200) {
    const item = document.createElement('li');
    item.className = 'fail';
    item.textContent = r.body?.error ?? 'the text does not validate';
    list.append(item);
    return;
  }
  if (r.body.length === 0) {
    const item = document.createElement('li');
    item.textContent = 'this flow has no tests';
    list.append(item);
  }
  for (const t of r.body) {
    const item = document.createElement('li');
    item.className = t.passed ? 'pass' : 'fail';
    item.textContent = `${t.passed ? 'PASS' : 'FAIL'} ${t.name} (line ${t.line})`
      + (t.failures.length ? ': ' + t.failures.join('; ') : '');
    list.append(item);
  }
}

async function start() {
  const me = await currentUser();
  csrfToken = me.csrfToken;
  $('who').textContent = `${me.username} (${me.role})`;
  $('logout').addEventListener('click', logout);
  editor = window.CodeMirror($('editor'), { mode: 'yaml', lineNumbers: true, indentUnit: 2, tabSize: 2,
    extraKeys: { Tab: (cm) => cm.replaceSelection('  ') } });
  editor.on('change', scheduleCheck);
  $('activate').addEventListener('click', activate);
  $('simulate-form').addEventListener('submit', simulate);
  $('run-tests').addEventListener('click', runTests);
  const flows = await loadFlows();
  const wanted = new URLSearchParams(window.location.search).get('flow');
  const first = flows.find((f) => f.name === wanted) ?? flows[0];
  if (first) {
    await openFlow(first.name);
  }
  // For tests and keyboard users alike: the editor's text, set or read whole.
  window.acdConsole = { setText: (t) => editor.setValue(t), text };
  document.body.dataset.ready = 'true';
}

start().catch((e) => {
  $('activate-error').textContent = e.message;
  $('activate-error').hidden = false;
});
