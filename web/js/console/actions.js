// The action plan: a form for a new action (competences in the team's priority order,
// the plugins' inspiration for the chosen one) and the plan, each action's status editable.

import { fill, h, randomString } from '../dom.js';
import { pick, t } from '../i18n.js';
import { LIMITS } from '../contract.js';
import { planCard, STATUSES } from '../plan.js';
import { panel } from './panel.js';
import { dateField } from './date-field.js';

export function actionsPanel(room) {
  const { fw } = room;
  const list = h('ul', { class: 'action-list', data: { actionList: '' } });
  const form = actionForm(room);
  const controls = (action) => {
    const status = h('select', { class: 'input input-small', 'aria-label': t('fac.actionStatus'), data: { actionStatus: action.id } },
      STATUSES.map((s) => h('option', { value: s, text: t(`action.${s}`), selected: s === action.status })));
    status.dataset.focusKey = `action:${action.id}:status`;
    status.addEventListener('change', () => room.command(`action:${action.id}:status`, { type: 'saveAction', action: { ...action, status: status.value } }));
    const key = `action:${action.id}:remove`;
    return h('div', { class: 'btn-row' }, status,
      room.commands.bind(h('button', { type: 'button', class: 'btn btn-small', data: { actionRemove: action.id }, text: t('fac.actionRemove'),
        on: { click: () => room.command(key, { type: 'removeAction', action: action.id }) } }), key));
  };
  const update = (st) => {
    form.order(st.results);
    const actions = st.actions || [];
    fill(list, actions.length ? actions.map((action) => planCard(action, fw, 'console', controls(action)))
      : h('li', { class: 'help', text: t('fac.noActions') }));
  };
  // A removed action's buttons are gone: the next action's, else the form.
  const refocus = () => list.querySelector('[data-action-remove]') || form.el.querySelector('textarea');
  return { el: panel(t('fac.actions'), h('p', { class: 'help', text: t('fac.actionsHelp') }), list, form.el), update, refocus };
}

function actionForm(room) {
  const { fw } = room;
  const competence = h('select', { class: 'input', id: 'action-competence', data: { actionCompetence: '' } });
  const inspiration = h('select', { class: 'input', id: 'action-inspiration', data: { actionInspiration: '' } });
  const what = h('textarea', { class: 'input', id: 'action-what', rows: 2, maxlength: LIMITS.actionWhatLength, required: true, data: { actionWhat: '' } });
  const owner = h('input', { class: 'input', id: 'action-owner', maxlength: LIMITS.actionOwnerLength, data: { actionOwner: '' } });
  const due = dateField('action-due');
  const fillInspiration = () => {
    const options = fw.inspiration.filter((i) => i.competence === competence.value);
    fill(inspiration, h('option', { value: '', text: t('fac.noInspiration') }),
      options.map((i) => h('option', { value: i.id, text: pick(i.title) })));
    inspiration.disabled = !options.length;
  };
  competence.addEventListener('change', () => { competence.dataset.touched = 'yes'; fillInspiration(); });
  inspiration.addEventListener('change', () => {
    const chosen = fw.inspiration.find((i) => i.id === inspiration.value);
    if (chosen && !what.value.trim()) what.value = pick(chosen.title);
  });
  const field = (id, label, input) => h('div', { class: 'field' }, h('label', { for: id, text: t(label) }), input);
  const add = h('button', { type: 'submit', class: 'btn btn-small btn-primary', data: { actionAdd: '' }, text: t('fac.actionAdd') });
  room.commands.bind(add, 'action:add');
  const el = h('form', { class: 'action-form stack', data: { actionForm: '' }, on: { submit: async (event) => {
    event.preventDefault();
    if (room.commands.busy('action:add')) return;
    if (!what.value.trim()) { what.focus(); return; }
    const when = due.value();
    if (when === null) { due.input.focus(); return; }
    const action = { id: `a${randomString(11)}`, competence: competence.value, what: what.value.trim(), status: 'planned' };
    if (owner.value.trim()) action.owner = owner.value.trim();
    if (when) action.due = when;
    if (inspiration.value) action.inspiration = inspiration.value;
    // The form keeps what was typed until the server has the action.
    if (!await room.command('action:add', { type: 'saveAction', action })) return;
    what.value = ''; owner.value = ''; due.clear(); inspiration.value = '';
  } } },
  h('h3', { text: t('fac.actionNew') }),
  field('action-competence', 'fac.competence', competence),
  field('action-inspiration', 'fac.actionInspiration', inspiration),
  field('action-what', 'fac.actionWhat', what),
  h('div', { class: 'two' }, field('action-owner', 'fac.actionOwner', owner),
    h('div', { class: 'field' }, h('label', { for: 'action-due', text: t('fac.actionDue') }), due.input, due.format, due.error)),
  add);

  /** The competence list follows the current priority, so the top ones come first. */
  const order = (results) => {
    const ranked = (results?.competences || []).slice().sort((a, b) => a.rank - b.rank).map((r) => r.competence);
    const ids = ranked.length ? ranked : fw.competences.map((c) => c.id);
    if (competence.dataset.order === ids.join()) return;
    const current = competence.value;
    competence.dataset.order = ids.join();
    fill(competence, ids.map((id, i) => h('option', { value: id, text: `${ranked.length ? `${i + 1}. ` : ''}${pick(fw.byId.get(id)?.title)}` })));
    // Until the facilitator picks one, the top priority is preselected.
    if (current && competence.dataset.touched === 'yes') competence.value = current;
    fillInspiration();
  };
  return { el, order };
}
