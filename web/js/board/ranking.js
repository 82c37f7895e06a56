// The gap view: competences by importance minus level, with a role profile's expected
// level, a re-run's changes, and each group's level beside the team's when the workshop
// has groups. A figure withheld by the minimum group size reads "for få svar".

import { fill, h } from '../dom.js';
import { num, pick, signed, t } from '../i18n.js';
import { groupUnderMinimum, meanOf, sharesLabel, tooFew, valuesWithheld } from '../anonymity.js';
import { tallyOf } from '../framework.js';
import { changeTag } from './context.js';
import { fitter } from './fit.js';

/** A number cell, or the words for a withheld figure. */
const figure = (withheld, text) => (withheld
  ? h('span', { class: 'withheld', data: { withheld: '' }, text: tooFew() })
  : h('span', { text }));

/** A competence most answered "Ikke relevant" for: a small tag after its name. */
export const notRelevantTag = (row) => (row?.mostlyNotRelevant
  ? h('span', { class: 'tag-not-relevant', data: { mostlyNotRelevant: '' }, text: t('anon.mostlyNotRelevant') }) : null);

/** The shares of "Ved ikke" and "Ikke relevant" per rating round, under the name (null when none). */
export function sharesLine(row) {
  const text = sharesLabel(row);
  return text ? h('span', { class: 'shares', data: { shares: text }, text }) : null;
}

/** Each group's level of a competence: {id, withheld, lev, expected}. */
function groupLevels(ctx, id) {
  const results = ctx.state().results;
  return ctx.groups().map((g) => {
    const entry = ctx.groupResults().find((x) => x.group === g.id);
    const row = tallyOf(entry, id);
    const under = groupUnderMinimum(entry, results);
    // A group with a role profile: its expected level beside its own level.
    return { id: g.id, withheld: under || valuesWithheld(row?.level), lev: under ? null : meanOf(row?.level), expected: row?.expectedLevel ?? null };
  });
}

export function rankingView(ctx, body) {
  const chosen = ctx.profile();
  const rerun = ctx.isRerun();
  const groups = ctx.groups();
  const columns = ['importance', 'level', ...(chosen ? ['expected'] : []), 'gap', ...groups.map((g) => `group:${g.id}`)];
  // Number columns: a mean with its change needs more room than the expected level alone.
  const widths = columns.map((k) => (k === 'expected' ? 7 : k.startsWith('group:') ? 9 : rerun ? 9.5 : 6.5));
  const layout = {
    '--nums': `${widths.reduce((a, w) => a + w, 0) + (widths.length - 1) * 0.8}rem`, '--num-cols': widths.map((w) => `${w}rem`).join(' '),
    // The groups' columns take their room from the names, so the 1-5 track stays readable.
    ...(groups.length ? { '--title-col': `${Math.max(20, 29 - groups.length * 2.5)}rem` } : {}),
  };
  const list = h('ol', { class: 'ranking', style: layout, data: { ranking: '' } });
  const label = (k) => (k.startsWith('group:') ? pick(groups.find((g) => `group:${g.id}` === k)?.name) : t(`board.short.${k}`));
  const headRow = h('div', { class: 'rank-row rank-head', style: layout, 'aria-hidden': 'true' },
    h('span'), h('span', { text: t('board.col.competence') }),
    h('span', { class: 'rank-scale' }, h('span', { text: '1' }), h('span', { text: '5' })),
    h('span', { class: 'rank-nums' }, columns.map((k) => h('span', { class: k.startsWith('group:') ? 'rank-group-head' : null, text: label(k) }))));
  const wrap = h('div', { class: 'ranking-wrap fit-ranking' }, headRow, list);
  fill(body, wrap);
  const refit = fitter(wrap);
  return { update: () => {
    const rows = ctx.fw.competences.map((c) => ({ c, ...ctx.means(c.id) }))
      .map((r) => ({
        ...r, gap: r.imp !== null && r.lev !== null ? r.imp - r.lev : null, gapWithheld: r.impWithheld || r.levWithheld,
        expected: r.row?.expectedLevel ?? chosen?.levels?.[r.c.id] ?? null, groups: groupLevels(ctx, r.c.id),
      }))
      .sort((a, b) => (b.gap ?? -99) - (a.gap ?? -99) || (b.imp ?? 0) - (a.imp ?? 0));
    const pos = (v) => `${((v - 1) / 4) * 100}%`;
    const fixed = (v) => (typeof v === 'number' ? v.toFixed(2) : null);
    fill(list, rows.map((r, i) => {
      const ch = r.row?.change || {};
      const cell = (key) => {
        if (key === 'importance') return h('span', { class: 'rank-num' }, figure(r.impWithheld, num(r.imp)), r.impWithheld ? null : changeTag(ch.importance));
        if (key === 'level') return h('span', { class: 'rank-num' }, figure(r.levWithheld, num(r.lev)), r.levWithheld ? null : changeTag(ch.level));
        if (key === 'expected') return h('span', { class: 'rank-num rank-expected' }, h('span', { text: r.expected ? String(r.expected) : '–' }));
        if (key.startsWith('group:')) {
          const g = r.groups.find((x) => `group:${x.id}` === key);
          return h('span', { class: 'rank-num rank-group', data: { group: g.id, groupLevel: g.lev?.toFixed(2) ?? '', withheld: g.withheld ? 'yes' : null } },
            figure(g.withheld, num(g.lev)),
            g.expected ? h('span', { class: 'rank-group-expected', data: { expected: g.expected }, text: `◇${g.expected}` }) : null);
        }
        return h('strong', { class: 'rank-num' }, figure(r.gapWithheld, r.gap === null ? '–' : signed(r.gap)), r.gapWithheld ? null : changeTag(ch.gap));
      };
      return h('li', {
        class: 'rank-row', style: { '--dim': r.c.dim.colour },
        data: {
          rankRow: '', competence: r.c.id, importance: r.imp?.toFixed(2) ?? '', level: r.lev?.toFixed(2) ?? '', gap: r.gap?.toFixed(2) ?? '',
          withheld: r.impWithheld || r.levWithheld ? 'yes' : null, mostlyNotRelevant: r.row?.mostlyNotRelevant ? 'yes' : null,
          expected: chosen ? (r.expected ?? '') : null,
          changeImportance: fixed(ch.importance), changeLevel: fixed(ch.level), changeGap: fixed(ch.gap),
        },
      },
      h('span', { class: 'rank-no', text: String(i + 1) }),
      h('span', { class: 'rank-title' }, h('span', { class: 'rank-name' }, pick(r.c.title), notRelevantTag(r.row)), sharesLine(r.row)),
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
