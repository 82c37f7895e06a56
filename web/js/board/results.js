// The results the facilitator puts on the board: one of the server's BoardView (contract.js BOARD_VIEWS).

import { fill, h, s } from '../dom.js';
import { pick, t } from '../i18n.js';
import { tallyOf } from '../framework.js';
import { tooFew, totalWithheld } from '../anonymity.js';
import { drawMatrix } from '../matrix.js';
import { createWheel } from '../wheel.js';
import { overlayKey, wheelLegend } from '../wheel/legend.js';
import { boardLayers, matrixPoints, wheelValues } from './figures.js';
import { changeTag } from './context.js';
import { rankingView } from './ranking.js';
import { pointsView } from './tallies.js';
import { ideasView } from './ideas.js';
import { priorityView } from './priority-view.js';

const VIEWS = { wheel: wheelView, ranking: rankingView, matrix: matrixView, dots: dotsView, points: pointsView, ideas: ideasView, priority: priorityView };

export function resultsScreen(ctx, view) {
  const chosen = VIEWS[view] ? view : 'wheel'; // the views this board can draw (the server checks BOARD_VIEWS)
  const body = h('div', { class: 'results-body' });
  const notes = [];
  if (ctx.isRerun() && chosen !== 'ideas') notes.push(t(chosen === 'matrix' ? 'board.changeNoteMatrix' : 'board.changeNote'));
  if (ctx.profile() && chosen === 'ranking') notes.push(t('board.expectedNote', { profile: pick(ctx.profile().title) }));
  if (ctx.groups().length && chosen === 'ranking') notes.push(t('board.groupsNote', { n: ctx.minGroupSize() }));
  const head = h('header', { class: 'results-head' },
    h('h2', { text: t(`view.${chosen}.title`) }),
    h('p', { class: 'results-sub', text: t(`view.${chosen}.help`) }),
    notes.length ? h('p', { class: 'results-note', data: { resultsNote: '' }, text: notes.join(' ') }) : null);
  const el = h('section', { class: `results results-${chosen}`, data: { screen: 'results', view: chosen } }, head, body);
  return { el, update: VIEWS[chosen](ctx, body, head).update };
}

function wheelView(ctx, body, head) {
  const { fw } = ctx;
  const holder = h('div', { class: 'wheel-holder' });
  const rerun = ctx.isRerun();
  // The overlays of the focus (the screen is built anew when they change).
  const layers = boardLayers(ctx);
  // The legend takes the help line's place in the heading: the wheel gets the whole width
  // and all the height below it.
  // With two layers or more the reading hint gives way: the heading keeps to a few lines.
  const legend = wheelLegend({ rerun, note: layers.length < 2, layers });
  head.querySelector('.results-sub').replaceWith(legend.el);
  fill(body, holder);
  const wheel = createWheel(holder, fw, { title: t('view.wheel.title'), sub: rerun, fit: true, layers });
  const shortened = () => legend.dimensions(wheel.shortened());
  wheel.svg.addEventListener('wheellayout', shortened);
  shortened();
  return { update: () => {
    const { values, anyLevel } = wheelValues(ctx, layers);
    legend.setMode(anyLevel ? 'both' : 'importance');
    wheel.update(values);
    wheel.setCenter(t('board.team'), '');
  } };
}

function matrixView(ctx, body, head) {
  const layers = boardLayers(ctx);
  const key = overlayKey(layers);
  if (key) head.append(key);
  const svg = s('svg', { class: 'matrix', role: 'img', 'aria-label': t('view.matrix.title') });
  const left = h('p', { class: 'matrix-withheld', data: { matrixWithheld: '' }, hidden: true });
  fill(body, svg, left);
  return { update: () => {
    drawMatrix(svg, matrixPoints(ctx, layers), { width: 1640, height: 820, layers });
    // Competences with a withheld mean have no point: named below, so none goes missing silently.
    const withheld = ctx.fw.competences.filter((c) => { const m = ctx.means(c.id); return m.impWithheld || m.levWithheld; });
    left.hidden = !withheld.length;
    left.textContent = withheld.length ? `${t('anon.tooFewLong')}: ${withheld.map((c) => pick(c.title)).join(', ')}` : '';
  } };
}

function dotsView(ctx, body) {
  const list = h('ol', { class: 'bars', data: { dotsList: '' } });
  fill(body, list);
  return { update: () => {
    const st = ctx.state();
    const usePoints = !ctx.visible('dots') && ctx.visible('points');
    const key = usePoints ? 'points' : 'dots';
    const rows = ctx.fw.competences.map((c) => ({ c, row: tallyOf(st.results, c.id) }))
      .map((r) => ({ ...r, v: r.row?.[key] || 0, points: r.row?.points || 0, withheld: totalWithheld(r.row, key) }))
      .sort((a, b) => (a.withheld - b.withheld) || b.v - a.v);
    const max = Math.max(1, ...rows.map((r) => r.v));
    // The change since the earlier run exists for dots only (`change` has no points), and
    // means something only once this board may see the dots (before, it is 0 minus the earlier total).
    const changeOf = (r) => (key === 'dots' && ctx.visible('dots') ? r.row?.change?.dots : undefined);
    list.classList.toggle('with-change', rows.some((r) => typeof changeOf(r) === 'number'));
    fill(list, rows.map((r) => h('li', {
      class: r.v ? 'bar-row' : 'bar-row zero', style: { '--dim': r.c.dim.colour },
      data: { dotsRow: '', competence: r.c.id, dots: r.row?.dots ?? (r.withheld ? null : 0), points: r.row?.points ?? null, changeDots: changeOf(r), withheld: r.withheld ? 'yes' : null },
    },
    h('span', { class: 'bar-title', text: pick(r.c.title) }),
    h('span', { class: 'bar-track', 'aria-hidden': 'true' }, h('span', { style: { width: `${(r.v / max) * 100}%` } })),
    r.withheld ? h('span', { class: 'bar-value withheld', data: { withheld: '' }, text: tooFew() })
      : h('strong', { class: 'bar-value', text: t(`board.unit.${key}`, { n: r.v }) }),
    typeof changeOf(r) === 'number' ? changeTag(changeOf(r), 0) : null)));
  } };
}
