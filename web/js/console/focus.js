// What the board shows: the lobby, the wheel's introduction (step by step, a dimension, a
// competence, a case), the round, a results view, the action plan; and the overlays on the
// wheel and the matrix (checkboxes, at most three: sent as the focus's `overlays`).

import { $$, h } from '../dom.js';
import { has, pick, t } from '../i18n.js';
import { RESULT_VIEWS as VIEWS } from '../screen-order.js';
import { MAX_OVERLAYS, availableOverlays } from '../overlays.js';
import { panel } from './panel.js';

/** Views that draw the overlays. */
const LAYERED = ['wheel', 'matrix'];
/** A view's name: the board's title for it, the console's own until the board has one. */
export const viewName = (view) => (has(`view.${view}.title`) ? t(`view.${view}.title`) : t(`fac.view.${view}`));

export function focusPanel(room) {
  const { fw } = room;
  const now = h('p', { class: 'focus-now', data: { focusNow: '' }, 'aria-live': 'polite' });
  // Each button is bound to its own command: it shows pending until the board's focus is acked.
  const show = (button, key, focus) => {
    room.commands.bind(button, key);
    button.addEventListener('click', () => room.setFocus(typeof focus === 'function' ? focus() : focus, key));
    return button;
  };
  const dimButtons = fw.dimensions.map((d, i) => show(h('button', { type: 'button', class: 'btn btn-small dim-btn', style: { '--dim': d.colour }, data: { focusDimension: d.id },
    text: `${i + 1}. ${pick(d.title)}` }), `focus:dimension:${d.id}`, { screen: 'intro', dimension: d.id }));
  const caseSelect = h('select', { class: 'input', id: 'case-select', data: { caseSelect: '' } },
    fw.cases.map((c) => h('option', { value: c.id, text: pick(c.title) })));
  const compSelect = h('select', { class: 'input', id: 'comp-select', data: { competenceSelect: '' } },
    fw.dimensions.map((d) => h('optgroup', { label: pick(d.title) }, d.competences.map((c) => h('option', { value: c.id, text: pick(c.title) })))));
  const overlays = overlayChoice(room);
  const focusButton = (label, focus, data) => {
    const key = typeof focus === 'function' ? `focus:results:${data.focusView}` : `focus:${focus.screen}:${focus.view || ''}`;
    return show(h('button', { type: 'button', class: 'btn btn-small', data, text: label }), key, focus);
  };
  const step = (delta) => () => nextIntro(fw, room.store.state.focus || {}, delta);
  const el = panel(t('fac.board'),
    now,
    h('div', { class: 'btn-row' },
      focusButton(t('fac.focus.lobby'), { screen: 'lobby' }, { focus: 'lobby' }),
      focusButton(t('fac.focus.wheel'), { screen: 'intro' }, { focus: 'intro' }),
      focusButton(t('fac.focus.round'), { screen: 'round' }, { focus: 'round' })),
    h('h3', { text: t('fac.intro') }),
    h('div', { class: 'btn-row' },
      show(h('button', { type: 'button', class: 'btn btn-small', data: { introStep: 'prev' }, text: `← ${t('fac.prev')}` }), 'focus:prev', step(-1)),
      show(h('button', { type: 'button', class: 'btn btn-small', data: { introStep: 'next' }, text: `${t('fac.next')} →` }), 'focus:next', step(1))),
    h('div', { class: 'dim-buttons' }, dimButtons),
    h('div', { class: 'inline-field' },
      h('label', { for: 'comp-select', text: t('fac.competence') }), compSelect,
      show(h('button', { type: 'button', class: 'btn btn-small', text: t('fac.show'), data: { showCompetence: '' } }), 'focus:competence', () => ({ screen: 'intro', competence: compSelect.value }))),
    fw.cases.length ? h('div', { class: 'inline-field' },
      h('label', { for: 'case-select', text: t('fac.case') }), caseSelect,
      show(h('button', { type: 'button', class: 'btn btn-small', text: t('fac.show'), data: { showCase: '' } }), 'focus:case', () => ({ screen: 'intro', caseID: caseSelect.value }))) : null,
    h('h3', { text: t('fac.results') }),
    h('div', { class: 'btn-row' }, VIEWS.map((view) => focusButton(viewName(view), () => overlays.focus({ screen: 'results', view }), { focusView: view })),
      focusButton(t('fac.focus.actions'), { screen: 'actions' }, { focus: 'actions' })),
    overlays.el);

  room.overlays = overlays.chosen;
  const update = (st) => {
    const f = st.focus || {};
    overlays.update(st);
    now.textContent = t('fac.now', { what: describe(fw, st.focus) });
    for (const button of $$('[data-focus], [data-focus-view], [data-focus-dimension]', el)) {
      const on = (button.dataset.focus && button.dataset.focus === f.screen && !f.dimension && !f.competence && !f.caseID && button.dataset.focus !== 'results')
        || (button.dataset.focusView && f.screen === 'results' && (f.view || 'wheel') === button.dataset.focusView)
        || (button.dataset.focusDimension && f.screen === 'intro' && f.dimension === button.dataset.focusDimension);
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
    }
  };
  return { el, update };
}

