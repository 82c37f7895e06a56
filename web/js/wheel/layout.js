// Where everything on the wheel goes, computed from measured text before anything is drawn.
//
// The competence labels sit in two columns, left and right of the wheel, each next to its
// segment when there is room and pushed up or down (with a leader line to its segment)
// when labels would collide. A label is a block: the value (and the change under it) in a
// column next to the wheel, the name, wrapped to the room left, beyond it. The wheel's
// radius is the largest one for which every block fits inside the box; if none does at the
// given type sizes, the sizes shrink a little, and as a last resort the box (the viewBox)
// grows, which shrinks everything on screen but never lets two texts overlap.

import { START } from './geometry.js';
import { ringLabels } from './ring.js';

const WEIGHT = { name: 600, value: 800, sub: 700, dim: 700, centre: 800 };
const SHRINK = [1, 0.96, 0.92, 0.88, 0.84, 0.8, 0.76, 0.72];
// Room between a value and the change under it (the arrows may come from a taller fallback font).
const SUB_GAP = 0.25;

/** Wraps words greedily into lines no wider than `budget`; returns [{text, width}]. */
function wrapWords(words, widths, space, budget) {
  const lines = [];
  let line = null;
  words.forEach((word, i) => {
    if (line && line.width + space + widths[i] <= budget) {
      line.text += ` ${word}`;
      line.width += space + widths[i];
    } else {
      line = { text: word, width: widths[i] };
      lines.push(line);
    }
  });
  return lines;
}

/** How far right of the centre a block spanning y0..y1 must start to stay outside radius r. */
function clearance(y0, y1, r) {
  if (y0 > r || y1 < -r) return 0;
  const m = y0 <= 0 && y1 >= 0 ? 0 : Math.min(Math.abs(y0), Math.abs(y1));
  return Math.sqrt(Math.max(0, r * r - m * m));
}

/** Moves blocks (sorted by wanted top) apart, keeping each group centred on where its members want to be. */
function spread(blocks, gap, top, bottom) {
  const groups = [];
  for (const block of blocks) {
    groups.push({ members: [block], height: block.h, want: block.want });
    for (;;) {
      const last = groups[groups.length - 1];
      const prev = groups[groups.length - 2];
      const lastTop = Math.min(Math.max(place(last), top), bottom - last.height);
      if (!prev || Math.min(Math.max(place(prev), top), bottom - prev.height) + prev.height + gap <= lastTop) break;
      groups.splice(-2, 2, { members: [...prev.members, ...last.members], height: prev.height + gap + last.height });
    }
  }
  for (const group of groups) {
    let y = Math.min(Math.max(place(group), top), bottom - group.height);
    for (const member of group.members) { member.top = y; y += member.h + gap; }
  }
  return groups.reduce((sum, g) => sum + g.height, 0) + gap * (groups.length - 1) <= bottom - top + 0.01;

  // The group's best top: the mean of its members' wanted tops, each less its offset in the group.
  function place(group) {
    let offset = 0;
    let sum = 0;
    for (const member of group.members) { sum += member.want - offset; offset += member.h + gap; }
    return sum / group.members.length;
  }
}

function placeSide(side, blocks, geo) {
  const { halfW, halfH, rl, f, valueW, vGap } = geo;
  const sign = side === 'right' ? 1 : -1;
  let xs = blocks.map((b) => Math.max(geo.axisGap, Math.abs(b.nx)));
  for (let pass = 0; pass < 4; pass++) {
    for (const [k, b] of blocks.entries()) {
      b.lines = wrapWords(b.words, b.widths, geo.space, Math.max(f * 3, halfW - xs[k] - valueW - vGap));
      b.h = Math.max((b.lines.length - 1) * geo.pitch + geo.nameLine, geo.valueBlock);
      b.want = b.ny - Math.min(b.h, geo.nameLine * 1.5) / 2;
    }
    if (!spread(blocks, geo.gap, -halfH, halfH)) return false;
    const next = blocks.map((b) => Math.max(geo.axisGap, clearance(b.top, b.top + b.h, rl)));
    const same = next.every((x, k) => Math.abs(x - xs[k]) < 0.5);
    xs = next;
    if (same && pass > 0) break;
  }
  for (const [k, b] of blocks.entries()) {
    const wide = Math.max(...b.lines.map((l) => l.width));
    if (xs[k] + valueW + vGap + wide > halfW + 0.01 || b.lines.length > geo.maxLines) return false;
    if (xs[k] < clearance(b.top, b.top + b.h, rl) - 0.5) return false;
    b.side = side;
    b.x = sign * xs[k];
    b.nameX = sign * (xs[k] + valueW + vGap);
    b.box = side === 'right' ? [b.x, b.top, b.nameX + wide, b.top + b.h] : [b.nameX - wide, b.top, b.x, b.top + b.h];
  }
  return true;
}

