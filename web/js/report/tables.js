// The report's tables: the priority ranking, the role profile, the change since the earlier run.

import { h } from '../dom.js';
import { change, num, pick, rankChange, signed, t } from '../i18n.js';
import { heading, section, used, wide } from './parts.js';
import { gapWithheld, meanOf, meanText, sharesLabel, tooFew, totalText, valuesWithheld } from '../anonymity.js';
import { priorityWithheld } from '../priority.js';

/** A withheld figure's words, marked for the eye and for tests. */
const words = () => h('span', { class: 'withheld', data: { withheld: '' }, text: tooFew() });
/** The shares of "Ved ikke" and "Ikke relevant", under the competence's name. */
const sharesLine = (r) => (sharesLabel(r) ? h('span', { class: 'shares', data: { shares: sharesLabel(r) }, text: sharesLabel(r) }) : null);
const gapCell = (r) => (gapWithheld(r) ? words() : signed(r.gap ?? null));

/** "Ikke relevant for de fleste" after a competence's name. */
export const notRelevantFlag = (r) => (r.mostlyNotRelevant
  ? h('span', { class: 'flag flag-not-relevant', data: { mostlyNotRelevant: '' }, text: t('anon.mostlyNotRelevant') }) : null);

export function rankingSection(rep, data, rows) {
  const dots = used(data, 'dots');
  const points = used(data, 'points');
  const columns = [
    { key: 'rank', label: '#', cls: 'num', cell: (r) => (r.rank === undefined || r.rank === null ? '' : String(r.rank)) },
    { key: 'competence', label: t('report.col.competence'), cls: 'name', cell: (r) => [rep.swatch(r.competence), rep.titleOf(r.competence), notRelevantFlag(r), sharesLine(r)] },
    { key: 'importance', label: t('board.short.importance'), cls: 'num', cell: (r) => (valuesWithheld(r.importance) ? words() : meanText(r.importance)) },
    { key: 'level', label: t('board.short.level'), cls: 'num', cell: (r) => (valuesWithheld(r.level) ? words() : meanText(r.level)) },
    { key: 'gap', label: t('board.short.gap'), cls: 'num', cell: gapCell },
    dots ? { key: 'dots', label: t('fac.col.dots'), cls: 'num', cell: (r) => totalText(r, 'dots') } : null,
    points ? { key: 'points', label: t('report.col.points'), cls: 'num', cell: (r) => totalText(r, 'points') } : null,
    { key: 'priority', label: t('report.col.priority'), cls: 'num', cell: (r) => (priorityWithheld(r) ? words() : num(r.priority, 0)) },
    { key: 'disagreement', label: t('report.col.split'), cls: 'flag-cell', cell: (r) => (r.disagreement ? h('span', { class: 'flag', text: t('report.yes') }) : '') },
  ].filter(Boolean);
  return section('ranking',
    ...heading(t('report.rankingTitle'), t('report.rankingHelp')),
    wide(t('report.rankingTitle'), h('table', { class: 'report-table ranking-table', data: { rankingTable: '' } },
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.cls, text: c.label })))),
      h('tbody', {}, rows.map((r) => h('tr', { data: { competence: r.competence, rank: r.rank, mostlyNotRelevant: r.mostlyNotRelevant ? 'yes' : null } },
        columns.map((c) => h(c.key === 'competence' ? 'th' : 'td', { class: c.cls, ...(c.key === 'competence' ? { scope: 'row' } : {}) }, c.cell(r)))))))),
    h('p', { class: 'table-note', text: t('report.rankingNote') }));
}

