// The live wallboard: per queue the calls waiting, the longest wait, today's service level (both variants),
// abandons, ASA and AHT, coloured by the queue's thresholds; the queue's members by state and today's leaderboard;
// and every agent of these queues with state, reason and time in state, and Listen / Whisper / Barge buttons while
// they are on a call (the server rings this login's own phone into the call). Everything comes from the server's
// live feed (/supervisor/live): a snapshot on every (re)connection, then each change. The server decides which
// queues this login may see. Each figure's element carries its raw value in data-value, as the report API gives it.
import { api, currentUser, logout } from '/assets/session.js';
import { liveFeed } from '/assets/live.js';

const $ = (id) => document.getElementById(id);
const STATE_NAMES = {
  logged_in: 'Signed in', logged_out: 'Signed out', ready: 'Ready', ringing: 'Ringing', on_call: 'On a call',
  on_hold: 'On hold', wrap_up: 'Wrap-up', not_ready: 'Not ready', unavailable: 'Phone unavailable',
};

let board = null;
const SPY_MODES = ['listen', 'whisper', 'barge'];
const SPY_DOING = { listen: 'Listening to', whisper: 'Whispering to', barge: 'Barging in on' };
const ON_CALL = new Set(['on_call', 'on_hold']);
let spy = null;

// The spy bar: the running listen/whisper/barge of this page, its mode buttons and stop.
function showSpy(message) {
  $('spy').hidden = spy === null && !message;
  $('spy-text').textContent = message ?? (spy ? `${SPY_DOING[spy.mode]} ${spy.agent} (on your phone)` : '');
  document.body.dataset.spy = spy ? `${spy.id}/${spy.mode}` : '';
  document.querySelectorAll('#spy button').forEach((b) => { b.hidden = spy === null; });
}

async function startSpy(agent, mode) {
  try {
    spy = await api('POST', '/supervisor/spy', { agent, mode });
    showSpy();
  } catch (e) {
    showSpy(e.message);
  }
}

async function spyCommand(path, body) {
  try {
    const answer = await api('POST', path, { spy: spy.id, ...body });
    spy = path.endsWith('/stop') ? null : answer;
    showSpy(path.endsWith('/stop') ? `Stopped listening to ${answer.agent}` : undefined);
  } catch (e) {
    showSpy(e.message);
  }
}

