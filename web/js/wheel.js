// The competence wheel as SVG: a segment per competence, coloured by its dimension and
// filled radially by a value 0..1; the dimensions as an outer ring with their names.
// Fills animate: each fill is a full sector scaled about the centre with a CSS transform
// (transitionable in every browser, unlike the `d` attribute).

import { s } from './dom.js';
import { pick } from './i18n.js';

const VIEW = { x: -640, y: -440, w: 1280, h: 880 };
const RC = 78;       // centre disc
const R2 = 300;      // outer edge of the competence segments
const R3 = 352;      // outer edge of the dimension ring
const LABEL = 372;   // competence labels start here

let instances = 0;

function polar(r, angle) { return [r * Math.cos(angle), r * Math.sin(angle)]; }
const fmt = (n) => n.toFixed(2);

/** An annular sector from r0 to r1 between two angles (radians, clockwise from 3 o'clock). */
function sector(r0, r1, a0, a1) {
  const large = a1 - a0 > Math.PI ? 1 : 0;
  const [x0, y0] = polar(r1, a0);
  const [x1, y1] = polar(r1, a1);
  if (r0 <= 0) return `M0 0L${fmt(x0)} ${fmt(y0)}A${r1} ${r1} 0 ${large} 1 ${fmt(x1)} ${fmt(y1)}Z`;
  const [x2, y2] = polar(r0, a1);
  const [x3, y3] = polar(r0, a0);
  return `M${fmt(x0)} ${fmt(y0)}A${r1} ${r1} 0 ${large} 1 ${fmt(x1)} ${fmt(y1)}L${fmt(x2)} ${fmt(y2)}A${r0} ${r0} 0 ${large} 0 ${fmt(x3)} ${fmt(y3)}Z`;
}

function arc(r, a0, a1, reverse = false) {
  const large = a1 - a0 > Math.PI ? 1 : 0;
  const [x0, y0] = polar(r, reverse ? a1 : a0);
  const [x1, y1] = polar(r, reverse ? a0 : a1);
  return `M${fmt(x0)} ${fmt(y0)}A${r} ${r} 0 ${large} ${reverse ? 0 : 1} ${fmt(x1)} ${fmt(y1)}`;
}

