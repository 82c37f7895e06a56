// The gap view: competences by importance minus level, with a role profile's expected
// level and a re-run's changes when there are any.

import { fill, h } from '../dom.js';
import { num, pick, signed, t } from '../i18n.js';
import { changeTag } from './context.js';
import { fitter } from './fit.js';

export function rankingView(ctx, body) {
  const chosen = ctx.profile();
  const rerun = ctx.isRerun();
  const columns = ['importance', 'level', ...(chosen ? ['expected'] : []), 'gap'];
  // Number columns: a mean with its change needs more room than the expected level alone.
  const widths = columns.map((k) => (k === 'expected' ? 7 : rerun ? 9.5 : 6.5));
  const layout = { '--nums': `${widths.reduce((a, w) => a + w, 0) + (widths.length - 1) * 0.8}rem`, '--num-cols': widths.map((w) => `${w}rem`).join(' ') };
  const list = h('ol', { class: 'ranking', style: layout, data: { ranking: '' } });
  const headRow = h('div', { class: 'rank-row rank-head', style: layout, 'aria-hidden': 'true' },
    h('span'), h('span', { text: t('board.col.competence') }),
    h('span', { class: 'rank-scale' }, h('span', { text: '1' }), h('span', { text: '5' })),
    h('span', { class: 'rank-nums' }, columns.map((k) => h('span', { text: t(`board.short.${k}`) }))));
  const wrap = h('div', { class: 'ranking-wrap fit-ranking' }, headRow, list);
  fill(body, wrap);
  const refit = fitter(wrap);
  return { update: () => {
    const rows = ctx.fw.competences.map((c) => ({ c, ...ctx.means(c.id) }))
      .map((r) => ({ ...r, gap: r.imp !== null && r.lev !== null ? r.imp - r.lev : null, expected: r.row?.expectedLevel ?? chosen?.levels?.[r.c.id] ?? null }))
      .sort((a, b) => (b.gap ?? -99) - (a.gap ?? -99) || (b.imp ?? 0) - (a.imp ?? 0));
    const pos = (v) => `${((v - 1) / 4) * 100}%`;
    const fixed = (v) => (typeof v === 'number' ? v.toFixed(2) : null);
    fill(list, rows.map((r, i) => {
      const ch = r.row?.change || {};
      const cell = (key) => {
        if (key === 'importance') return h('span', { class: 'rank-num' }, h('span', { text: num(r.imp) }), changeTag(ch.importance));
        if (key === 'level') return h('span', { class: 'rank-num' }, h('span', { text: num(r.lev) }), changeTag(ch.level));
        if (key === 'expected') return h('span', { class: 'rank-num rank-expected' }, h('span', { text: r.expected ? String(r.expected) : '–' }));
        return h('strong', { class: 'rank-num' }, h('span', { text: r.gap === null ? '–' : signed(r.gap) }), changeTag(ch.gap));
      };
      return h('li', {
        class: 'rank-row', style: { '--dim': r.c.dim.colour },
        data: {
          rankRow: '', competence: r.c.id, importance: r.imp?.toFixed(2) ?? '', level: r.lev?.toFixed(2) ?? '', gap: r.gap?.toFixed(2) ?? '',
          expected: chosen ? (r.expected ?? '') : null,
          changeImportance: fixed(ch.importance), changeLevel: fixed(ch.level), changeGap: fixed(ch.gap),
        },
      },
      h('span', { class: 'rank-no', text: String(i + 1) }),
      h('span', { class: 'rank-title', text: pick(r.c.title) }),
      h('span', { class: 'rank-track', 'aria-hidden': 'true' },
        r.imp !== null && r.lev !== null ? h('span', { class: 'rank-span', style: { left: pos(Math.min(r.imp, r.lev)), width: `${(Math.abs(r.imp - r.lev) / 4) * 100}%` } }) : null,
        chosen && r.expected ? h('span', { class: 'rank-exp', style: { left: pos(r.expected) } }) : null,
        r.lev !== null ? h('span', { class: 'rank-dot rank-lev', style: { left: pos(r.lev) } }) : null,
        r.imp !== null ? h('span', { class: 'rank-dot rank-imp', style: { left: pos(r.imp) } }) : null),
      h('span', { class: 'rank-nums' }, columns.map(cell)));
    }));
    refit(true); // every competence of several plugins: smaller rows rather than overlapping ones
  } };
}
