// The board's result views drawn for a file: the wheel and the matrix by their own modules
// (wheel.js, matrix.js) with the board's figures and overlays (board/figures.js), framed
// with a title and a legend inside the SVG; the list views as SVG from the same rows
// (export/rows.js). Drawn in a hidden stage in the page, so the stylesheet's looks can be
// read off each element (export/svg-file.js writes them into the file).

import { h, s } from '../dom.js';
import { pick, t } from '../i18n.js';
import { valuesWithheld } from '../anonymity.js';
import { drawMatrix } from '../matrix.js';
import { createWheel } from '../wheel.js';
import { overlaySwatch } from '../overlays.js';
import { matrixPoints, wheelValues } from '../board/figures.js';
import { listSvg } from './list-svg.js';
import { listRows } from './rows.js';
import { standaloneSvg } from './svg-file.js';

/** The views a file can be made of: all of the board's results views. */
export const FILE_VIEWS = ['wheel', 'ranking', 'matrix', 'dots', 'points', 'priority', 'ideas'];

const TOP = 76;
const KEY_LINE = 36;

/** A legend line: a swatch (an SVG of 44 × 20) and its words. */
function keyLine(swatch, text, x, y) {
  swatch.setAttribute('x', String(x));
  swatch.setAttribute('y', String(y - 15));
  return s('g', { class: 'export-key', data: { exportKey: text } }, swatch,
    s('text', { x: x + 56, y, 'font-size': 22, fill: '#1a1f27', text }));
}

const plainSwatch = (...children) => s('svg', { viewBox: '0 0 44 20', width: 44, height: 20 }, ...children);

/** `inner` (an <svg> with a viewBox of w × h) under a title, the legend lines below. */
function framed(inner, { w, h: innerH, title, keys }) {
  const height = TOP + innerH + (keys.length ? keys.length * KEY_LINE + 24 : 12);
  const frame = s('svg', { class: 'export-frame', viewBox: `0 0 ${w} ${height}`, role: 'img', 'aria-label': title });
  inner.setAttribute('x', '0');
  inner.setAttribute('y', String(TOP));
  inner.setAttribute('width', String(w));
  inner.setAttribute('height', String(innerH));
  frame.append(s('title', { text: title }), s('text', { x: 40, y: 52, 'font-size': 34, 'font-weight': 800, fill: '#1a1f27', text: title }), inner);
  keys.forEach(([swatch, text], i) => frame.append(keyLine(swatch, text, 40, TOP + innerH + 24 + i * KEY_LINE + 18)));
  return { svg: frame, width: w, height };
}

const layerKeys = (layers) => layers.map((l) => [overlaySwatch(l.look), l.label]);

function wheelFile(ctx, layers, stage) {
  const rerun = ctx.isRerun();
  const holder = h('div', { class: 'export-wheel' });
  stage.append(holder);
  const wheel = createWheel(holder, ctx.fw, { title: t('view.wheel.title'), sub: rerun, layers });
  const { values, anyLevel } = wheelValues(ctx, layers);
  wheel.update(values);
  wheel.setCenter(t('board.team'), '');
  const [, , w, hgt] = wheel.svg.getAttribute('viewBox').split(/\s+/).map(Number);
  const keys = [
    ...(anyLevel
      ? [[plainSwatch(s('rect', { x: 2, y: 2, width: 40, height: 16, fill: '#8a93a0' })), t('board.key.level')],
        [plainSwatch(s('path', { d: 'M2 10H42', stroke: '#1a1f27', 'stroke-width': 5 })), t('board.key.importance')]]
      : [[plainSwatch(s('rect', { x: 2, y: 2, width: 40, height: 16, fill: '#8a93a0' })), t('board.key.importanceFill')]]),
    ...layerKeys(layers),
    ...(rerun ? [[plainSwatch(s('text', { x: 4, y: 16, 'font-size': 16, fill: '#1a1f27', text: '▲▼' })), t('board.key.change')]] : []),
  ];
  const out = framed(wheel.svg, { w, h: hgt, title: t('view.wheel.title'), keys });
  holder.append(out.svg);
  return out;
}

function matrixFile(ctx, layers, stage) {
  const inner = s('svg', { class: 'matrix' });
  const frameHolder = h('div', { class: 'export-matrix' });
  stage.append(frameHolder);
  drawMatrix(inner, matrixPoints(ctx, layers), { width: 1640, height: 820, layers });
  const withheld = ctx.fw.competences.filter((c) => { const m = ctx.means(c.id); return valuesWithheld(m.row?.importance) || valuesWithheld(m.row?.level); });
  const keys = [...layerKeys(layers),
    ...(withheld.length ? [[plainSwatch(), `${t('anon.tooFewLong')}: ${withheld.map((c) => pick(c.title)).join(', ')}`]] : [])];
  const out = framed(inner, { w: 1640, h: 820, title: t('view.matrix.title'), keys });
  frameHolder.append(out.svg);
  return out;
}

function listFile(ctx, view, stage) {
  const { rows, labelLines } = listRows(ctx, view);
  // The board's help line, shortened to its first sentence(s) that fit one line of the file.
  const help = t(`view.${view}.help`);
  const out = listSvg(rows, { title: t(`view.${view}.title`), subtitle: help.length > 120 ? `${help.split('. ')[0]}.` : help, labelLines });
  stage.append(out.svg);
  return out;
}

/**
 * Results view `view` as an SVG file's text: {text, width, height}. `ctx` is a board
 * context (board/context.js), `layers` the overlays (overlays.js).
 */
export function viewFile(ctx, view, layers) {
  const stage = h('div', { class: 'export-stage', 'aria-hidden': 'true' });
  document.body.append(stage);
  try {
    const drawn = view === 'wheel' ? wheelFile(ctx, layers, stage)
      : view === 'matrix' ? matrixFile(ctx, layers, stage) : listFile(ctx, view, stage);
    return { text: standaloneSvg(drawn.svg, { width: drawn.width, height: drawn.height }), width: drawn.width, height: drawn.height };
  } finally {
    stage.remove();
  }
}
