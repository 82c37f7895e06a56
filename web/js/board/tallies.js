// Totals per competence as ranked bars: the 100-point round's allocation (results view
// `points`, and the points round's screen after its reveal) and the dots after theirs.

import { fill, h } from '../dom.js';
import { pick, t } from '../i18n.js';
import { tallyOf } from '../framework.js';
import { tooFew, totalWithheld } from '../anonymity.js';
import { fitter } from './fit.js';

/** Ranked bars of `key` ('points' or 'dots') into `list`; returns the repaint. */
export function tallyBars(ctx, list, key) {
  const refit = fitter(list);
  let signature = '';
  return () => {
    const st = ctx.state();
    const rows = ctx.fw.competences.map((c) => ({ c, row: tallyOf(st.results, c.id) }))
      .map(({ c, row }) => ({ c, v: row?.[key] || 0, withheld: totalWithheld(row, key) }))
      // Most first; ties keep the wheel's order; withheld totals (too few took part) last.
      .sort((a, b) => (a.withheld - b.withheld) || b.v - a.v);
    const total = rows.reduce((sum, r) => sum + r.v, 0);
    const max = Math.max(1, ...rows.map((r) => r.v));
    const next = JSON.stringify(rows.map((r) => [r.c.id, r.v, r.withheld]));
    if (next === signature) return refit();
    signature = next;
    fill(list, rows.map((r, i) => h('li', {
      class: r.v ? 'bar-row tally-row' : 'bar-row tally-row zero', style: { '--dim': r.c.dim.colour },
      data: { tallyRow: key, competence: r.c.id, value: r.withheld ? null : r.v, withheld: r.withheld ? 'yes' : null },
    },
    h('span', { class: 'tally-rank', text: r.v ? String(i + 1) : '' }),
    h('span', { class: 'bar-title', text: pick(r.c.title) }),
    h('span', { class: 'bar-track', 'aria-hidden': 'true' }, h('span', { style: { width: `${(r.v / max) * 100}%` } })),
    r.withheld ? h('span', { class: 'bar-value withheld', data: { withheld: '' }, text: tooFew() })
      : h('strong', { class: 'bar-value', text: t(`board.unit.${key}`, { n: r.v }) }),
    h('span', { class: 'tally-share', text: total && !r.withheld ? `${Math.round((r.v / total) * 100)} %` : '' }))));
    refit(true);
  };
}

/** Results view `points`: where the team put its 100 points each. */
export function pointsView(ctx, body) {
  const list = h('ol', { class: 'bars tally-bars', data: { pointsList: '' } });
  fill(body, list);
  return { update: tallyBars(ctx, list, 'points') };
}
