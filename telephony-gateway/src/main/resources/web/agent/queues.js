// "My queues" on the agent desktop: for each queue the agent serves, the calls waiting, the longest wait and the
// members ready. The server sends the whole list (a `queues` message on the desktop's live feed) when the desktop
// connects and when a figure changed, at most once a second; the longest wait is counted up here from the instant the
// oldest call entered the queue, corrected by the difference between this browser's clock and the server's.
//   import { showQueues } from '/agent/files/queues.js';
//   showQueues(message);   // a message of type 'queues'

const $ = (id) => document.getElementById(id);
let queues = [];
// This browser's clock minus the server's, from the last message.
let skew = 0;
let ticking = false;

function clock(millis) {
  const seconds = Math.max(0, Math.floor(millis / 1000));
  const m = Math.floor(seconds / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return m >= 60 ? `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function cell(text, className) {
  const td = document.createElement('td');
  td.className = className;
  td.textContent = text;
  return td;
}

function waits() {
  const now = Date.now() - skew;
  document.querySelectorAll('#my-queues tr[data-queue]').forEach((tr) => {
    const oldest = Number(tr.dataset.oldest);
    tr.querySelector('td.longest').textContent = oldest > 0 ? clock(now - oldest) : '–';
  });
}

function render() {
  const body = $('my-queues');
  body.replaceChildren(...queues.map((q) => {
    const tr = document.createElement('tr');
    tr.dataset.queue = q.queue;
    tr.dataset.oldest = String(q.oldestEnqueuedAt);
    tr.dataset.waiting = String(q.waiting);
    tr.classList.toggle('waiting', q.waiting > 0);
    tr.append(cell(q.queue, 'queue'), cell(String(q.waiting), 'waiting'), cell('', 'longest clock'),
      cell(String(q.ready), 'ready'));
    return tr;
  }));
  $('my-queues-none').hidden = queues.length > 0;
  waits();
}

/** Shows the agent's queues from a `queues` message (the whole list each time). */
export function showQueues(message) {
  queues = message.queues ?? [];
  skew = message.at > 0 ? Date.now() - message.at : 0;
  $('my-queues-panel').hidden = false;
  render();
  if (!ticking) {
    ticking = true;
    setInterval(waits, 1000);
  }
}
