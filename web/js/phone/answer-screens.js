// The open rating, dots and points rounds on the phone (a screen is {el, update(revert)?}),
// and the pieces the result screens share: a competence's title that opens its
// description, one section a dimension, the note that the round is done.

import { h } from '../dom.js';
import { pick, t } from '../i18n.js';
import { LIMITS } from '../contract.js';

/** The competence's title as a button that shows and hides its description. */
export function describe(competence) {
  const id = `desc-${competence.id}`;
  const desc = h('div', { class: 'desc', id, hidden: true },
    h('p', { text: pick(competence.description) }),
    competence.examples?.length ? h('ul', { class: 'examples' }, competence.examples.slice(0, 3).map((e) => h('li', { text: pick(e) }))) : null);
  const button = h('button', {
    type: 'button', class: 'item-title', 'aria-expanded': 'false', 'aria-controls': id,
    on: { click: () => { const open = desc.hidden; desc.hidden = !open; button.setAttribute('aria-expanded', String(open)); } },
  }, h('span', { text: pick(competence.title) }), h('span', { class: 'more', 'aria-hidden': 'true', text: 'i' }));
  return { button, desc };
}

/** One section a dimension, `build(competence)` an item each. */
export function dimensionSections(fw, build) {
  return fw.dimensions.map((dim) => h('section', { class: 'dim', style: { '--dim': dim.colour }, data: { dimension: dim.id } },
    h('h2', { class: 'dim-title', text: pick(dim.title) }),
    dim.competences.map((c) => build(fw.byId.get(c.id)))));
}

// Rating rounds (importance, level): 1-5, "don't know" (0) and "not relevant for my work"
// (-1) per competence.

/** "You are done", announced politely once every answer of the round is given. */
export function doneNote() {
  const el = h('div', { class: 'done-note', role: 'status', 'aria-live': 'polite', data: { done: '' } });
  let showing = null;
  return {
    el,
    show(done, text) {
      const key = done ? text : '';
      if (key === showing) return;
      showing = key;
      el.dataset.done = done ? 'yes' : '';
      el.replaceChildren(...(done ? [h('strong', { text: t('phone.done.title') }), h('p', { text })] : []));
    },
  };
}

export function ratingScreen(ctx, round, intro) {
  const { fw, saves } = ctx;
  const radios = [];
  const note = doneNote();
  const meta = () => {
    const done = fw.competences.filter((c) => saves.valueOf(`rate:${round}:${c.id}`) !== undefined).length;
    const total = fw.competences.length;
    ctx.head.meta.textContent = t('round.progress', { done, total });
    note.show(done === total, t('phone.done.text', { n: total }));
  };
  const item = (competence) => {
    const slot = `rate:${round}:${competence.id}`;
    const { button, desc } = describe(competence);
    const name = `r-${round}-${competence.id}`;
    const options = [1, 2, 3, 4, 5, 0, -1].map((value) => {
      const input = h('input', { type: 'radio', name, value: String(value), class: 'sr-only', data: { value } });
      input.addEventListener('change', () => {
        saves.submit({ type: 'rate', round, competence: competence.id, value }, slot);
        meta();
      });
      radios.push({ input, slot, value });
      const text = value === 0 ? t('scale.dontKnow') : value === -1 ? t('scale.notRelevantLong') : String(value);
      const spoken = value === 0 ? t('scale.dontKnow') : value === -1 ? t('scale.notRelevantLong') : t(`scale.${round}.${value}`);
      return h('label', { class: value === 0 ? 'opt opt-dk' : value === -1 ? 'opt opt-nr' : 'opt' }, input,
        h('span', { 'aria-hidden': 'true', text }), h('span', { class: 'sr-only', text: spoken }));
    });
    return h('fieldset', { class: 'item', data: { competence: competence.id } },
      h('legend', { class: 'sr-only', text: pick(competence.title) }),
      button, desc,
      h('div', { class: 'scale', data: { scale: round } }, options),
      saves.statusLine(slot));
  };
  // Sticky under the status bar, so the scale stays readable down an 18-item list.
  const legend = h('p', { class: 'scale-legend', 'aria-hidden': 'true', data: { scaleLegend: '' } },
    h('span', { text: `1 = ${t(`scale.${round}.1`)}` }), h('span', { text: `5 = ${t(`scale.${round}.5`)}` }));
  return {
    el: [intro, legend, dimensionSections(fw, item), note.el],
    update: () => {
      for (const { input, slot, value } of radios) input.checked = saves.valueOf(slot) === value;
      meta();
    },
  };
}

