// The results table: what the board may show (after a reveal, or live without blind
// voting); a figure withheld by the minimum group size reads "for få svar".

import { fill, h } from '../dom.js';
import { pick, signed, t } from '../i18n.js';
import { panel } from './panel.js';
import { gapWithheld, meanText, tooFew, totalText } from '../anonymity.js';
import { byPriority } from '../priority.js';

export function resultsPanel(room) {
  const table = h('table', { class: 'mini-results', data: { miniResults: '' } });
  const update = (st) => {
    const rows = byPriority(st.results);
    fill(table,
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', text: '#' }), h('th', { scope: 'col', text: t('fac.col.competence') }),
        h('th', { scope: 'col' }, h('abbr', { title: t('board.short.importance'), text: t('fac.col.importance') })),
        h('th', { scope: 'col' }, h('abbr', { title: t('board.short.level'), text: t('fac.col.level') })),
        h('th', { scope: 'col', text: t('board.short.gap') }), h('th', { scope: 'col', text: t('fac.col.dots') }))),
      h('tbody', {}, rows.map((row) => {
        const c = room.fw.byId.get(row.competence);
        return h('tr', { data: { competence: row.competence, importance: row.importance?.mean?.toFixed(2) ?? '', level: row.level?.mean?.toFixed(2) ?? '' } },
          h('td', { text: row.rank === undefined || row.rank === null ? '' : String(row.rank) }),
          h('td', { style: { '--dim': c?.dim.colour || '#888' } }, h('span', { class: 'swatch', 'aria-hidden': 'true' }), pick(c?.title) || row.competence,
            row.disagreement ? h('span', { class: 'split', title: t('fac.split'), text: ' ⚡', 'aria-label': t('fac.split') }) : null),
          h('td', { text: meanText(row.importance) }), h('td', { text: meanText(row.level) }),
          h('td', { text: gapWithheld(row) ? tooFew() : row.gap === null || row.gap === undefined ? '–' : signed(row.gap) }), h('td', { text: totalText(row, 'dots') }));
      })));
  };
  // A narrow console (the remote on a phone) scrolls the table sideways: by keyboard too.
  const scroller = h('div', { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('fac.liveResults') }, table);
  return { el: panel(t('fac.liveResults'), h('p', { class: 'help', text: t('fac.liveResultsHelp') }), scroller), update };
}