/** Tries the labels around a wheel of outer radius r3; returns the label blocks or null. */
function placeLabels(items, r3, geo) {
  const rl = r3 + geo.f * 0.9;
  const sides = { right: [], left: [] };
  const step = (2 * Math.PI) / items.length;
  items.forEach((item, i) => {
    const mid = START + (i + 0.5) * step;
    const cos = Math.cos(mid);
    const side = cos > 1e-9 ? 'right' : cos < -1e-9 ? 'left' : (sides.right.length <= sides.left.length ? 'right' : 'left');
    sides[side].push({ ...item, mid, nx: rl * cos, ny: rl * Math.sin(mid) });
  });
  for (const [side, blocks] of Object.entries(sides)) {
    blocks.sort((a, b) => a.ny - b.ny);
    if (!placeSide(side, blocks, { ...geo, rl })) return null;
  }
  return [...sides.right, ...sides.left];
}

function sizes(base, k) {
  return Object.fromEntries(Object.entries(base).map(([key, v]) => [key, v * k]));
}

/** The radii of a wheel whose ring ends at r3. */
function radii(r3, fonts, centreWidth) {
  const ringInner = r3 - fonts.dim * 2.7;
  const r2 = ringInner - Math.max(3, fonts.dim * 0.25);
  const rc = Math.max(r2 * 0.2, centreWidth / 2 + fonts.centre * 0.35);
  return { r3, ringInner, r2, rc };
}

/**
 * spec: {box: {w, h}, fonts: {name, value, sub, dim, centre}, floors: {name, value} (sizes
 * to keep while anything else can still give), competences: [{id, title}],
 * dims: [{id, title, count}], valueTemplate, subTemplate (or null), centreText, labels, measure}.
 * Returns {box, fonts, r3, ringInner, r2, rc, labels: [block], ring: [dimension label]}.
 */
export function layoutWheel(spec) {
  const result = search(spec);
  if (spec.fit) return result;
  // A drawing that scales with its width loses the empty bands above and below.
  const margin = result.fonts.name * 0.3;
  const tops = [-result.r3, ...result.labels.map((b) => b.top)];
  const bottoms = [result.r3, ...result.labels.map((b) => b.top + b.h)];
  const y0 = Math.max(-result.box.h / 2, Math.min(...tops) - margin);
  const y1 = Math.min(result.box.h / 2, Math.max(...bottoms) + margin);
  return { ...result, box: { ...result.box, y0, h: y1 - y0 } };
}

function search(spec) {
  const { measure } = spec;
  const floors = spec.floors || {};
  // Smaller type first (names and values no smaller than `floors`), then without the floors,
  // then a bigger box.
  const tries = [...SHRINK.map((k) => [k, floors]), ...SHRINK.map((k) => [k, {}])];
  // A wheel whose box may get taller (`tall`, the report's page) grows downwards first.
  const boxes = [1, 1.15, 1.3, 1.45, 1.6].map((k) => ({ w: spec.box.w, h: spec.box.h * k }));
  for (const box of spec.tall ? boxes : boxes.slice(0, 1)) {
    const result = attempt(spec, box, sizes(spec.fonts, 1), measure);
    if (result) return result;
  }
  for (let grow = 1; ; grow *= 1.15) {
    for (const [k, floor] of grow === 1 ? tries : [[SHRINK[SHRINK.length - 1], {}]]) {
      const box = { w: spec.box.w * grow, h: spec.box.h * grow };
      const fonts = sizes(spec.fonts, k);
      for (const [key, least] of Object.entries(floor)) fonts[key] = Math.max(fonts[key], Math.min(least, spec.fonts[key]));
      const result = attempt(spec, box, fonts, measure);
      if (result) return result;
    }
    if (grow > 40) throw new Error('wheel layout failed');
  }
}

