// The agent desktop: the agent's state with the time in it, state controls, the screen pop of the call offered or in
// progress (number, queue, wait, the caller's way through the IVR, the caller's earlier contacts), and the wrap-up of
// the last call, and control of the call in progress (hold, resume, hang up, blind transfer to a queue, consult then
// complete or cancel). Everything
// shown comes from the server's live feed (/agent/live): a snapshot on every (re)connection, then each change. The server decides whose desk this is from the login.
import { api, currentUser, logout } from '/assets/session.js';
import { liveFeed } from '/assets/live.js';
import { showQueues } from '/agent/files/queues.js';

const $ = (id) => document.getElementById(id);
const STATE_NAMES = {
  logged_out: 'Signed out', ready: 'Ready', reserved: 'Ringing', on_call: 'On a call', wrap_up: 'Wrap-up',
  not_ready: 'Not ready', unknown: '…',
};

let view = null;
// The call whose timeline is shown, and where its next (older) page starts.
let timelineCall = null;
let timelineBefore = null;
// The call this page put on hold, if any: the server refuses a hold or resume that does not apply (409).
let heldCall = null;
// The call the transfer targets were last loaded for: other agents' states are loaded again for each new call.
let targetsCall = null;
// Whether the feed last said the call is on hold: only its changes move the hold controls.
let feedHeld = false;
// The targets the list shows, as the server sent them: an unchanged list is left alone (an open menu stays open).
let targetsShown = null;
// The consult (attended transfer) this page started, if any: { callId, number }.
let consulting = null;

function problem(text) {
  $('problem').textContent = text ?? '';
  $('problem').hidden = !text;
}

