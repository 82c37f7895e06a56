// The live results table (only the facilitator sees results before a reveal).

import { fill, h } from '../dom.js';
import { num, pick, signed, t } from '../i18n.js';
import { panel } from './panel.js';

export function resultsPanel(room) {
  const table = h('table', { class: 'mini-results', data: { miniResults: '' } });
  const update = (st) => {
    const rows = (st.results?.competences || []).slice().sort((a, b) => a.rank - b.rank);
    fill(table,
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: '#' }), h('th', { scope: 'col', text: t('fac.col.competence') }),
        h('th', { scope: 'col' }, h('abbr', { title: t('board.short.importance'), text: t('fac.col.importance') })),
        h('th', { scope: 'col' }, h('abbr', { title: t('board.short.level'), text: t('fac.col.level') })),
        h('th', { scope: 'col', text: t('board.short.gap') }), h('th', { scope: 'col', text: t('fac.col.dots') }))),
      h('tbody', {}, rows.map((row) => {
        const c = room.fw.byId.get(row.competence);
        return h('tr', { data: { competence: row.competence, importance: row.importance.mean?.toFixed(2) ?? '', level: row.level.mean?.toFixed(2) ?? '' } },
          h('td', { text: String(row.rank) }),
          h('td', { style: { '--dim': c?.dim.colour || '#888' } }, h('span', { class: 'swatch', 'aria-hidden': 'true' }), pick(c?.title) || row.competence,
            row.disagreement ? h('span', { class: 'split', title: t('fac.split'), text: ' ⚡', 'aria-label': t('fac.split') }) : null),
          h('td', { text: num(row.importance.mean) }), h('td', { text: num(row.level.mean) }),
          h('td', { text: row.gap === null || row.gap === undefined ? '–' : signed(row.gap) }), h('td', { text: String(row.dots) }));
      })));
  };
  return { el: panel(t('fac.liveResults'), h('p', { class: 'help', text: t('fac.liveResultsHelp') }), table), update };
}