function attempt(spec, box, fonts, measure) {
  const centreWidth = measure.width(spec.centreText || '', fonts.centre, WEIGHT.centre);
  let withBaselines = (labels) => labels;
  const finish = (r3, labels) => {
    const geometry = radii(r3, fonts, centreWidth);
    withBaselines(labels);
    return { box, fonts, ...geometry, labels, ring: ringLabels(spec.dims, geometry, fonts.dim, measure) };
  };
  const fit = Math.min(box.w, box.h) / 2;
  // The smallest wheel worth drawing: segments at least as deep as the centre disc is wide.
  const smallest = radii(0, fonts, centreWidth);
  const least = -smallest.r2 + 2.2 * (centreWidth / 2 + fonts.centre * 0.35);
  if (fit - 2 < least) return null;
  if (!spec.labels) return finish(fit - 2, []);
  const f = fonts.name;
  const name = measure.metrics(f, WEIGHT.name);
  const value = measure.metrics(fonts.value, WEIGHT.value);
  const sub = measure.metrics(fonts.sub, WEIGHT.sub);
  const valueW = Math.max(measure.width(spec.valueTemplate || '', fonts.value, WEIGHT.value),
    spec.subTemplate ? measure.width(spec.subTemplate, fonts.sub, WEIGHT.sub) : 0) * 1.04 + 1;
  const margin = f * 0.3;
  const geo = {
    f, maxLines: Infinity, subSize: fonts.sub, valueW, vGap: f * 0.45, gap: f * 0.18, axisGap: f * 0.35,
    halfW: box.w / 2 - margin, halfH: box.h / 2 - margin,
    space: measure.width(' ', f, WEIGHT.name),
    nameLine: name.ascent + name.descent,
    pitch: Math.min(name.ascent + name.descent, f * 1.1), // lines of one name sit closer than their boxes
    // The value shares the name's first baseline; the change sits under it.
    valueBlock: Math.max(name.ascent, value.ascent) + value.descent + (spec.subTemplate ? sub.ascent + sub.descent + SUB_GAP * fonts.sub : 0),
  };
  const items = spec.competences.map((c) => {
    const words = c.title.split(/\s+/).filter(Boolean);
    return { id: c.id, words, widths: words.map((w) => measure.width(w, f, WEIGHT.name)) };
  });
  withBaselines = (labels) => labels.forEach((b) => Object.assign(b, metricsOf(b, name, value, sub, geo)));
  const hi = fit - margin;
  const lo = Math.max(least, hi * 0.3);
  if (hi < lo) return null;
  let best = placeLabels(items, hi, geo);
  if (best) return finish(hi, best);
  // A slightly smaller wheel rather than names in three lines or more, if that is possible.
  geo.maxLines = 2;
  best = placeLabels(items, lo, geo);
  if (!best) {
    geo.maxLines = Infinity;
    best = placeLabels(items, lo, geo);
  }
  if (!best) return null;
  let [ok, bad] = [lo, hi];
  while (bad - ok > 2) {
    const r = (ok + bad) / 2;
    const labels = placeLabels(items, r, geo);
    if (labels) { ok = r; best = labels; } else bad = r;
  }
  return finish(ok, best);
}

/** Baselines of a placed block: the name's lines, the value on the first line, the change under it. */
function metricsOf(b, name, value, sub, geo) {
  const first = b.top + name.ascent;
  return {
    baselines: b.lines.map((_, i) => first + i * geo.pitch),
    valueY: b.top + Math.max(name.ascent, value.ascent),
    subY: b.top + Math.max(name.ascent, value.ascent) + value.descent + SUB_GAP * geo.subSize + sub.ascent,
  };
}

export { WEIGHT };
