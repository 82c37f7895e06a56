// The competence wheel as SVG: a segment per competence, coloured by its dimension and
// filled radially by a value 0..1; the dimensions as an outer ring with their names; the
// competence names and values around it, placed by wheel/layout.js so no two texts meet.
// Fills animate: each fill is a full sector scaled about the centre with a CSS transform
// (transitionable in every browser, unlike the `d` attribute).

import { s } from './dom.js';
import { change, num, pick, t } from './i18n.js';
import { darkenFor } from './wheel/colour.js';
import { START, arc, fmt, polar, polyline, sector } from './wheel/geometry.js';
import { WEIGHT, layoutWheel } from './wheel/layout.js';
import { createMeasure } from './wheel/measure.js';
import { lineLook, markerLook, markerPath } from './wheel/marks.js';

export { wrap } from './wheel/wrap.js';

// Type sizes in viewBox units for a wheel drawn into a fixed box (the report, the phone);
// a `fit` wheel takes them from the page's rem instead, so they are real pixels.
const FIXED_BOX = { w: 1280, h: 880 };
const FIXED_FONTS = { name: 24, value: 22, sub: 18, dim: 20, centre: 30 };
const FIT_FONTS = { name: 1.5, value: 1.3, sub: 0.95, dim: 1, centre: 1.5 };
// Names and values shrink no further than this while the rest can (at 1080p: 28.2 and 24.2 px).
const FIT_FLOORS = { name: 1.41, value: 1.21 };
// Texts on the page's background (#f5f5f1 on the board, white in the report) and white on the ring.
const BACKGROUND = '#f5f5f1';

let instances = 0;

/**
 * Builds a wheel into `container`. Returns {svg, update(values), setCenter(big, small),
 * render(), shortened()}.
 * values: Map|object competenceId -> {fill 0..1, marker 0..1|null, expected 0..1|null, text,
 * sub, withheld, layers: {key: 0..1|null}, data:{...}}. `withheld`: a figure is held back (too few answers; the text says so). `marker` is a solid line (importance), `expected` a dashed one (a role
 * profile's expected level); `sub` is a second, smaller value line under the value (needs
 * the `sub` option, which keeps room for it).
 * Options: `fit` makes the viewBox the container's own size in CSS pixels (the container
 * needs a definite size; the wheel re-lays itself out when it changes) with type sized from
 * the root font size; otherwise `box` ({w, h}, default 1280 x 880) and `fonts` set a fixed
 * drawing that scales with its width (`tall`: it may grow taller first, where a page scrolls). `valueTemplate`: the widest value text to keep room for.
 * The SVG fires `wheellayout` after each layout (`shortened()` then lists dimensions whose
 * names did not fit on the ring in full).
 * `layers` (option, or setLayers()): overlays.js layers [{key, look, label}] drawn over the
 * segments, each a line at its value (`values[id].layers[key]`) with a marker in the middle;
 * a null value draws nothing (unknown or withheld).
 */
