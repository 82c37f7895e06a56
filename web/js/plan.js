// The action plan: one action drawn for every page that shows it. The board, the phone and
// the console draw it as a card (each with its own look), the printed report as a table row;
// the fields, their order and their texts are decided here once.

import { h } from './dom.js';
import { date, pick, t } from './i18n.js';
import { tallyOf } from './framework.js';

export const STATUSES = ['planned', 'doing', 'done'];

/** The plan in the order of the team's priorities (rank 1 first; unranked last). */
export function byPriority(actions, results) {
  const rank = (id) => tallyOf(results, id)?.rank ?? 999;
  return (actions || []).slice().sort((a, b) => rank(a.competence) - rank(b.competence));
}

/** What a card shows, for an action of the workshop `fw`. */
function facts(action, fw) {
  const c = fw.byId.get(action.competence);
  const inspiration = action.inspiration && fw.inspiration.find((i) => i.id === action.inspiration);
  return { c, title: pick(c?.title) || action.competence, inspiration: inspiration ? pick(inspiration.title) : null };
}

/**
 * The looks of a card: the projector's big card, the phone's plan item, the console's
 * editable item. `data` names the data-* attributes the item carries.
 */
const LOOKS = {
  board: { item: 'action-card', data: ['action', 'competence', 'status'], label: 'eyebrow', what: 'h3', meta: 'action-meta', status: 'chip chip-big', colour: 'var(--accent)' },
  phone: { item: 'plan-item', data: ['action', 'status'], label: 'plan-competence', what: 'p', whatClass: 'plan-what', meta: 'plan-meta', status: 'chip', colour: 'var(--accent)' },
  console: { item: 'action-item', data: ['action'], label: 'eyebrow', what: 'p', meta: 'help', shortMeta: true, colour: '#888' },
};

/** One action as a card; `controls` (the console's) go at the bottom instead of the status chip. */
export function planCard(action, fw, look, controls = null) {
  const style = LOOKS[look];
  const { c, title } = facts(action, fw);
  const values = { action: action.id, competence: action.competence, status: action.status };
  const data = Object.fromEntries(style.data.map((key) => [key, values[key]]));
  const meta = style.shortMeta
    ? h('p', { class: style.meta, text: [action.owner, action.due && date(action.due)].filter(Boolean).join(' · ') })
    : h('p', { class: style.meta },
      action.owner ? h('span', { text: t('actions.owner', { owner: action.owner }) }) : null,
      action.due ? h('span', { text: t('actions.due', { date: date(action.due) }) }) : null);
  return h('li', { class: style.item, style: { '--dim': c?.dim.colour || style.colour }, data },
    h('p', { class: style.label, text: title }),
    h(style.what, { class: style.whatClass || 'action-what', text: action.what }),
    meta,
    controls || h('span', { class: style.status, data: { actionStatus: action.status }, text: t(`action.${action.status}`) }));
}

/** The plan as cards, in priority order. */
export function planCards(actions, fw, results, look) {
  return byPriority(actions, results).map((action) => planCard(action, fw, look));
}

/** The report's table: its head, and one row an action (the swatch marks the competence's colour). */
export function planTable(actions, fw, results, swatch) {
  const row = (a) => {
    const { title, inspiration } = facts(a, fw);
    return h('tr', { data: { action: a.id, status: a.status } },
      h('td', { class: 'comp' }, swatch(a.competence), title),
      h('td', { class: 'what' }, h('span', { text: a.what }),
        inspiration ? h('span', { class: 'inspiration', text: t('report.inspiration', { title: inspiration }) }) : null),
      h('td', { text: a.owner || '–' }),
      h('td', { class: 'nowrap', text: a.due ? date(a.due) : '–' }),
      h('td', {}, h('span', { class: 'status', data: { status: STATUSES.includes(a.status) ? a.status : 'planned' }, text: t(`action.${a.status}`) })));
  };
  return h('table', { class: 'report-table actions-table', data: { actionsTable: '' } },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', class: 'comp', text: t('report.col.competence') }),
      h('th', { scope: 'col', class: 'what', text: t('report.col.what') }),
      h('th', { scope: 'col', class: 'owner', text: t('fac.actionOwner') }),
      h('th', { scope: 'col', text: t('fac.actionDue') }),
      h('th', { scope: 'col', text: t('fac.actionStatus') }))),
    h('tbody', {}, byPriority(actions, results).map(row)));
}
