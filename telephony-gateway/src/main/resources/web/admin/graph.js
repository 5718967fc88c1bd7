// Draws a flow's steps as an SVG: steps as boxes in layers by their distance from the start (breadth first), exits
// as arrows labelled with the exit's name or menu key. An exit back to an earlier or the same layer (a loop) bends
// round the side, so it does not cross the boxes between.
const SVG = 'http://www.w3.org/2000/svg';
const LAYER_GAP = 90;
const NODE_GAP = 30;
const NODE_HEIGHT = 40;
const MARGIN = 20;

function el(name, attributes, text) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attributes)) {
    e.setAttribute(k, String(v));
  }
  if (text !== undefined) {
    e.textContent = text;
  }
  return e;
}

/** Layer of each step: its breadth-first distance from the start; steps not reached go below the rest. */
function layers(diagram) {
  const out = new Map();
  const next = new Map(diagram.nodes.map((n) => [n.id, []]));
  for (const e of diagram.edges) {
    next.get(e.from)?.push(e.to);
  }
  const queue = [diagram.start];
  out.set(diagram.start, 0);
  while (queue.length) {
    const id = queue.shift();
    for (const to of next.get(id) ?? []) {
      if (!out.has(to)) {
        out.set(to, out.get(id) + 1);
        queue.push(to);
      }
    }
  }
  const deepest = Math.max(0, ...out.values());
  for (const n of diagram.nodes) {
    if (!out.has(n.id)) {
      out.set(n.id, deepest + 1);
    }
  }
  return out;
}

/** Replaces the container's content with the diagram ({start, nodes: [{id, type}], edges: [{from, to, label}]}). */
export function drawGraph(container, diagram) {
  const layer = layers(diagram);
  const rows = [];
  for (const n of diagram.nodes) {
    (rows[layer.get(n.id)] ??= []).push(n);
  }
  const box = new Map();
  let width = 0;
  rows.forEach((row, i) => {
    let x = MARGIN;
    for (const n of row ?? []) {
      const w = Math.max(90, Math.max(n.id.length, n.type.length) * 8 + 20);
      box.set(n.id, { x, y: MARGIN + i * (NODE_HEIGHT + LAYER_GAP), w, h: NODE_HEIGHT });
      x += w + NODE_GAP;
    }
    width = Math.max(width, x);
  });
  const height = MARGIN * 2 + rows.length * (NODE_HEIGHT + LAYER_GAP);
  const svg = el('svg', { viewBox: `0 0 ${width + 60} ${height}`, role: 'img',
    'aria-label': `steps of the flow, starting at ${diagram.start}` });
  const defs = el('defs', {});
  const marker = el('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7,
    markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#5b6b7c' }));
  defs.append(marker);
  svg.append(defs);
  for (const e of diagram.edges) {
    const a = box.get(e.from);
    const b = box.get(e.to);
    if (!a || !b) {
      continue;
    }
    const g = el('g', { class: 'edge', 'data-from': e.from, 'data-to': e.to, 'data-label': e.label });
    let d;
    let lx;
    let ly;
    if (layer.get(e.to) > layer.get(e.from)) {
      const x1 = a.x + a.w / 2;
      const y1 = a.y + a.h;
      const x2 = b.x + b.w / 2;
      const y2 = b.y;
      d = `M ${x1} ${y1} C ${x1} ${y1 + 40}, ${x2} ${y2 - 40}, ${x2} ${y2}`;
      lx = (x1 + x2) / 2;
      ly = (y1 + y2) / 2;
    } else {
      // A loop: out of the right side, round, and into the target's right side.
      const x1 = a.x + a.w;
      const y1 = a.y + a.h / 2;
      const x2 = b.x + b.w;
      const y2 = b.y + b.h / 2;
      const out = Math.max(x1, x2) + 40;
      d = `M ${x1} ${y1} C ${out} ${y1}, ${out} ${y2}, ${x2} ${y2}`;
      lx = out - 10;
      ly = (y1 + y2) / 2;
    }
    g.append(el('path', { d, 'marker-end': 'url(#arrow)' }));
    g.append(el('text', { x: lx, y: ly }, e.label));
    svg.append(g);
  }
  for (const n of diagram.nodes) {
    const b = box.get(n.id);
    const g = el('g', { class: 'node' + (n.id === diagram.start ? ' start' : ''), 'data-step': n.id });
    g.append(el('rect', { x: b.x, y: b.y, width: b.w, height: b.h, rx: 6 }));
    g.append(el('text', { x: b.x + b.w / 2, y: b.y + 17 }, n.id));
    g.append(el('text', { x: b.x + b.w / 2, y: b.y + 32, class: 'type' }, n.type));
    svg.append(g);
  }
  container.replaceChildren(svg);
}