function clock(millis) {
  const seconds = Math.max(0, Math.floor(millis / 1000));
  const m = Math.floor(seconds / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return m >= 60 ? `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

function tick() {
  if (!view) {
    return;
  }
  $('time-in-state').textContent = clock(Date.now() - view.since);
  $('wrap-up-left').textContent = view.wrapUpUntil > 0
    ? `· wrap-up ends in ${clock(view.wrapUpUntil - Date.now())}` : '';
}

function fillSelect(select, values, blank) {
  const chosen = select.value;
  select.replaceChildren();
  if (blank !== undefined) {
    select.append(new Option(blank, ''));
  }
  values.forEach((v) => select.append(new Option(v, v)));
  if (values.includes(chosen)) {
    select.value = chosen;
  }
}

function timelineItem(entry) {
  const li = document.createElement('li');
  li.dataset.callId = entry.callId;
  const when = document.createElement('span');
  when.className = 'when';
  when.textContent = new Date(entry.startedAt).toLocaleString();
  const facts = [entry.queue ?? '—', entry.agent ?? 'no agent', entry.outcome.replaceAll('_', ' ')];
  if (entry.transferredTo) {
    facts.push(`to ${entry.transferredTo}`);
  }
  if (entry.wrapUpCode) {
    facts.push(`code ${entry.wrapUpCode}`);
  }
  const scores = [['CSAT', entry.csat], ['NPS', entry.nps], ['CES', entry.ces]].filter(([, v]) => v !== null);
  scores.forEach(([name, v]) => facts.push(`${name} ${v}`));
  if (entry.callback) {
    const cb = entry.callback;
    facts.push(`callback to ${cb.number} asked ${new Date(cb.requestedAt).toLocaleTimeString()}: ${cb.state}`
      + (cb.result ? ` (${cb.result.replaceAll('_', ' ')})` : ''));
  }
  li.append(when, document.createTextNode(facts.join(' · ')));
  if (entry.note) {
    const note = document.createElement('span');
    note.className = 'note';
    note.textContent = entry.note;
    li.append(note);
  }
  return li;
}

// Reads a page of the current caller's earlier contacts; the server picks the number from the agent's own call.
async function loadTimeline(callId, before) {
  try {
    const page = await api('GET', `/agent/timeline${before === null ? '' : `?before=${before}`}`);
    if (timelineCall !== callId) {
      return;
    }
    $('timeline').append(...page.entries.map(timelineItem));
    timelineBefore = page.nextBefore;
    $('timeline-older').hidden = timelineBefore === null;
    $('timeline-empty').hidden = $('timeline').children.length > 0;
    document.body.dataset.timeline = callId;
  } catch (e) {
    problem(`earlier contacts not read: ${e.message}`);
  }
}

function render() {
  document.body.dataset.state = view.state;
  // A hold from any desktop of the agent (another tab too) comes with the feed.
  const onHold = view.state === 'on_call' && view.held === true;
  $('state').textContent = onHold ? 'On hold' : (STATE_NAMES[view.state] ?? view.state);
  $('state-reason').textContent = view.reason ? `(${view.reason})` : '';
  const busy = view.state === 'reserved' || view.state === 'on_call';
  $('ready').disabled = busy || view.state === 'ready';
  $('not-ready').disabled = busy;
  $('sign-out').disabled = busy || view.state === 'logged_out';

  const call = view.call;
  $('pop').hidden = !call;
  document.body.dataset.call = call ? call.callId : '';
  if (call) {
    $('pop-number').textContent = call.callerNumber || 'withheld';
    $('pop-queue').textContent = call.queue ?? '—';
    $('pop-waited').textContent = clock(call.waitedSeconds * 1000);
    $('pop-path').textContent = call.ivrPath.length > 0 ? call.ivrPath.join(' → ') : '—';
    // A callback: when the customer asked for it and the number they confirmed (the one dialed).
    $('pop-callback-label').hidden = !call.callback;
    $('pop-callback').hidden = !call.callback;
    $('pop-callback').textContent = call.callback
      ? `asked ${new Date(call.callback.requestedAt).toLocaleString()}, number confirmed ${call.callback.number}` : '';
    // What the flow marked for display (the queue step's display list), in the flow's order.
    $('pop-display').replaceChildren(...Object.entries(call.display ?? {}).flatMap(([name, value]) => {
      const dt = document.createElement('dt');
      dt.textContent = name;
      const dd = document.createElement('dd');
      dd.textContent = value;
      dd.dataset.variable = name;
      return [dt, dd];
    }));
  }
  const callId = call ? call.callId : null;
  // Hold, resume and hang-up apply only while the agent talks on the call.
  const talking = Boolean(call) && view.state === 'on_call';
  // The feed's hold follows changes made elsewhere; this page's own clicks show at once, before the feed confirms.
  if (onHold !== feedHeld) {
    feedHeld = onHold;
    heldCall = onHold ? callId : null;
  }
  if (!talking || heldCall !== callId) {
    heldCall = null;
  }
  $('call-controls').hidden = !talking;
  if (talking && view.call.callId !== targetsCall) {
    targetsCall = view.call.callId;
    loadTransferTargets();
  }
  if (!talking || (consulting && consulting.callId !== callId)) {
    consulting = null;
  }
  // While consulting, Complete and Cancel stand for Resume; Consult applies to a call not yet consulting.
  $('hold').hidden = heldCall !== null;
  $('resume').hidden = heldCall === null || consulting !== null;
  $('held').hidden = heldCall === null || consulting !== null;
  $('consult').hidden = consulting !== null;
  $('consult-number').hidden = consulting !== null;
  $('consult-complete').hidden = consulting === null;
  $('consult-cancel').hidden = consulting === null;
  $('consulting').hidden = consulting === null;
  $('consulting').textContent = consulting ? `Consulting ${consulting.number}; caller on hold (music)` : '';
  document.body.dataset.held = heldCall !== null ? 'true' : 'false';
  document.body.dataset.consulting = consulting ? consulting.number : '';
  if (callId !== timelineCall) {
    timelineCall = callId;
    timelineBefore = null;
    $('timeline').replaceChildren();
    $('timeline-empty').hidden = true;
    $('timeline-older').hidden = true;
    delete document.body.dataset.timeline;
    if (callId) {
      loadTimeline(callId, null);
    }
  }

  const wrap = view.wrapUp;
  $('wrap-up').hidden = !wrap;
  if (wrap && $('wrap-up-form').dataset.callId !== wrap.callId) {
    $('wrap-up-form').dataset.callId = wrap.callId;
    $('wrap-up-number').textContent = wrap.callerNumber || 'withheld';
    $('wrap-up-queue').textContent = wrap.queue ?? '—';
    fillSelect($('wrap-up-code'), wrap.codes, wrap.required ? 'Pick a code' : 'No code');
    $('wrap-up-code').required = wrap.required;
    $('wrap-up-note').value = '';
    $('wrap-up-message').hidden = true;
  }
  tick();
}

async function changeState(state) {
  problem(null);
  try {
    await api('POST', '/agent/state', state === 'not_ready'
      ? { state, reason: $('reason').value } : { state });
  } catch (e) {
    problem(e.message);
  }
}

// Hold, resume or hang up the agent's own call; the server takes no call id and acts on the agent's current call.
async function control(action) {
  problem(null);
  const callId = view && view.call ? view.call.callId : null;
  try {
    await api('POST', `/agent/call/${action}`);
    if (action === 'hold') {
      heldCall = callId;
    } else if (action === 'resume') {
      heldCall = null;
    }
    render();
  } catch (e) {
    problem(e.message);
  }
}

// A blind transfer of the agent's own call to the queue chosen; the agent's leg ends and the call joins that queue.
async function transfer() {
  problem(null);
  const target = $('transfer-target').value;
  try {
    let body = { queue: target };
    if (target === 'number') {
      body = { number: $('transfer-number').value.trim() };
    } else if (target.startsWith('agent:')) {
      body = { agent: target.slice('agent:'.length) };
    }
    await api('POST', '/agent/call/transfer', body);
    heldCall = null;
    consulting = null;
    render();
  } catch (e) {
    problem(e.message);
  }
}

// An attended transfer: consult a number (the caller holds), then complete (the caller is put through to it and
// the agent's leg ends) or cancel (back to the caller). The server refuses what does not apply (409).
async function consult(action) {
  problem(null);
  const callId = view && view.call ? view.call.callId : null;
  try {
    if (action === 'start') {
      const number = $('consult-number').value.trim();
      await api('POST', '/agent/call/consult', { number });
      consulting = { callId, number };
      heldCall = callId;
    } else {
      await api('POST', `/agent/call/consult/${action}`);
      consulting = null;
      heldCall = null;
    }
    render();
  } catch (e) {
    problem(e.message);
  }
}

// The queues a call can be transferred to, the other agents with their state (only ready ones can be chosen), and
// "a number" (typed in); loaded with the page and again for each call, keeping the choice made.
async function loadTransferTargets() {
  try {
    const targets = await api('GET', '/agent/call/targets');
    if (JSON.stringify(targets) === targetsShown) {
      return;
    }
    targetsShown = JSON.stringify(targets);
    const option = (value, text, disabled = false) => {
      const o = document.createElement('option');
      o.value = value;
      o.textContent = text;
      o.disabled = disabled;
      return o;
    };
    const chosen = $('transfer-target').value;
    const agents = (targets.agents || []).map((a) => option(`agent:${a.id}`,
      `agent ${a.id} (${STATE_NAMES[a.state] || a.state.replace('_', ' ')})`, !a.ready));
    $('transfer-target').replaceChildren(...targets.queues.map((q) => option(q, `queue ${q}`)), ...agents,
      option('number', 'a number…'));
    const again = [...$('transfer-target').options].find((o) => o.value === chosen && !o.disabled);
    if (again) {
      $('transfer-target').value = chosen;
    }
  } catch (e) {
    problem(e.message);
  }
}

// Who is logged in, asked until the server answers: a failed first request (the server busy, its database slow to
// check the session, the network gone a moment) says so on the page and is tried again, never leaves it blank.
async function whoAmI() {
  for (let pause = 500; ; pause = Math.min(pause * 2, 5000)) {
    try {
      const me = await currentUser();
      problem(null);
      return me;
    } catch (e) {
      console.warn(`who am I (GET /me) failed: ${e.message}; again in ${pause} ms`);
      problem(`The server cannot tell who you are yet (${e.message}); trying again.`);
      await new Promise((resolve) => { setTimeout(resolve, pause); });
    }
  }
}

const me = await whoAmI();
$('who').textContent = `${me.username}${me.agentId ? ` (agent ${me.agentId})` : ''}`;
$('logout').addEventListener('click', logout);
$('ready').addEventListener('click', () => changeState('ready'));
$('not-ready').addEventListener('click', () => changeState('not_ready'));
$('sign-out').addEventListener('click', () => changeState('logged_out'));
$('hold').addEventListener('click', () => control('hold'));
$('resume').addEventListener('click', () => control('resume'));
$('hang-up').addEventListener('click', () => control('hangup'));
$('transfer').addEventListener('click', transfer);
$('consult').addEventListener('click', () => consult('start'));
$('consult-complete').addEventListener('click', () => consult('complete'));
$('consult-cancel').addEventListener('click', () => consult('cancel'));
$('transfer-target').addEventListener('change', () => {
  $('transfer-number').hidden = $('transfer-target').value !== 'number';
});
loadTransferTargets();
// Other agents' states change while the agent talks: the list follows them while the call controls are shown.
setInterval(() => {
  if (!$('call-controls').hidden) {
    loadTransferTargets();
  }
}, 2000);
$('timeline-older').addEventListener('click', () => loadTimeline(timelineCall, timelineBefore));
$('wrap-up-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('wrap-up-save').disabled = true;
  $('wrap-up-message').hidden = true;
  try {
    await api('POST', '/agent/wrap-up', {
      callId: $('wrap-up-form').dataset.callId, code: $('wrap-up-code').value, note: $('wrap-up-note').value,
    });
  } catch (e) {
    $('wrap-up-message').textContent = e.message;
    $('wrap-up-message').hidden = false;
  } finally {
    $('wrap-up-save').disabled = false;
  }
});

if (!me.agentId) {
  problem(`${me.username} is linked to no agent: the desktop is for agents.`);
} else {
  const feed = liveFeed('/agent/live', {
    onMessage(message) {
      if (message.type === 'queues') {
        showQueues(message);
        return;
      }
      if (message.type === 'snapshot') {
        console.info(`desk snapshot: ${message.view.state}`);
        fillSelect($('reason'), message.reasons);
      }
      view = message.view;
      render();
    },
    onStatus(status) {
      $('connection').textContent = status;
      $('connection').classList.toggle('live', status === 'live');
      document.body.dataset.connection = status;
    },
  });
  window.acdDesk = { drop: () => feed.drop() };
  setInterval(tick, 1000);
}
document.body.dataset.ready = 'true';
