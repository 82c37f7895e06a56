// Dot voting: stackable dots within a budget.

import { h } from '../dom.js';
import { pick, t } from '../i18n.js';
import { describe, dimensionSections } from './common.js';

export function dotsScreen(ctx, intro) {
  const { fw, saves } = ctx;
  const { dotsPerParticipant: budget, maxDotsPerCompetence: perMax } = ctx.workshop.settings;
  const rows = [];
  const used = () => fw.competences.reduce((sum, c) => sum + (saves.valueOf(`dots:${c.id}`) || 0), 0);
  const paint = () => {
    const left = budget - used();
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
    paint();
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
  return { el: [intro, dimensionSections(fw, item)], update: paint };
}
