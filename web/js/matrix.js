// The 2×2 matrix: importance (up) against today's level (right), every competence a
// labelled point. Shared by the board (a 1640 × 820 projector view) and the printed report.
// In a re-run a point may carry where it stood in the earlier run: a dashed trail with an
// arrow leads from there to where it is now. Overlays (overlays.js) add a marker per
// competence and layer: the role profile's expected level at the team's importance, a
// group's own point; each joined to the team's point by a line in the layer's look.

import { s } from './dom.js';
import { pick, t } from './i18n.js';
import { wrap } from './wheel.js';
import { lineLook, markerLook, markerPath } from './wheel/marks.js';

let instances = 0;

/**
 * Draws into `svg` (emptied first). points: [{c (indexed competence), imp, lev, from?: {imp, lev}}]
 * with means 1-5; points without both means are left out by the caller. `layers`: the
 * overlays to draw, each point's `layers[key]` {imp, lev} (null parts: not drawn; the role
 * profile has only `lev` and sits at the point's importance); `earlier` in layers draws the trails.
 * Label metrics (LINE, CHAR) assume the stylesheet's 21px `.point-label` in SVG units.
 */
export function drawMatrix(svg, points, { width: W = 1640, height: H = 820, layers = null } = {}) {
  const uid = `mx${++instances}`;
  const pad = { l: 96, r: 24, t: 16, b: 78 };
  const x = (v) => pad.l + ((v - 1) / 4) * (W - pad.l - pad.r);
  const y = (v) => H - pad.b - ((v - 1) / 4) * (H - pad.t - pad.b);
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.replaceChildren();
  // Obstacles for the point labels: the quadrant captions (26px bold: about 15 units a
  // character), and below the trails of a re-run.
  const captions = [];
  const q = (x0, y0, x1, y1, cls, label, lx, ly, anchor) => {
    const w = label.length * 15 + 8;
    captions.push({ x0: anchor === 'start' ? lx - 4 : lx - w, x1: anchor === 'start' ? lx + w : lx + 4, y0: ly - 26, y1: ly + 8 });
    return [
      s('rect', { x: x(x0), y: y(y1), width: x(x1) - x(x0), height: y(y0) - y(y1), class: cls }),
      s('text', { x: lx, y: ly, class: 'quadrant-label', 'text-anchor': anchor, text: label })];
  };
  svg.append(
    ...q(1, 3, 3, 5, 'quad quad-focus', t('matrix.focus'), x(1) + 18, y(5) + 36, 'start'),
    ...q(3, 3, 5, 5, 'quad', t('matrix.strength'), x(5) - 18, y(5) + 36, 'end'),
    ...q(1, 1, 3, 3, 'quad', t('matrix.later'), x(1) + 18, y(1) - 18, 'start'),
    ...q(3, 1, 5, 3, 'quad', t('matrix.surplus'), x(5) - 18, y(1) - 18, 'end'));
  for (let v = 1; v <= 5; v++) {
    svg.append(s('line', { x1: x(v), x2: x(v), y1: y(1), y2: y(5), class: v === 3 ? 'axis-mid' : 'axis-grid' }),
      s('line', { y1: y(v), y2: y(v), x1: x(1), x2: x(5), class: v === 3 ? 'axis-mid' : 'axis-grid' }),
      s('text', { x: x(v), y: y(1) + 34, 'text-anchor': 'middle', class: 'axis-num', text: String(v) }),
      s('text', { x: x(1) - 18, y: y(v) + 8, 'text-anchor': 'end', class: 'axis-num', text: String(v) }));
  }
  svg.append(
    s('text', { x: (x(1) + x(5)) / 2, y: H - 10, 'text-anchor': 'middle', class: 'axis-title', text: t('matrix.x') }),
    s('text', { x: 0, y: 0, transform: `translate(30 ${(y(1) + y(5)) / 2}) rotate(-90)`, 'text-anchor': 'middle', class: 'axis-title', text: t('matrix.y') }));

  const R = 12;
  // Where a competence stood in the earlier run: drawn first, under the points. Labels
  // keep off the trails: small boxes along each one are obstacles too.
  const trails = points.filter((p) => p.from && p.from.imp !== null && p.from.lev !== null
    && Math.hypot(x(p.from.lev) - x(p.lev), y(p.from.imp) - y(p.imp)) > R + 6);
  for (const p of trails) {
    const x0 = x(p.from.lev); const y0 = y(p.from.imp); const x1 = x(p.lev); const y1 = y(p.imp);
    const steps = Math.ceil(Math.hypot(x1 - x0, y1 - y0) / 10);
    for (let i = 0; i <= steps; i++) {
      const px = x0 + ((x1 - x0) * i) / steps; const py = y0 + ((y1 - y0) * i) / steps;
      captions.push({ x0: px - 6, x1: px + 6, y0: py - 6, y1: py + 6 });
    }
  }
  if (trails.length) {
    svg.append(s('defs', {}, s('marker', { id: `${uid}-arrow`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
      s('path', { d: 'M0 0L10 5L0 10z', class: 'trail-head' }))));
    for (const p of trails) {
      const x0 = x(p.from.lev); const y0 = y(p.from.imp); const x1 = x(p.lev); const y1 = y(p.imp);
      const length = Math.hypot(x1 - x0, y1 - y0);
      const end = (length - R - 4) / length;
      // As an overlay the trail takes the layer's look (dotted, a hollow circle where it started).
      const look = layers?.find((l) => l.kind === 'earlier')?.look;
      const style = look ? { 'stroke-dasharray': look.dash, 'stroke-linecap': 'round', stroke: look.stroke } : null;
      svg.append(s('g', { class: 'matrix-trail', data: { trail: p.c.id, layer: look ? 'earlier' : null, competence: p.c.id,
        importance: p.from.imp.toFixed(2), level: p.from.lev.toFixed(2) } },
        s('circle', { cx: x0.toFixed(1), cy: y0.toFixed(1), r: 6, class: 'trail-start', style: look ? { stroke: look.stroke } : null }),
        s('line', { x1: x0.toFixed(1), y1: y0.toFixed(1), x2: (x0 + (x1 - x0) * end).toFixed(1), y2: (y0 + (y1 - y0) * end).toFixed(1),
          class: 'trail', 'marker-end': `url(#${uid}-arrow)`, style })));
    }
  }

  // Overlay markers (not the earlier run: its trails are above), under the points.
  for (const layer of (layers || []).filter((l) => l.kind !== 'earlier')) {
    for (const p of points) {
      const v = p.layers?.[layer.key];
      const imp = layer.kind === 'roleProfile' ? p.imp : v?.imp;
      if (!v || typeof v.lev !== 'number' || typeof imp !== 'number') continue;
      const mx = x(v.lev); const my = y(imp);
      const px = x(p.lev); const py = y(p.imp);
      const r = 9;
      captions.push({ x0: mx - r - 2, x1: mx + r + 2, y0: my - r - 2, y1: my + r + 2 });
      svg.append(s('g', { class: 'matrix-layer', data: { layer: layer.key, competence: p.c.id, importance: imp.toFixed(2), level: v.lev.toFixed(2) } },
        s('title', { text: `${layer.label}: ${pick(p.c.title)}` }),
        Math.hypot(mx - px, my - py) > R ? s('path', { d: `M${px.toFixed(1)} ${py.toFixed(1)}L${mx.toFixed(1)} ${my.toFixed(1)}`, ...lineLook(layer.look, 2.5) }) : null,
        s('path', { d: markerPath(layer.look.marker, mx, my, r), ...markerLook(layer.look, 2) })));
    }
  }

  // Competences with (nearly) the same means share a cluster: their dots sit in a small
  // ring and their names in one list beside it, placed where it hides nothing.
  const clusters = [];
  for (const p of points) {
    const px = x(p.lev); const py = y(p.imp);
    const near = clusters.find((k) => Math.hypot(k.x - px, k.y - py) < 24);
    if (near) near.members.push(p); else clusters.push({ x: px, y: py, members: [p] });
  }
  const LINE = 27; const CHAR = 11.6;
  const boxes = [...captions, ...clusters.map((k) => {
    const ring = k.members.length > 1 ? Math.max(18, k.members.length * 6) : 0;
    k.ring = ring;
    return { x0: k.x - ring - R - 4, x1: k.x + ring + R + 4, y0: k.y - ring - R - 4, y1: k.y + ring + R + 4 };
  })];
  const hits = (b) => boxes.some((o) => b.x0 < o.x1 && b.x1 > o.x0 && b.y0 < o.y1 && b.y1 > o.y0);
  for (const k of clusters) {
    k.members.forEach((m, i) => {
      const angle = (2 * Math.PI * i) / k.members.length - Math.PI / 2;
      const cx = k.x + k.ring * Math.cos(angle); const cy = k.y + k.ring * Math.sin(angle);
      svg.append(s('g', { class: 'matrix-point', data: { matrixPoint: '', competence: m.c.id, importance: m.imp.toFixed(2), level: m.lev.toFixed(2) } },
        s('circle', { cx: cx.toFixed(1), cy: cy.toFixed(1), r: R, fill: m.c.dim.colour }, s('title', { text: pick(m.c.title) }))));
    });
    const lines = k.members.map((m) => wrap(pick(m.c.title), 36, 1)[0]);
    const width = Math.max(...lines.map((l) => l.length)) * CHAR + 22;
    const height = lines.length * LINE;
    const gap = k.ring + R + 14;
    const candidates = [];
    for (let shift = 0; shift <= 8; shift++) {
      for (const dy of shift ? [shift * LINE, -shift * LINE] : [0]) {
        const top = k.y - height / 2 + dy;
        candidates.push({ side: 'right', x0: k.x + gap, y0: top }, { side: 'left', x0: k.x - gap - width, y0: top });
      }
    }
    const fits = (b) => b.x0 >= pad.l + 4 && b.x0 + width <= W - 4 && b.y0 >= pad.t && b.y0 + height <= H - pad.b;
    const spot = candidates.find((b) => fits(b) && !hits({ x0: b.x0, x1: b.x0 + width, y0: b.y0, y1: b.y0 + height }))
      || candidates.find(fits) || candidates[0];
    boxes.push({ x0: spot.x0, x1: spot.x0 + width, y0: spot.y0, y1: spot.y0 + height });
    const anchorX = spot.side === 'right' ? spot.x0 : spot.x0 + width;
    const text = s('text', { class: 'point-label', 'text-anchor': spot.side === 'right' ? 'start' : 'end' });
    lines.forEach((line, i) => {
      const member = k.members[i];
      const yLine = (spot.y0 + LINE * i + LINE * 0.72).toFixed(1);
      if (spot.side === 'right') {
        text.append(s('tspan', { x: anchorX.toFixed(1), y: yLine, fill: member.c.dim.colour, text: '● ' }), s('tspan', { text: line }));
      } else {
        text.append(s('tspan', { x: anchorX.toFixed(1), y: yLine, text: line }), s('tspan', { fill: member.c.dim.colour, text: ' ●' }));
      }
    });
    const labelMid = spot.y0 + height / 2;
    if (Math.abs(labelMid - k.y) > LINE) {
      svg.append(s('line', { class: 'leader', x1: k.x, y1: k.y, x2: spot.side === 'right' ? spot.x0 - 4 : spot.x0 + width + 4, y2: labelMid }));
    }
    svg.append(text);
  }
  if (!clusters.length) svg.append(s('text', { x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'axis-title', text: t('board.noResults') }));
}
