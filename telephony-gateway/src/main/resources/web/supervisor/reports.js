// The report page: the chosen day (hourly) or week (daily) of one queue as charts drawn by uPlot, served by this
// server from its webjar: offered, answered and abandoned as bars; service level and ASA as lines against their
// targets; agents staffed beside the agents the staffing advice asks for; and each agent's time split by state.
// Everything comes from GET /reports, the same report the command line prints; the CSV links ask it for CSV.
import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { api, currentUser, logout } from '/assets/session.js';

const $ = (id) => document.getElementById(id);
const STATES = [
  ['readySeconds', 'ready', '#2da44e'], ['talkSeconds', 'talk', '#1f6feb'], ['holdSeconds', 'hold', '#8250df'],
  ['wrapUpSeconds', 'wrap-up', '#bf8700'], ['ringingSeconds', 'ringing', '#57606a'],
  ['notReadySeconds', 'not ready', '#cf222e'], ['unavailableSeconds', 'unavailable', '#8c959f'],
];
const charts = [];
// The report's time zone (kpi.timeZone by default): hours and days on the axes are the report's, not the browser's.
let zone = 'UTC';
const inZone = (seconds) => uPlot.tzDate(new Date(seconds * 1000), zone);

function problem(text) {
  $('problem').textContent = text ?? '';
  $('problem').hidden = !text;
}

function request(format, section) {
  const from = $('from').value;
  const days = $('period').value === 'week' ? 7 : 1;
  const to = new Date(`${from}T00:00:00Z`);
  to.setUTCDate(to.getUTCDate() + days);
  const q = new URLSearchParams({
    from, to: to.toISOString().slice(0, 10), interval: days === 7 ? '1d' : '1h', queue: $('queue').value, format,
  });
  if (section) {
    q.set('section', section);
  }
  return `/reports?${q}`;
}

function chart(id, series, data, options = {}) {
  const box = $(id);
  box.replaceChildren();
  const plot = new uPlot({
    width: Math.max(320, box.clientWidth || 560), height: 240, series: [{}, ...series],
    axes: [{}, { label: options.yLabel ?? '' }], scales: { x: { time: true }, ...(options.scales ?? {}) },
    tzDate: inZone,
    // The labels the time axis drew, for tests: they must read in the report's zone.
    hooks: { draw: [(u) => { box.dataset.axis = (u.axes[0]._values ?? []).join('|'); }] },
  }, data, box);
  charts.push(plot);
  box.dataset.series = String(series.length);
  box.dataset.points = String(data[0].length);
  box.dataset.zone = zone;
}

const bars = uPlot.paths.bars;
const nullable = (v) => (v === null || v === undefined ? null : v);

// Every interval of the period has a point, with or without calls, so that the axis shows the whole day or week.
function draw(report) {
  charts.splice(0).forEach((c) => c.destroy());
  zone = report.timeZone ?? 'UTC';
  const step = { '15m': 900, '1h': 3600, '1d': 86400 }[report.interval] ?? 3600;
  const x = [];
  for (let t = Date.parse(report.from) / 1000; t < Date.parse(report.to) / 1000; t += step) {
    x.push(t);
  }
  const byStart = new Map(report.queues.map((r) => [Date.parse(r.start) / 1000, r]));
  const col = (f, none = null) => x.map((t) => (byStart.has(t) ? nullable(f(byStart.get(t))) : none));
  const first = report.queues[0];
  const target = (key) => x.map(() => (first ? first[key] : null));
  chart('chart-volume', [
    { label: 'offered', stroke: '#57606a', fill: '#57606a55', paths: bars({ size: [0.25, 40], align: -1 }) },
    { label: 'answered', stroke: '#2da44e', fill: '#2da44e88', paths: bars({ size: [0.25, 40], align: 0 }) },
    { label: 'abandoned', stroke: '#cf222e', fill: '#cf222e88', paths: bars({ size: [0.25, 40], align: 1 }) },
  ], [x, col((r) => r.offered, 0), col((r) => r.answered, 0), col((r) => r.abandoned, 0)],
  { yLabel: 'calls', scales: { y: { range: (u, min, max) => [0, Math.max(1, max)] } } });
  chart('chart-sl', [
    { label: 'service level %', stroke: '#1f6feb', width: 2, points: { size: 7 } },
    { label: 'SL incl. abandons %', stroke: '#8250df', width: 1, points: { size: 7 } },
    { label: 'target %', stroke: '#cf222e', dash: [6, 4] },
  ], [x, col((r) => (r.serviceLevel === null ? null : r.serviceLevel * 100)),
    col((r) => (r.serviceLevel2 === null ? null : r.serviceLevel2 * 100)), target('targetPercent')],
  { yLabel: '%', scales: { y: { range: [0, 100] } } });
  chart('chart-asa', [
    { label: 'ASA s', stroke: '#1f6feb', width: 2, points: { size: 7 } },
    { label: 'target s', stroke: '#cf222e', dash: [6, 4] },
  ], [x, col((r) => r.asaSeconds), target('targetSeconds')],
  { yLabel: 'seconds', scales: { y: { range: (u, min, max) => [0, Math.max(1, max)] } } });
  chart('chart-staffing', [
    { label: 'staffed', stroke: '#2da44e', width: 2, points: { size: 7 } },
    { label: 'advised', stroke: '#bf8700', width: 2, dash: [6, 4], points: { size: 7 } },
  ], [x, col((r) => r.staffedAgents), col((r) => r.advisedAgents)],
  { yLabel: 'agents', scales: { y: { range: (u, min, max) => [0, Math.max(1, max)] } } });
}