/** Splits a title into at most `max` lines of about `width` characters. */
export function wrap(text, width = 20, max = 3) {
  const words = text.split(/\s+/);
  const lines = [];
  let line = '';
  for (const word of words) {
    if (line && (line + ' ' + word).length > width) { lines.push(line); line = word; } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (lines.length > max) {
    const kept = lines.slice(0, max);
    kept[max - 1] = `${kept[max - 1]}…`;
    return kept;
  }
  return lines;
}

/** The radius a value 0..1 fills to. */
const radius = (value) => RC + Math.max(0, Math.min(1, value)) * (R2 - RC);

/**
 * Builds a wheel into `container`. Returns {svg, update(values), setCenter(big, small), render()}.
 * values: Map|object competenceId -> {fill 0..1, marker 0..1|null, expected 0..1|null, text,
 * sub, data:{...}}. `marker` is a solid line (importance), `expected` a dashed one (a role
 * profile's expected level); `sub` is a second, smaller value line under the label (needs
 * the `sub` option, which keeps room for it).
 */
export function createWheel(container, fw, { labels = true, title = '', sub = false } = {}) {
  const uid = `wh${++instances}`;
  const svg = s('svg', {
    // A second value line makes the labels above and below the wheel taller: more room.
    class: 'wheel', viewBox: labels ? `${VIEW.x} ${VIEW.y - (sub ? 40 : 0)} ${VIEW.w} ${VIEW.h + (sub ? 100 : 0)}` : `-${R3 + 4} -${R3 + 4} ${2 * R3 + 8} ${2 * R3 + 8}`,
    role: 'img', 'aria-labelledby': `${uid}-title`,
  });
  container.replaceChildren(svg);
  const parts = new Map();
  let center = { big: '', small: '' };
  let last = {};

  function render() {
    svg.replaceChildren();
    parts.clear();
    const n = fw.competences.length || 1;
    const step = (2 * Math.PI) / n;
    const start = -Math.PI / 2;
    const defs = s('defs');
    const titleEl = s('title', { id: `${uid}-title`, text: title || fw.dimensions.map((d) => pick(d.title)).join(', ') });
    const backs = s('g', { class: 'wheel-backs' });
    const fills = s('g', { class: 'wheel-fills' });
    const grid = s('g', { class: 'wheel-grid', 'aria-hidden': 'true' });
    const lines = s('g', { class: 'wheel-lines', 'aria-hidden': 'true' });
    const markers = s('g', { class: 'wheel-markers', 'aria-hidden': 'true' });
    const expectations = s('g', { class: 'wheel-expectations', 'aria-hidden': 'true' });
    const ring = s('g', { class: 'wheel-ring' });
    const texts = s('g', { class: 'wheel-labels' });

    fw.competences.forEach((competence, i) => {
      const a0 = start + i * step;
      const a1 = a0 + step;
      const colour = competence.dim.colour;
      backs.append(s('path', { d: sector(RC, R2, a0, a1), fill: colour, 'fill-opacity': '0.13' }));
      const fill = s('path', { class: 'wheel-fill', d: sector(0, R2, a0, a1), fill: colour, style: { transform: 'scale(0)' } });
      const marker = s('path', {
        class: 'wheel-marker', d: arc(R2, a0 + step * 0.08, a1 - step * 0.08), fill: 'none',
        'vector-effect': 'non-scaling-stroke', style: { transform: 'scale(0)', opacity: '0' },
      });
      // A little wider than the importance line, so both show where they coincide.
      const expected = s('path', {
        class: 'wheel-expected', d: arc(R2, a0 + step * 0.03, a1 - step * 0.03), fill: 'none',
        'vector-effect': 'non-scaling-stroke', style: { transform: 'scale(0)', opacity: '0' },
      });
      const group = s('g', { class: 'wheel-segment', data: { competence: competence.id } },
        s('title', { text: pick(competence.title) }), fill);
      fills.append(group);
      markers.append(marker);
      expectations.append(expected);
      lines.append(s('path', { d: `M${polar(RC, a0).map(fmt).join(' ')}L${polar(R2, a0).map(fmt).join(' ')}`, class: 'wheel-sep' }));
      const part = { group, fill, marker, expected, value: null, sub: null };
      if (labels) {
        const mid = (a0 + a1) / 2;
        const [x, y] = polar(LABEL, mid);
        const cos = Math.cos(mid);
        const anchor = cos > 0.06 ? 'start' : cos < -0.06 ? 'end' : 'middle';
        const titleLines = wrap(pick(competence.title), 19, 3);
        const lineHeight = 25;
        const total = titleLines.length + (sub ? 2 : 1);
        // Labels above the wheel grow upwards, below it downwards, at the sides centred.
        const sin = Math.sin(mid);
        const top = sin < -0.6 ? y - (total - 1) * lineHeight : sin > 0.6 ? y + 14 : y - ((total - 1) * lineHeight) / 2 + 8;
        const text = s('text', { x: fmt(x), y: fmt(top), 'text-anchor': anchor, class: 'wheel-label', data: { competence: competence.id } });
        titleLines.forEach((line, k) => text.append(s('tspan', { x: fmt(x), dy: k === 0 ? 0 : lineHeight, text: line })));
        const value = s('tspan', { x: fmt(x), dy: lineHeight + 4, class: 'wheel-value', fill: colour });
        text.append(value);
        if (sub) {
          part.sub = s('tspan', { x: fmt(x), dy: lineHeight - 2, class: 'wheel-sub' });
          text.append(part.sub);
        }
        texts.append(text);
        part.value = value;
      }
      parts.set(competence.id, part);
    });

    for (let k = 1; k <= 5; k++) {
      grid.append(s('circle', { r: fmt(radius(k / 5)), fill: 'none', class: k === 5 ? 'wheel-grid-edge' : 'wheel-grid-line' }));
    }

    // Dimension ring with curved names; names on the lower half run the other way to stay upright.
    let index = 0;
    for (const dimension of fw.dimensions) {
      const count = dimension.competences.length;
      if (!count) continue;
      const a0 = start + index * step;
      const a1 = a0 + count * step;
      index += count;
      ring.append(s('path', { d: sector(R2 + 6, R3, a0 + 0.004, a1 - 0.004), fill: dimension.colour, data: { dimension: dimension.id } }));
      lines.append(s('path', { d: `M${polar(RC, a0).map(fmt).join(' ')}L${polar(R2, a0).map(fmt).join(' ')}`, class: 'wheel-sep wheel-sep-dim' }));
      const mid = (a0 + a1) / 2;
      const lower = Math.sin(mid) > 0.1;
      const r = (R2 + 6 + R3) / 2 + (lower ? 8 : -8) * 0.9;
      const id = `${uid}-d${index}`;
      defs.append(s('path', { id, d: arc(r, a0, a1, lower) }));
      const length = r * (a1 - a0) * 0.92;
      // White on the dimension colour passes AA only as large text (>= 18.7px bold): below
      // that, shorten the name instead of shrinking it.
      let name = pick(dimension.title);
      const size = Math.max(19, Math.min(24, length / (name.length * 0.58)));
      const fits = Math.floor(length / (size * 0.58));
      if (name.length > fits) name = `${name.slice(0, Math.max(1, fits - 1)).trimEnd()}…`;
      ring.append(s('text', { class: 'wheel-dim-label', 'font-size': fmt(size), 'aria-hidden': 'true' },
        s('textPath', { href: `#${id}`, startOffset: '50%', 'text-anchor': 'middle', text: name })));
    }

    const centre = s('g', { class: 'wheel-centre' },
      s('circle', { r: RC, fill: '#fff', class: 'wheel-centre-disc' }),
      s('text', { class: 'wheel-centre-big', y: center.small ? -2 : 14, 'text-anchor': 'middle', text: center.big }),
      s('text', { class: 'wheel-centre-small', y: 30, 'text-anchor': 'middle', text: center.small }));

    svg.append(titleEl, defs, backs, fills, grid, lines, expectations, markers, ring, centre, texts);
    update(last);
  }

  /** Sets each segment's fill (0..1), optional marker (0..1), label value text and data-* attributes. */
  function update(values) {
    last = values || {};
    const get = (id) => (last instanceof Map ? last.get(id) : last[id]) || {};
    for (const [id, part] of parts) {
      const v = get(id);
      const fill = v.fill ?? 0;
      part.fill.style.transform = `scale(${(fill > 0 ? radius(fill) / R2 : 0).toFixed(4)})`;
      const hasMarker = v.marker !== null && v.marker !== undefined;
      part.marker.style.transform = `scale(${hasMarker ? (radius(v.marker) / R2).toFixed(4) : 0})`;
      part.marker.style.opacity = hasMarker ? '1' : '0';
      const hasExpected = v.expected !== null && v.expected !== undefined;
      part.expected.style.transform = `scale(${hasExpected ? (radius(v.expected) / R2).toFixed(4) : 0})`;
      part.expected.style.opacity = hasExpected ? '1' : '0';
      part.group.dataset.fill = fill.toFixed(3);
      for (const [key, value] of Object.entries(v.data || {})) {
        if (value === null || value === undefined) delete part.group.dataset[key];
        else part.group.dataset[key] = String(value);
      }
      if (part.value) part.value.textContent = v.text || '';
      if (part.sub) part.sub.textContent = v.sub || '';
    }
  }

  function setCenter(big, small = '') {
    center = { big, small };
    const bigEl = svg.querySelector('.wheel-centre-big');
    const smallEl = svg.querySelector('.wheel-centre-small');
    if (bigEl) { bigEl.textContent = big; bigEl.setAttribute('y', small ? '-2' : '14'); }
    if (smallEl) smallEl.textContent = small;
  }

  render();
  return { svg, update, setCenter, render };
}