/**
 * The overlays' checkboxes: the layers this workshop has (overlays.js), at most three at a
 * time. The choice goes with every wheel and matrix focus, and a change is sent at once
 * while the board shows one of them. Until the facilitator chooses, it is what the board's
 * focus says (or the board's default: the role profile and the earlier run).
 */
function overlayChoice(room) {
  const settings = room.store.workshop?.settings || room.snapshot.workshop.settings || {};
  const offered = availableOverlays({
    profile: room.fw.roleProfiles.find((p) => p.id === settings.roleProfile) || null,
    rerun: Boolean(room.store.workshop?.rerunOf || room.snapshot.workshop.rerunOf),
    groups: settings.groups || [],
  });
  let picked = null; // null: not chosen yet
  const boxes = offered.map((o, i) => h('input', { type: 'checkbox', id: `overlay-${i}`, data: { overlay: o.key } }));
  const limit = () => {
    const count = boxes.filter((b) => b.checked).length;
    for (const b of boxes) b.disabled = !b.checked && count >= MAX_OVERLAYS;
  };
  const chosen = () => (picked ?? boxes.filter((b) => b.checked).map((b) => b.dataset.overlay));
  const paint = (keys) => { for (const b of boxes) b.checked = keys.includes(b.dataset.overlay); limit(); };
  for (const box of boxes) {
    box.addEventListener('change', () => {
      limit();
      picked = boxes.filter((b) => b.checked).map((b) => b.dataset.overlay);
      const f = room.store.state.focus || {};
      if (f.screen === 'results' && LAYERED.includes(f.view || 'wheel')) {
        room.setFocus({ ...f, view: f.view || 'wheel', overlays: picked }, 'focus:overlays');
      }
    });
  }
  const el = h('fieldset', { class: 'group overlay-choice', data: { overlayChoice: '' } },
    h('legend', { text: t('fac.overlays') }),
    offered.length
      ? [h('p', { class: 'help', text: t('fac.overlaysHelp') }),
        offered.map((o, i) => h('label', { class: 'check', for: `overlay-${i}` }, boxes[i], h('span', { text: o.label })))]
      : h('p', { class: 'help', text: t('fac.overlaysNone') }));
  return {
    el, chosen,
    /** A results focus with the chosen overlays (wheel and matrix; none when the workshop has none to offer). */
    focus: (f) => (offered.length && LAYERED.includes(f.view) ? { ...f, overlays: chosen() } : f),
    update(st) {
      if (picked) return;
      const keys = Array.isArray(st.focus?.overlays) ? st.focus.overlays
        : offered.filter((o) => o.kind !== 'group').map((o) => o.key);
      paint(keys);
    },
  };
}

/** The introduction one dimension on or back from where the board is. */
function nextIntro(fw, focus, delta) {
  const ids = fw.dimensions.map((d) => d.id);
  let i = focus.screen === 'intro' && focus.dimension ? ids.indexOf(focus.dimension) : -1;
  if (focus.screen === 'intro' && focus.competence) i = ids.indexOf(fw.byId.get(focus.competence)?.dim.id);
  const next = i + delta;
  if (next < 0) return { screen: 'intro' };
  return { screen: 'intro', dimension: ids[Math.min(next, ids.length - 1)] };
}

/** What the board shows, in words. */
export function describe(fw, focus) {
  if (!focus) return '';
  if (focus.screen === 'intro') {
    if (focus.caseID) return t('fac.now.case', { title: pick(fw.cases.find((c) => c.id === focus.caseID)?.title) });
    if (focus.competence) return t('fac.now.competence', { title: pick(fw.byId.get(focus.competence)?.title) });
    if (focus.dimension) return t('fac.now.dimension', { title: pick(fw.dimById.get(focus.dimension)?.title) });
    return t('fac.now.wheel');
  }
  if (focus.screen === 'results') return t('fac.now.results', { view: viewName(focus.view || 'wheel') });
  return t(`fac.now.${focus.screen}`);
}
