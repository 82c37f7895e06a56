// The points round: LIMITS.pointsTotal points spread over the competences, sent as one
// allocation once they add up.

import { h } from '../dom.js';
import { pick, t } from '../i18n.js';
import { LIMITS } from '../contract.js';
import { describe, dimensionSections } from './common.js';

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
