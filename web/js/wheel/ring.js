// The dimension names on the ring: the whole name on one line along the arc when it fits,
// else on two lines (the ring is two lines deep), else a little smaller, and only as a last
// resort shortened with "…" (the legend then lists the full names).

import { START } from './geometry.js';

const WEIGHT = 700;

/** The two-line split of `words` that needs the least room on arcs of lengths l1 and l2. */
function split(words, width, l1, l2) {
  let best = null;
  for (let k = 1; k < words.length; k++) {
    const a = words.slice(0, k).join(' ');
    const b = words.slice(k).join(' ');
    const need = Math.max(width(a) / l1, width(b) / l2);
    if (!best || need < best.need) best = { lines: [a, b], need };
  }
  return best;
}

function shorten(text, width, room) {
  let cut = text;
  while (cut.length > 1 && width(`${cut.trimEnd()}…`) > room) cut = cut.slice(0, -1);
  const short = `${cut.trimEnd()}…`;
  return width(short) <= room ? short : null;
}

function fitName(title, span, lower, geometry, size, measure) {
  const width = (text) => measure.width(text, size, WEIGHT);
  const mid = (geometry.ringInner + geometry.r3) / 2;
  const pad = size * 1.6; // clear of the ring's ends, where the next dimension starts
  const room = (r) => r * span - pad;
  const words = title.split(/\s+/).filter(Boolean);
  if (width(title) <= room(mid)) return { lines: [{ text: title, r: mid }] };
  // Above the centre the outer line reads first; below it (text running the other way
  // round, upright) the inner one does.
  const offset = size * 0.6;
  const [first, second] = lower ? [mid - offset, mid + offset] : [mid + offset, mid - offset];
  const two = words.length > 1 && split(words, width, room(first), room(second));
  if (two && two.need <= 1) return { lines: [{ text: two.lines[0], r: first }, { text: two.lines[1], r: second }] };
  return null;
}

/** [{id, a0, a1, lower, size, lines: [{text, r}], abbreviated}] in wheel order. */
export function ringLabels(dims, geometry, font, measure) {
  const total = dims.reduce((n, d) => n + d.count, 0) || 1;
  const step = (2 * Math.PI) / total;
  const out = [];
  let index = 0;
  for (const dim of dims) {
    if (!dim.count) continue;
    const a0 = START + index * step;
    const a1 = a0 + dim.count * step;
    index += dim.count;
    const lower = Math.sin((a0 + a1) / 2) > 0.1;
    let fitted = null;
    let size = font;
    for (const k of [1, 0.9, 0.8]) {
      size = font * k;
      fitted = fitName(dim.title, a1 - a0, lower, geometry, size, measure);
      if (fitted) break;
    }
    let abbreviated = false;
    if (!fitted) {
      abbreviated = true;
      const mid = (geometry.ringInner + geometry.r3) / 2;
      const text = shorten(dim.title, (t) => measure.width(t, size, WEIGHT), mid * (a1 - a0) - size * 1.6);
      fitted = { lines: text ? [{ text, r: mid }] : [] };
    }
    out.push({ id: dim.id, a0, a1, lower, size, lines: fitted.lines, abbreviated, title: dim.title });
  }
  return out;
}
