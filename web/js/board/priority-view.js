// Results view `priority`: the combined priority the report's top 3 uses (web/js/priority.js;
// the formula is in docs/results.md), with the three figures it is made of.

import { fill, h } from '../dom.js';
import { num, pick, signed, t } from '../i18n.js';
import { byPriority, isRated, priorityWithheld } from '../priority.js';
import { gapWithheld, meanText, tooFew, totalText } from '../anonymity.js';
import { notRelevantTag } from './ranking.js';
import { fitter } from './fit.js';

export function priorityView(ctx, body) {
  const list = h('ol', { class: 'priority-list', data: { priorityList: '' } });
  const head = h('div', { class: 'priority-row priority-head', 'aria-hidden': 'true' });
  const wrap = h('div', { class: 'priority-wrap' }, head, list);
  fill(body, wrap);
  const refit = fitter(wrap);
  let signature = '';
  return { update: () => {
    const results = ctx.state().results;
    const rows = byPriority(results).filter((r) => ctx.fw.byId.has(r.competence));
    // The vote term uses points when no dots were given, as the formula does.
    const votes = rows.some((r) => r.dots) || !rows.some((r) => r.points) ? 'dots' : 'points';
    const next = JSON.stringify([votes, rows.map((r) => [r.competence, r.rank, r.priority, r.gap, r.importance, r.level, r[votes], r.mostlyNotRelevant])]);
    if (next === signature) return refit();
    signature = next;
    fill(head, h('span'), h('span', { text: t('board.col.competence') }), h('span', { text: t('board.short.priority') }),
      h('span', { class: 'priority-num', text: t('board.short.gap') }),
      h('span', { class: 'priority-num', text: t('board.short.importance') }),
      h('span', { class: 'priority-num', text: t(`board.short.${votes}`) }));
    fill(list, rows.length ? rows.map((r) => {
      const c = ctx.fw.byId.get(r.competence);
      const rated = isRated(r);
      // Withheld (too few answers): listed last, with words instead of numbers.
      const withheld = priorityWithheld(r);
      const gap = typeof r.gap === 'number' ? r.gap : (r.importance?.mean != null && r.level?.mean != null ? r.importance.mean - r.level.mean : null);
      const words = (text) => h('span', { class: 'withheld', data: { withheld: '' }, text });
      return h('li', {
        class: rated && !withheld ? 'priority-row' : 'priority-row zero', style: { '--dim': c.dim.colour },
        data: { priorityRow: '', competence: c.id, rank: r.rank, priority: withheld ? null : r.priority ?? 0, withheld: withheld ? 'yes' : null },
      },
      h('span', { class: 'priority-rank', text: withheld ? '' : String(r.rank) }),
      h('span', { class: 'priority-title' }, pick(c.title), notRelevantTag(r)),
      h('span', { class: 'priority-bar' },
        h('span', { class: 'bar-track', 'aria-hidden': 'true' }, h('span', { style: { width: `${withheld ? 0 : Math.max(0, Math.min(100, r.priority || 0))}%` } })),
        withheld ? words(tooFew()) : h('strong', { class: 'priority-score', text: num(r.priority ?? 0, 0) })),
      h('span', { class: 'priority-num' }, gapWithheld(r) ? words(tooFew()) : signed(gap)),
      h('span', { class: 'priority-num', text: meanText(r.importance) }),
      h('span', { class: 'priority-num', text: totalText(r, votes) }));
    }) : h('li', { class: 'empty', text: t('board.noResults') }));
    refit(true);
  } };
}