export function createWheel(container, fw, options = {}) {
  const { labels = true, title = '', sub = false, fit = false } = options;
  const uid = `wh${++instances}`;
  const svg = s('svg', { class: fit ? 'wheel wheel-fit' : 'wheel', role: 'img', 'aria-labelledby': `${uid}-title` });
  container.replaceChildren(svg);
  if (fit) container.classList.add('wheel-fit-box');
  const measure = createMeasure();
  const parts = new Map();
  let center = { big: '', small: '' };
  let last = {};
  let valueTemplate = options.valueTemplate || t('board.wheelValue', { imp: num(0), lev: num(0) });
  let layout = null;
  let layers = options.layers || [];

  function spec() {
    let box = options.box || (sub ? { w: FIXED_BOX.w, h: FIXED_BOX.h + 100 } : FIXED_BOX);
    let fonts = options.fonts || FIXED_FONTS;
    let floors = null;
    const rect = fit ? container.getBoundingClientRect() : null;
    // Until the container is laid out (it is built detached), a fit wheel draws as a fixed
    // one, so its segments and values exist at once; the observer then lays it out again.
    if (fit && rect.width >= 40 && rect.height >= 40) {
      const rem = parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      box = { w: Math.floor(rect.width), h: Math.floor(rect.height) };
      fonts = Object.fromEntries(Object.entries(FIT_FONTS).map(([k, v]) => [k, v * rem]));
      floors = Object.fromEntries(Object.entries(FIT_FLOORS).map(([k, v]) => [k, v * rem]));
    }
    return {
      box, fonts, floors, fit: Boolean(floors), labels, measure, valueTemplate, tall: Boolean(options.tall),
      subTemplate: sub ? `${change(-0.1)} · ${change(-0.1)}` : null,
      centreText: center.big || t('board.team'),
      competences: fw.competences.map((c) => ({ id: c.id, title: pick(c.title) })),
      dims: fw.dimensions.map((d) => ({ id: d.id, title: pick(d.title), count: d.competences.length })),
    };
  }

  const radius = (value) => layout.rc + Math.max(0, Math.min(1, value)) * (layout.r2 - layout.rc);

  function render() {
    const wanted = spec();
    layout = layoutWheel(wanted);
    const { box, fonts, r2, r3, rc, ringInner } = layout;
    svg.setAttribute('viewBox', `${fmt(-box.w / 2)} ${fmt(box.y0 ?? -box.h / 2)} ${fmt(box.w)} ${fmt(box.h)}`);
    svg.replaceChildren();
    parts.clear();
    const n = fw.competences.length || 1;
    const step = (2 * Math.PI) / n;
    const g = (cls, hidden = true) => s('g', { class: cls, 'aria-hidden': hidden ? 'true' : null });
    const [defs, backs, fills, grid, lines, markers, expectations, overlays, ring, leaders, texts] = [
      s('defs'), g('wheel-backs'), g('wheel-fills', false), g('wheel-grid'), g('wheel-lines'), g('wheel-markers'),
      g('wheel-expectations'), g('wheel-overlays'), g('wheel-ring'), g('wheel-leaders'), g('wheel-labels')];
    const titleEl = s('title', { id: `${uid}-title`, text: title || fw.dimensions.map((d) => pick(d.title)).join(', ') });
    const blocks = new Map(layout.labels.map((b) => [b.id, b]));

    fw.competences.forEach((competence, i) => {
      const a0 = START + i * step;
      const a1 = a0 + step;
      const colour = competence.dim.colour;
      backs.append(s('path', { d: sector(rc, r2, a0, a1), fill: colour, 'fill-opacity': '0.13' }));
      const fill = s('path', { class: 'wheel-fill', d: sector(0, r2, a0, a1), fill: colour, style: { transform: 'scale(0)' } });
      const line = (cls, inset) => s('path', {
        class: cls, d: arc(r2, a0 + step * inset, a1 - step * inset), fill: 'none',
        'vector-effect': 'non-scaling-stroke', style: { transform: 'scale(0)', opacity: '0' },
      });
      const marker = line('wheel-marker', 0.08);
      const expected = line('wheel-expected', 0.03); // a little wider, so both show where they coincide
      const group = s('g', { class: 'wheel-segment', data: { competence: competence.id } },
        s('title', { text: pick(competence.title) }), fill);
      fills.append(group);
      markers.append(marker);
      expectations.append(expected);
      lines.append(s('path', { d: polyline([polar(rc, a0), polar(r2, a0)]), class: 'wheel-sep' }));
      const part = { group, fill, marker, expected, value: null, sub: null, layers: new Map(), a0, a1 };
      layers.forEach((layer, index) => {
        const width = fonts.name * 0.17;
        const attrs = { class: 'wheel-layer', data: { layer: layer.key, competence: competence.id } };
        const halo = s('path', { class: 'wheel-layer-halo', fill: 'none', stroke: '#ffffff', 'stroke-width': fmt(width + 4), 'stroke-opacity': '0.85' });
        const line = s('path', { ...lineLook(layer.look, fmt(width)), class: 'wheel-layer-line' });
        const mark = s('path', { ...markerLook(layer.look, fmt(width * 0.45)), class: 'wheel-layer-marker' });
        const el = s('g', attrs, halo, line, mark);
        overlays.append(el);
        part.layers.set(layer.key, { el, halo, line, mark, width, look: layer.look, index });
      });
      const b = blocks.get(competence.id);
      if (b) drawLabel(b, (a0 + a1) / 2, colour, part, leaders, texts);
      parts.set(competence.id, part);
    });

    for (let k = 1; k <= 5; k++) {
      grid.append(s('circle', { r: fmt(radius(k / 5)), fill: 'none', class: k === 5 ? 'wheel-grid-edge' : 'wheel-grid-line' }));
    }
    for (const label of layout.ring) {
      const dimension = fw.dimById?.get(label.id) || fw.dimensions.find((d) => d.id === label.id);
      ring.append(s('path', { d: sector(ringInner, r3, label.a0 + 0.004, label.a1 - 0.004), fill: darkenFor(dimension.colour, '#ffffff'), data: { dimension: label.id } }));
      lines.append(s('path', { d: polyline([polar(rc, label.a0), polar(r2, label.a0)]), class: 'wheel-sep wheel-sep-dim' }));
      // One text per name, a line of it per arc.
      const name = s('text', { class: 'wheel-dim-label', 'font-size': fmt(label.size), 'dominant-baseline': 'central', data: { dimension: label.id }, 'aria-hidden': 'true' });
      label.lines.forEach((ln, k) => {
        const id = `${uid}-d-${label.id}-${k}`;
        defs.append(s('path', { id, d: arc(ln.r, label.a0, label.a1, label.lower) }));
        name.append(s('textPath', { href: `#${id}`, startOffset: '50%', 'text-anchor': 'middle', text: ln.text }));
      });
      if (label.lines.length) ring.append(name);
    }
    const centre = s('g', { class: 'wheel-centre' },
      s('circle', { r: fmt(rc), class: 'wheel-centre-disc' }),
      s('text', { class: 'wheel-centre-big', 'font-size': fmt(fonts.centre), 'text-anchor': 'middle', 'dominant-baseline': 'central', text: center.big }),
      s('text', { class: 'wheel-centre-small', 'font-size': fmt(fonts.centre * 0.55), 'text-anchor': 'middle', 'dominant-baseline': 'central', text: center.small }));
    svg.append(titleEl, defs, backs, fills, grid, lines, expectations, markers, overlays, ring, centre, leaders, texts);
    placeCentre();
    update(last);
    svg.dispatchEvent(new CustomEvent('wheellayout'));
  }

  function drawLabel(b, mid, colour, part, leaders, texts) {
    const { fonts } = layout;
    const anchor = b.side === 'right' ? 'start' : 'end';
    const attachX = b.x - (b.side === 'right' ? 1 : -1) * fonts.name * 0.2;
    const attachY = b.top + (b.baselines[0] - b.top) * 0.6;
    leaders.append(s('path', { class: 'wheel-leader', d: polyline([polar(layout.r3 + 2, mid), polar(layout.r3 + fonts.name * 0.45, mid), [attachX, attachY]]) }));
    const name = s('text', { class: 'wheel-label', 'font-size': fmt(fonts.name), 'text-anchor': anchor, data: { competence: b.id } });
    b.lines.forEach((line, k) => name.append(s('tspan', { x: fmt(b.nameX), y: fmt(b.baselines[k]), text: line.text })));
    part.value = s('text', { class: 'wheel-value', 'font-size': fmt(fonts.value), x: fmt(b.x), y: fmt(b.valueY), 'text-anchor': anchor, fill: darkenFor(colour, BACKGROUND), data: { competence: b.id } });
    texts.append(name, part.value);
    if (sub) {
      part.sub = s('text', { class: 'wheel-sub', 'font-size': fmt(fonts.sub), x: fmt(b.x), y: fmt(b.subY), 'text-anchor': anchor, data: { competence: b.id } });
      texts.append(part.sub);
    }
  }

  function placeCentre() {
    const big = svg.querySelector('.wheel-centre-big');
    const small = svg.querySelector('.wheel-centre-small');
    if (!big || !layout) return;
    const f = layout.fonts.centre;
    big.setAttribute('y', fmt(center.small ? -f * 0.3 : 0));
    small.setAttribute('y', fmt(f * 0.55));
  }

  /** Sets each segment's fill (0..1), optional marker (0..1), label value text and data-* attributes. */
  function update(values) {
    last = values || {};
    if (!layout) return;
    const get = (id) => (last instanceof Map ? last.get(id) : last[id]) || {};
    let widest = '';
    for (const [id, part] of parts) {
      const v = get(id);
      const fill = v.fill ?? 0;
      part.fill.style.transform = `scale(${(fill > 0 ? radius(fill) / layout.r2 : 0).toFixed(4)})`;
      for (const [key, el] of [['marker', part.marker], ['expected', part.expected]]) {
        const shown = v[key] !== null && v[key] !== undefined;
        el.style.transform = `scale(${shown ? (radius(v[key]) / layout.r2).toFixed(4) : 0})`;
        el.style.opacity = shown ? '1' : '0';
      }
      part.group.dataset.fill = fill.toFixed(3);
      for (const [key, value] of Object.entries(v.data || {})) {
        if (value === null || value === undefined) delete part.group.dataset[key];
        else part.group.dataset[key] = String(value);
      }
      if (part.value) {
        part.value.textContent = v.text || '';
        part.value.classList.toggle('wheel-value-withheld', Boolean(v.withheld));
      }
      if (part.sub) part.sub.textContent = v.sub || '';
      for (const [key, layer] of part.layers) drawLayer(part, layer, v.layers?.[key]);
      if ((v.text || '').length > widest.length) widest = v.text;
    }
    // A value wider than the room kept for it (another round's numbers): lay out again.
    const size = layout.fonts.value;
    if (widest && measure.width(widest, size, WEIGHT.value) > measure.width(valueTemplate, size, WEIGHT.value) * 1.03) {
      valueTemplate = widest;
      render();
    }
  }

  /** One layer's line and marker on a segment, at `value` (0..1); nothing when null. */
  function drawLayer(part, layer, value) {
    const shown = typeof value === 'number';
    layer.el.setAttribute('display', shown ? 'inline' : 'none');
    layer.el.dataset.value = shown ? (value * 5).toFixed(2) : '';
    if (!shown) { for (const el of [layer.halo, layer.line, layer.mark]) el.setAttribute('d', ''); return; }
    const r = radius(value);
    const inset = (part.a1 - part.a0) * 0.06;
    const d = arc(r, part.a0 + inset, part.a1 - inset);
    layer.halo.setAttribute('d', d);
    layer.line.setAttribute('d', d);
    // Side by side along the arc, so markers of equal values do not hide each other.
    const spread = (layer.index - (layers.length - 1) / 2) * (part.a1 - part.a0) * 0.26;
    const [x, y] = polar(r, (part.a0 + part.a1) / 2 + spread);
    layer.mark.setAttribute('d', markerPath(layer.look?.marker, x, y, layer.width * 2.1));
  }

  function setLayers(next) {
    layers = next || [];
    render();
  }

  function setCenter(big, small = '') {
    const wider = layout && measure.width(big, layout.fonts.centre, WEIGHT.centre) > measure.width(center.big || t('board.team'), layout.fonts.centre, WEIGHT.centre) + 1;
    center = { big, small };
    const bigEl = svg.querySelector('.wheel-centre-big');
    const smallEl = svg.querySelector('.wheel-centre-small');
    if (bigEl) bigEl.textContent = big;
    if (smallEl) smallEl.textContent = small;
    if (wider) render(); else placeCentre();
  }

  if (fit) {
    let seen = '';
    const observer = new ResizeObserver(() => {
      if (!container.isConnected) { observer.disconnect(); return; }
      const rect = container.getBoundingClientRect();
      const key = `${Math.floor(rect.width)}x${Math.floor(rect.height)}`;
      if (key !== seen) { seen = key; render(); }
    });
    observer.observe(container);
  }
  render();
  const shortened = () => (layout ? layout.ring.filter((r) => r.abbreviated) : []);
  return { svg, update, setCenter, render, shortened, setLayers };
}
