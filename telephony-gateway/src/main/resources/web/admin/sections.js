// Queues, agents, skills and schedules, item by item, through the REST API (/api/<section>): each item is edited as
// JSON and saved into the section's YAML file; the server checks the whole configuration as a reload does and lists
// the problems with file:line:column (nothing is written then). A save sends back the ETag it read, so an edit made
// meanwhile elsewhere is refused (412) instead of overwritten.
import { currentUser, logout } from '/assets/session.js';

const $ = (id) => document.getElementById(id);

let csrfToken = null;
let section = null;
let current = null;
let etag = null;

async function send(method, path, body, ifMatch) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrfToken;
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  if (ifMatch) {
    headers['If-Match'] = ifMatch;
  }
  const response = await fetch(path, {
    method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    window.location.assign('/login?next=' + encodeURIComponent(window.location.pathname));
    return new Promise(() => {});
  }
  const answer = response.headers.get('Content-Type')?.startsWith('application/json') ? await response.json() : null;
  return { status: response.status, body: answer, etag: response.headers.get('ETag') };
}

function clearMessages() {
  $('message').textContent = '';
  $('error').hidden = true;
  $('problems').replaceChildren();
}

function showFailure(r) {
  $('error').textContent = r.body?.error ?? `the server answered ${r.status}`;
  $('error').hidden = false;
  for (const p of r.body?.problems ?? []) {
    const item = document.createElement('li');
    item.textContent = p.line > 0 ? `${p.file}:${p.line}:${p.column}: ${p.message}` : p.message;
    $('problems').append(item);
  }
}

async function openSection(name) {
  section = name;
  current = null;
  for (const b of document.querySelectorAll('#sections button')) {
    b.setAttribute('aria-current', String(b.dataset.section === name));
  }
  $('items-title').textContent = name;
  const r = await send('GET', `/api/${name}`);
  const list = $('items');
  list.replaceChildren();
  if (r.status !== 200) {
    showFailure(r);
    return;
  }
  for (const item of r.body.items) {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = item.id;
    b.dataset.item = item.id;
    b.addEventListener('click', () => openItem(item.id));
    const li = document.createElement('li');
    li.append(b);
    list.append(li);
  }
  document.body.dataset.section = name;
}

async function openItem(id) {
  clearMessages();
  const r = await send('GET', `/api/${section}/${encodeURIComponent(id)}`);
  if (r.status !== 200) {
    showFailure(r);
    return;
  }
  current = id;
  etag = r.etag;
  for (const b of document.querySelectorAll('#items button')) {
    b.setAttribute('aria-current', String(b.dataset.item === id));
  }
  $('item-title').textContent = `${section}: ${id}`;
  $('item').value = JSON.stringify(r.body, null, 2);
  $('save').disabled = false;
  $('delete').disabled = false;
  document.body.dataset.item = id;
}

function newItem() {
  clearMessages();
  current = null;
  etag = null;
  $('item-title').textContent = `${section}: new`;
  $('item').value = '{\n  "id": ""\n}';
  $('save').disabled = false;
  $('delete').disabled = true;
}

async function save() {
  clearMessages();
  let item;
  try {
    item = JSON.parse($('item').value);
  } catch (e) {
    $('error').textContent = `not JSON: ${e.message}`;
    $('error').hidden = false;
    return;
  }
  $('message').textContent = 'saving…';
  const r = current === null
    ? await send('POST', `/api/${section}`, item)
    : await send('PUT', `/api/${section}/${encodeURIComponent(current)}`, item, etag);
  if (r.status === 200 || r.status === 201) {
    $('message').textContent = r.body.message;
    const id = r.body.item?.id ?? item.id;
    await openSection(section);
    await openItem(id);
    $('message').textContent = r.body.message;
  } else {
    $('message').textContent = '';
    showFailure(r);
  }
}

async function remove() {
  clearMessages();
  const r = await send('DELETE', `/api/${section}/${encodeURIComponent(current)}`, undefined, etag);
  if (r.status === 200) {
    $('item').value = '';
    $('item-title').textContent = 'Choose an item';
    await openSection(section);
    $('message').textContent = r.body.message;
  } else {
    showFailure(r);
  }
}

async function start() {
  const me = await currentUser();
  csrfToken = me.csrfToken;
  $('who').textContent = `${me.username} (${me.role})`;
  $('logout').addEventListener('click', logout);
  for (const b of document.querySelectorAll('#sections button')) {
    b.addEventListener('click', () => openSection(b.dataset.section));
  }
  $('new-item').addEventListener('click', newItem);
  $('save').addEventListener('click', save);
  $('delete').addEventListener('click', remove);
  await openSection(new URLSearchParams(window.location.search).get('section') ?? 'queues');
  document.body.dataset.ready = 'true';
}

start().catch((e) => {
  $('error').textContent = e.message;
  $('error').hidden = false;
});