function totals(report) {
  const sum = (key) => report.queues.reduce((n, r) => n + r[key], 0);
  const answered = sum('answered');
  const inTarget = sum('answeredInTarget');
  const abandoned = sum('abandoned');
  const figures = [
    ['offered', sum('offered')], ['answered', answered], ['abandoned', abandoned],
    ['serviceLevel', answered === 0 ? null : inTarget / answered],
    ['serviceLevel2', answered + abandoned === 0 ? null : inTarget / (answered + abandoned)],
  ];
  $('totals').replaceChildren(...figures.map(([name, value]) => {
    const tr = document.createElement('tr');
    tr.dataset.field = name;
    tr.dataset.value = value === null ? '' : String(value);
    const th = document.createElement('th');
    th.textContent = name;
    const td = document.createElement('td');
    td.textContent = value === null ? '–' : (name.startsWith('service') ? `${(value * 100).toFixed(1)}%` : value);
    tr.append(th, td);
    return tr;
  }));
}

function split(report, agents) {
  const byAgent = new Map();
  report.agents.filter((r) => agents === null || agents.has(r.agent)).forEach((r) => {
    const t = byAgent.get(r.agent) ?? Object.fromEntries(STATES.map(([key]) => [key, 0]));
    STATES.forEach(([key]) => { t[key] += r[key]; });
    byAgent.set(r.agent, t);
  });
  $('legend').replaceChildren(...STATES.map(([, name, colour]) => {
    const span = document.createElement('span');
    const i = document.createElement('i');
    i.style.background = colour;
    span.append(i, name);
    return span;
  }));
  $('split').replaceChildren(...[...byAgent.entries()].sort().map(([agent, t]) => {
    const total = STATES.reduce((n, [key]) => n + t[key], 0);
    const tr = document.createElement('tr');
    tr.dataset.agent = agent;
    tr.dataset.talk = String(t.talkSeconds);
    const name = document.createElement('td');
    name.textContent = agent;
    const barCell = document.createElement('td');
    const bar = document.createElement('div');
    bar.className = 'bars';
    STATES.forEach(([key, label, colour]) => {
      if (t[key] > 0 && total > 0) {
        const part = document.createElement('span');
        part.style.width = `${(100 * t[key]) / total}%`;
        part.style.background = colour;
        part.title = `${label}: ${Math.round(t[key])} s`;
        bar.append(part);
      }
    });
    barCell.append(bar);
    const sum = document.createElement('td');
    sum.textContent = `${(total / 3600).toFixed(2)} h signed in`;
    tr.append(name, barCell, sum);
    return tr;
  }));
}

let visibleAgents = null;

async function show() {
  problem(null);
  $('csv-queues').href = request('csv', 'queues');
  $('csv-agents').href = request('csv', 'agents');
  try {
    const report = await api('GET', request('json'));
    draw(report);
    totals(report);
    split(report, visibleAgents);
    document.body.dataset.shown = `${$('queue').value}/${$('from').value}/${$('period').value}`;
  } catch (e) {
    problem(e.message);
  }
}

const me = await currentUser();
$('who').textContent = `${me.username} (${me.role})`;
$('logout').addEventListener('click', logout);
// The queues and agents this login may see are the wallboard's.
const board = await api('GET', '/supervisor/board');
board.queues.forEach((q) => $('queue').append(new Option(q.queue, q.queue)));
visibleAgents = me.role === 'admin' ? null : new Set(board.agents.map((a) => a.agent));
const params = new URLSearchParams(window.location.search);
$('from').value = params.get('from') ?? new Date().toISOString().slice(0, 10);
if (params.get('queue')) {
  $('queue').value = params.get('queue');
}
if (params.get('period') === 'week') {
  $('period').value = 'week';
}
$('choice').addEventListener('submit', (event) => {
  event.preventDefault();
  show();
});
await show();
document.body.dataset.ready = 'true';