function clock(millis) {
  const seconds = Math.max(0, Math.floor(millis / 1000));
  const m = Math.floor(seconds / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return m >= 60 ? `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

const percent = (v) => (v === null || v === undefined ? '–' : `${(v * 100).toFixed(1)}%`);
const seconds = (v) => (v === null || v === undefined ? '–' : `${v.toFixed(1)} s`);

function setField(section, field, value, text, level) {
  const tile = section.querySelector(`[data-field="${field}"]`);
  tile.dataset.value = value === null || value === undefined ? '' : String(value);
  tile.querySelector('.value').textContent = text;
  tile.classList.remove('ok', 'warn', 'alert');
  tile.classList.add(level ?? 'ok');
  tile.dataset.level = level ?? 'ok';
}

function longestWaitLevel(q, waitedSeconds) {
  if (waitedSeconds >= q.longestWaitAlert) {
    return 'alert';
  }
  return waitedSeconds >= q.longestWaitWarn ? 'warn' : 'ok';
}

function queueSection(q) {
  let section = document.querySelector(`section.queue[data-queue="${CSS.escape(q.queue)}"]`);
  if (!section) {
    section = $('queue-template').content.firstElementChild.cloneNode(true);
    section.dataset.queue = q.queue;
    section.querySelector('.queue-name').textContent = q.queue;
    $('queues').append(section);
  }
  return section;
}

function renderQueue(q) {
  const section = queueSection(q);
  const t = q.today;
  setField(section, 'waiting', q.waiting, String(q.waiting), q.waitingLevel);
  setField(section, 'serviceLevel', t.serviceLevel, percent(t.serviceLevel), t.serviceLevelLevel);
  section.querySelector('[data-note="target"]').textContent = `target ${t.targetPercent}% in ${t.targetSeconds} s`;
  setField(section, 'serviceLevel2', t.serviceLevel2, percent(t.serviceLevel2));
  setField(section, 'abandoned', t.abandoned, String(t.abandoned));
  setField(section, 'asa', t.asaSeconds, seconds(t.asaSeconds));
  setField(section, 'aht', t.ahtSeconds, seconds(t.ahtSeconds),
    t.ahtSeconds !== null && t.ahtSeconds > q.ahtTargetSeconds ? 'warn' : 'ok');
  setField(section, 'answered', t.answered, `${t.answered} / ${t.offered}`);
  section.dataset.offered = String(t.offered);
  section.querySelector('.members').textContent = Object.entries(q.agents).filter(([, n]) => n > 0)
    .map(([state, n]) => `${STATE_NAMES[state] ?? state}: ${n}`).join(' · ') || 'No members signed in';
  const rows = q.leaderboard.map((l) => {
    const tr = document.createElement('tr');
    tr.dataset.agent = l.agent;
    const cells = [l.agent, String(l.handled), seconds(l.ahtSeconds),
      l.csatMean === null ? '–' : `${l.csatMean.toFixed(2)} (${l.csatAnswers})`];
    cells.forEach((text, i) => {
      const td = document.createElement('td');
      td.textContent = text;
      if (i === 2) {
        td.classList.toggle('over', l.overTarget);
        td.title = `target ${q.ahtTargetSeconds} s`;
      }
      td.dataset.field = ['agent', 'handled', 'aht', 'csat'][i];
      td.dataset.value = String([l.agent, l.handled, l.ahtSeconds, l.csatMean][i] ?? '');
      tr.append(td);
    });
    return tr;
  });
  section.querySelector('.leaderboard tbody').replaceChildren(...rows);
}

// Rows are kept per agent and updated in place, so that a row stays the same element while its agent is shown.
function renderAgents(agents) {
  const rows = new Map([...$('agents').children].map((tr) => [tr.dataset.agent, tr]));
  $('agents').replaceChildren(...agents.map((a) => {
    let tr = rows.get(a.agent);
    if (!tr) {
      tr = document.createElement('tr');
      tr.dataset.agent = a.agent;
      ['agent', 'state', 'reason', 'queue', 'time', 'spy'].forEach((field) => {
        const td = document.createElement('td');
        td.className = field;
        tr.append(td);
      });
      tr.querySelector('td.spy').append(...SPY_MODES.map((mode) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.dataset.mode = mode;
        b.textContent = mode[0].toUpperCase() + mode.slice(1);
        b.addEventListener('click', () => startSpy(a.agent, mode));
        return b;
      }));
    }
    // Listening needs a live call; the server checks again, and refuses agents outside this login's queues.
    tr.querySelectorAll('td.spy button').forEach((b) => { b.hidden = !ON_CALL.has(a.state); });
    tr.dataset.state = a.state;
    tr.dataset.since = String(a.since);
    tr.querySelector('td.agent').textContent = a.agent;
    tr.querySelector('td.state').textContent = STATE_NAMES[a.state] ?? a.state;
    tr.querySelector('td.reason').textContent = a.reason ?? '';
    tr.querySelector('td.queue').textContent = a.queue ?? '';
    return tr;
  }));
}

// Times that grow by themselves are counted here, from the instants the server sent.
function tick() {
  if (!board) {
    return;
  }
  const now = Date.now();
  board.queues.forEach((q) => {
    const section = queueSection(q);
    const waited = q.oldestEnqueuedAt > 0 ? (now - q.oldestEnqueuedAt) / 1000 : 0;
    setField(section, 'longestWait', q.oldestEnqueuedAt, q.oldestEnqueuedAt > 0 ? clock(waited * 1000) : '–',
      longestWaitLevel(q, waited));
  });
  document.querySelectorAll('#agents tr').forEach((tr) => {
    const since = Number(tr.dataset.since);
    tr.querySelector('td.time').textContent = since > 0 ? clock(now - since) : '';
  });
}

function render() {
  const keep = new Set(board.queues.map((q) => q.queue));
  document.querySelectorAll('section.queue').forEach((s) => {
    if (!keep.has(s.dataset.queue)) {
      s.remove();
    }
  });
  board.queues.forEach(renderQueue);
  renderAgents(board.agents);
  tick();
  if (board.queues.length === 0) {
    $('problem').textContent = 'No queues to show: this login supervises none.';
    $('problem').hidden = false;
  }
  document.body.dataset.updated = String(Date.now());
}

SPY_MODES.forEach((mode) => {
  $(`spy-${mode}`).addEventListener('click', () => spyCommand('/supervisor/spy/mode', { mode }));
});
$('spy-stop').addEventListener('click', () => spyCommand('/supervisor/spy/stop', {}));

const me = await currentUser();
$('who').textContent = `${me.username} (${me.role})`;
$('logout').addEventListener('click', logout);
const feed = liveFeed('/supervisor/live', {
  onMessage(message) {
    board = message.board;
    render();
    document.body.dataset.messages = String(Number(document.body.dataset.messages ?? 0) + 1);
  },
  onStatus(status) {
    $('connection').textContent = status;
    $('connection').classList.toggle('live', status === 'live');
    document.body.dataset.connection = status;
  },
});
window.acdWallboard = { drop: () => feed.drop() };
setInterval(tick, 1000);
document.body.dataset.ready = 'true';