export function profileSection(rep, data, profile) {
  const rows = data.results.competences; // wheel order
  const pos = (v) => `${((v - 1) / 4) * 100}%`;
  const below = rows.filter((r) => r.expectedLevel && typeof meanOf(r.level) === 'number' && meanOf(r.level) < r.expectedLevel - 0.05).length;
  const title = t('report.profileTitle', { profile: pick(profile.title) });
  return section('profile',
    ...heading(title, [pick(profile.description), t('report.profileHelp')].filter(Boolean).join(' ')),
    wide(title, h('table', { class: 'report-table profile-table', data: { profileTable: '' } },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'name', text: t('report.col.competence') }),
        h('th', { scope: 'col', class: 'num', text: t('report.col.expected') }),
        h('th', { scope: 'col', class: 'num', text: t('report.col.teamLevel') }),
        h('th', { scope: 'col', class: 'num', text: t('report.col.difference') }),
        h('th', { scope: 'col', class: 'scale-cell' }, h('span', { class: 'scale-ends' }, h('span', { text: '1' }), h('span', { text: '5' }))))),
      h('tbody', {}, rows.map((r) => {
        const lev = meanOf(r.level);
        const diff = r.expectedLevel && lev !== null ? lev - r.expectedLevel : null;
        return h('tr', { data: { competence: r.competence, below: diff !== null && diff < -0.05 ? 'yes' : 'no' } },
          h('th', { scope: 'row', class: 'name' }, rep.swatch(r.competence), rep.titleOf(r.competence)),
          h('td', { class: 'num', text: r.expectedLevel ? String(r.expectedLevel) : '–' }),
          h('td', { class: 'num' }, valuesWithheld(r.level) ? words() : num(lev)),
          h('td', { class: diff !== null && diff < -0.05 ? 'num below' : 'num' }, valuesWithheld(r.level) ? words() : signed(diff)),
          h('td', { class: 'scale-cell', 'aria-hidden': 'true' }, h('span', { class: 'mini-track' },
            r.expectedLevel ? h('span', { class: 'mini-exp', style: { left: pos(r.expectedLevel) } }) : null,
            lev !== null ? h('span', { class: 'mini-dot', style: { left: pos(lev), '--dim': rep.competence(r.competence)?.dim.colour || '#888' } }) : null)));
      })))),
    h('p', { class: 'table-note', text: t('report.profileNote', { n: below }) }));
}

export function changeSection(rep, data, rows) {
  const earlier = rep.earlier?.title || data.rerunOf;
  const cell = (now, delta, digits = 1, format = num, withheld = false) => (withheld ? words() : [h('span', { class: 'now', text: now === null || now === undefined ? '–' : format(now, digits) }), ' ',
    h('span', { class: 'delta', text: typeof delta === 'number' ? change(delta, digits) : '' })]);
  return section('change',
    ...heading(t('report.changeTitle'), t('report.changeHelp', { earlier })),
    wide(t('report.changeTitle'), h('table', { class: 'report-table change-table', data: { changeTable: '' } },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'name', text: t('report.col.competence') }),
        h('th', { scope: 'col', class: 'num', text: t('board.short.importance') }),
        h('th', { scope: 'col', class: 'num', text: t('board.short.level') }),
        h('th', { scope: 'col', class: 'num', text: t('board.short.gap') }),
        h('th', { scope: 'col', class: 'num', text: t('report.col.rank') }))),
      h('tbody', {}, rows.map((r) => {
        const ch = r.change || {};
        return h('tr', { data: { competence: r.competence } },
          h('th', { scope: 'row', class: 'name' }, rep.swatch(r.competence), rep.titleOf(r.competence)),
          h('td', { class: 'num' }, cell(meanOf(r.importance), ch.importance, 1, num, valuesWithheld(r.importance))),
          h('td', { class: 'num' }, cell(meanOf(r.level), ch.level, 1, num, valuesWithheld(r.level))),
          h('td', { class: 'num' }, cell(r.gap, ch.gap, 1, signed, gapWithheld(r))),
          h('td', { class: 'num' }, h('span', { class: 'now', text: r.rank === undefined || r.rank === null ? '–' : String(r.rank) }), ' ',
            h('span', { class: 'delta', text: typeof ch.rank === 'number' ? rankChange(ch.rank) : '' })));
      })))),
    h('p', { class: 'table-note', text: t('report.changeNote') }));
}
