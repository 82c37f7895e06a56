// The report's trust sections: the anonymity report (the minimum group size, how many
// figures were withheld, the rule, from the export's `anonymity`) and a table per group
// (results.groups), each under the same minimum.

import { h } from '../dom.js';
import { num, pick, signed, t } from '../i18n.js';
import { gapWithheld, groupUnderMinimum, meanOf, tooFew, valuesWithheld } from '../anonymity.js';
import { heading, section, wide } from './parts.js';

export function anonymitySection(data) {
  const anonymity = data.anonymity;
  if (!anonymity) return null;
  return section('anonymity',
    h('h2', { text: t('report.anonymityTitle') }),
    h('dl', { class: 'report-facts anonymity-facts' },
      h('dt', { text: t('report.anonymityMin', { n: anonymity.minGroupSize }) }),
      h('dd', { data: { anonymityWithheld: anonymity.withheldFigures ?? 0 }, text: t('report.anonymityWithheld', { n: anonymity.withheldFigures ?? 0 }) }),
      anonymity.rule ? [h('dt', { text: t('report.anonymityRule') }), h('dd', { data: { anonymityRule: '' }, text: anonymity.rule })] : null));
}

const words = () => h('span', { class: 'withheld', data: { withheld: '' }, text: tooFew() });

export function groupsSection(rep, data) {
  const entries = data.results?.groups || [];
  if (!entries.length) return null;
  const names = new Map((data.workshop.settings?.groups || []).map((g) => [g.id, pick(g.name) || g.id]));
  return section('groups',
    ...heading(t('report.groupsTitle'), t('report.groupsHelp')),
    entries.map((entry) => groupTable(rep, data, entry, names.get(entry.group) || entry.group)));
}

function groupTable(rep, data, entry, name) {
  const under = groupUnderMinimum(entry, data.results);
  const rows = entry.competences || [];
  const expected = rows.some((r) => r.expectedLevel);
  const title = t('report.groupTitle', { name, people: t('report.participantsCount', { n: entry.participants || 0 }) });
  const mean = (stats) => (under || valuesWithheld(stats) ? words() : num(meanOf(stats)));
  return h('div', { class: 'group-block', data: { groupTable: entry.group, withheld: under ? 'yes' : null } },
    h('h3', { text: title }),
    under ? h('p', { class: 'section-help', text: t('results.tooFew', { n: data.results.minGroupSize }) }) : null,
    wide(title, h('table', { class: 'report-table group-table' },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'name', text: t('report.col.competence') }),
        h('th', { scope: 'col', class: 'num', text: t('board.short.importance') }),
        h('th', { scope: 'col', class: 'num', text: t('board.short.level') }),
        expected ? h('th', { scope: 'col', class: 'num', text: t('report.col.expected') }) : null,
        h('th', { scope: 'col', class: 'num', text: t('board.short.gap') }))),
      h('tbody', {}, rows.map((r) => h('tr', { data: { competence: r.competence } },
        h('th', { scope: 'row', class: 'name' }, rep.swatch(r.competence), rep.titleOf(r.competence)),
        h('td', { class: 'num' }, mean(r.importance)),
        h('td', { class: 'num' }, mean(r.level)),
        expected ? h('td', { class: 'num', text: r.expectedLevel ? String(r.expectedLevel) : '–' }) : null,
        h('td', { class: 'num' }, under || gapWithheld(r) ? words() : signed(r.gap ?? null))))))));
}