// Dot voting: stackable dots within a budget.
export function dotsScreen(ctx, intro) {
  const { fw, saves } = ctx;
  const { dotsPerParticipant: budget, maxDotsPerCompetence: perMax } = ctx.workshop.settings;
  const rows = [];
  const note = doneNote();
  const used = () => fw.competences.reduce((sum, c) => sum + (saves.valueOf(`dots:${c.id}`) || 0), 0);
  const paint = () => {
    const left = budget - used();
    note.show(left <= 0, t('phone.done.dots'));
    ctx.head.meta.textContent = t('dots.left', { n: left, total: budget });
    ctx.head.meta.dataset.dotsLeft = String(left);
    for (const row of rows) {
      const n = saves.valueOf(row.slot) || 0;
      row.count.textContent = String(n);
      row.count.setAttribute('aria-label', t('dots.count', { n, title: row.title }));
      row.pips.textContent = '●'.repeat(n) + '○'.repeat(Math.max(0, perMax - n));
      row.minus.disabled = n === 0;
      row.plus.disabled = n >= perMax || left <= 0;
    }
  };
  const set = (competence, count) => {
    saves.submit({ type: 'setDots', competence: competence.id, count }, `dots:${competence.id}`);
    const used = document.activeElement;
    paint();
    // A button that just got disabled would drop the focus to <body>: keep it in the row.
    if (used?.disabled) rows.find((r) => r.minus === used || r.plus === used)?.[used.dataset.dotsPlus ? 'minus' : 'plus'].focus();
  };
  const item = (competence) => {
    const slot = `dots:${competence.id}`;
    const { button, desc } = describe(competence);
    const title = pick(competence.title);
    const minus = h('button', { type: 'button', class: 'step', 'aria-label': t('dots.remove', { title }), text: '−', data: { dotsMinus: competence.id } });
    const plus = h('button', { type: 'button', class: 'step', 'aria-label': t('dots.add', { title }), text: '+', data: { dotsPlus: competence.id } });
    const count = h('output', { class: 'count', data: { dotsCount: competence.id } });
    const pips = h('span', { class: 'pips', 'aria-hidden': 'true' });
    minus.addEventListener('click', () => { const n = saves.valueOf(slot) || 0; if (n > 0) set(competence, n - 1); });
    plus.addEventListener('click', () => { const n = saves.valueOf(slot) || 0; if (n < perMax && used() < budget) set(competence, n + 1); });
    rows.push({ slot, minus, plus, count, pips, title });
    return h('div', { class: 'item', data: { competence: competence.id } }, button, desc,
      h('div', { class: 'stepper' }, minus, count, plus, pips), saves.statusLine(slot));
  };
  return { el: [intro, dimensionSections(fw, item), note.el], update: paint };
}

// The points round: LIMITS.pointsTotal points spread over the competences, sent as one
// allocation once they add up.
export function pointsScreen(ctx, intro) {
  const { fw, saves } = ctx;
  const total = LIMITS.pointsTotal;
  const sent = () => saves.valueOf('points') || {};
  let draft = { ...sent() };
  const rows = [];
  const sum = () => Object.values(draft).reduce((a, b) => a + (b || 0), 0);
  const sendButton = h('button', { type: 'button', class: 'btn btn-primary btn-block', data: { pointsSend: '' } });
  const sumLine = h('p', { class: 'points-sum', data: { pointsSum: '' } });
  const paint = () => {
    const current = sum();
    sumLine.textContent = t('points.sum', { sum: current, total });
    sumLine.dataset.state = current === total ? 'ok' : current > total ? 'over' : 'under';
    ctx.head.meta.textContent = t('points.sum', { sum: current, total });
    for (const row of rows) {
      const v = draft[row.id] || 0;
      if (document.activeElement !== row.input) row.input.value = String(v);
      row.minus.disabled = v === 0;
      row.plus.disabled = current >= total;
    }
    sendButton.disabled = current !== total;
    sendButton.textContent = current === total ? t('points.send') : t('points.mustBe', { total });
  };
  const setPoints = (id, value) => {
    draft[id] = Math.max(0, Math.min(total, Math.round(value) || 0));
    if (!draft[id]) delete draft[id];
    paint();
  };
  const item = (competence) => {
    const title = pick(competence.title);
    const { button, desc } = describe(competence);
    const input = h('input', {
      type: 'number', class: 'input points-input', min: 0, max: total, step: 5, inputmode: 'numeric',
      'aria-label': t('points.label', { title }), data: { points: competence.id },
    });
    input.addEventListener('input', () => setPoints(competence.id, Number(input.value)));
    const minus = h('button', { type: 'button', class: 'step', 'aria-label': t('points.less', { title }), text: '−' });
    const plus = h('button', { type: 'button', class: 'step', 'aria-label': t('points.more', { title }), text: '+' });
    minus.addEventListener('click', () => setPoints(competence.id, (draft[competence.id] || 0) - 5));
    plus.addEventListener('click', () => setPoints(competence.id, Math.min((draft[competence.id] || 0) + 5, (draft[competence.id] || 0) + total - sum())));
    rows.push({ id: competence.id, input, minus, plus });
    return h('div', { class: 'item', data: { competence: competence.id } }, button, desc, h('div', { class: 'stepper' }, minus, input, plus));
  };
  sendButton.addEventListener('click', () => {
    if (sum() !== total) return;
    saves.submit({ type: 'allocatePoints', points: { ...draft } }, 'points');
    paint();
  });
  return {
    el: [intro, dimensionSections(fw, item), h('div', { class: 'sticky-actions' }, sumLine, sendButton, saves.statusLine('points'))],
    // A reconnect repaints (the draft stays); a refusal goes back to what was sent.
    update: (revert) => { if (revert) draft = { ...sent() }; paint(); },
  };
}

// Ideas: short texts, held for the facilitator's approval; the participant's own listed
// with their state.
