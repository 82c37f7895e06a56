// The wheel's legend, shared by the board and the report: what the fill, the lines and the
// letters in the values mean, in words, and the full names of dimensions the ring had to
// shorten.

import { h } from '../dom.js';
import { pick, t } from '../i18n.js';
import { overlaySwatch } from '../overlays.js';

const item = (cls, swatch, text) => h('span', { class: `key-item ${cls}` },
  swatch ? h('span', { class: swatch, 'aria-hidden': 'true', text: swatch === 'key-arrows' ? '▲▼' : null }) : null,
  h('span', { text }));

/** A legend item per overlay (overlays.js): its line and marker, and its name. */
export const layerItems = (layers) => (layers || []).map((layer) => h('span', { class: 'key-item key-layer', data: { legendLayer: layer.key } },
  overlaySwatch(layer.look), h('span', { text: layer.label })));

/** The matrix's legend: the overlays it draws (null when none). */
export function overlayKey(layers, tag = 'div') {
  return layers?.length ? h(tag, { class: 'wheel-key overlay-key', data: { overlayKey: '' } }, layerItems(layers)) : null;
}

/**
 * {el, setMode('both'|'importance'), dimensions([{id, title}])}. `expected`: a role profile
 * (its title in the key, or the board's generic text when true), `rerun`: changes under the
 * values, `note`: the reading hint, `tag`: the element (the report uses a figcaption),
 * `layers`: the overlays drawn on the wheel (overlays.js), each named with its look.
 */
export function wheelLegend({ expected = null, rerun = false, note = false, tag = 'div', layers = [] } = {}) {
  const both = [
    item('key-both key-values', null, t('board.key.values')),
    item('key-both', 'key-fill', t('board.key.level')),
    item('key-both', 'key-line', t('board.key.importance')),
  ];
  const importance = [
    item('key-imp key-values', null, t('board.key.valueImportance')),
    item('key-imp', 'key-fill', t('board.key.importanceFill')),
  ];
  const dims = h('span', { class: 'key-item key-dims', hidden: true });
  const el = h(tag, { class: 'wheel-key', data: { wheelKey: '' } }, both, importance,
    expected ? item('key-expected', 'key-dashed', typeof expected === 'object' ? t('report.key.expected', { profile: pick(expected.title) }) : t('board.key.expected')) : null,
    layerItems(layers),
    rerun ? item('key-change', 'key-arrows', t('board.key.change')) : null,
    note ? item('key-note key-both', null, t('board.key.note')) : null,
    dims);
  function setMode(mode) {
    el.dataset.mode = mode;
    for (const part of el.querySelectorAll('.key-both')) part.hidden = mode !== 'both';
    for (const part of el.querySelectorAll('.key-imp')) part.hidden = mode === 'both';
  }
  function dimensions(shortened) {
    dims.hidden = !shortened.length;
    dims.replaceChildren(h('strong', { text: t('board.key.dimensions') }), ' ', shortened.map((d) => d.title).join(' · '));
  }
  setMode('both');
  return { el, setMode, dimensions };
}
