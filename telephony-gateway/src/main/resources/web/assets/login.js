// The login page: posts the username and password as JSON; on success goes where the visitor was headed.
const form = document.getElementById('login');
const message = document.getElementById('message');
const submit = document.getElementById('submit');

/** Where to go after logging in: only a path on this server, never another site. */
function next() {
  const wanted = new URLSearchParams(window.location.search).get('next');
  return wanted && wanted.startsWith('/') && !wanted.startsWith('//') && !wanted.startsWith('/login') ? wanted : '/';
}

function show(text) {
  message.textContent = text;
  message.hidden = false;
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  submit.disabled = true;
  message.hidden = true;
  try {
    const response = await fetch('/login', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        username: document.getElementById('username').value,
        password: document.getElementById('password').value,
      }),
    });
    if (response.ok) {
      window.location.assign(next());
      return;
    }
    const answer = await response.json().catch(() => ({}));
    show(answer.error ?? `the server answered ${response.status}`);
    document.getElementById('password').select();
  } catch (e) {
    show('the server cannot be reached: ' + e.message);
  } finally {
    submit.disabled = false;
  }
});
