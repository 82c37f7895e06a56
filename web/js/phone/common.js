// Pieces the phone's screens share: a competence's title that opens its description, the
// wheel's dimensions as sections, what comes next, the action plan below a screen.

import { h } from '../dom.js';
import { pick, t } from '../i18n.js';
import { planCards } from '../plan.js';

/** The competence's title as a button that shows and hides its description. */
export function describe(competence) {
  const id = `desc-${competence.id}`;
  const desc = h('div', { class: 'desc', id, hidden: true },
    h('p', { text: pick(competence.description) }),
    competence.examples?.length ? h('ul', { class: 'examples' }, competence.examples.slice(0, 3).map((e) => h('li', { text: pick(e) }))) : null);
  const button = h('button', {
    type: 'button', class: 'item-title', 'aria-expanded': 'false', 'aria-controls': id,
    on: { click: () => { const open = desc.hidden; desc.hidden = !open; button.setAttribute('aria-expanded', String(open)); } },
  }, h('span', { text: pick(competence.title) }), h('span', { class: 'more', 'aria-hidden': 'true', text: 'i' }));
  return { button, desc };
}

/** One section a dimension, `build(competence)` an item each. */
export function dimensionSections(fw, build) {
  return fw.dimensions.map((dim) => h('section', { class: 'dim', style: { '--dim': dim.colour }, data: { dimension: dim.id } },
    h('h2', { class: 'dim-title', text: pick(dim.title) }),
    dim.competences.map((c) => build(fw.byId.get(c.id)))));
}

/** What comes next, from the board's focus and the rounds not yet run. */
export function nextLine({ fw, state }, cls = 'next') {
  const focus = state.focus || { screen: 'lobby' };
  let text;
  if (focus.screen === 'intro' && focus.caseID) text = t('next.case', { title: pick(fw.cases.find((c) => c.id === focus.caseID)?.title) });
  else if (focus.screen === 'intro') {
    const dim = focus.dimension && fw.dimById.get(focus.dimension);
    text = dim ? t('next.introDimension', { title: pick(dim.title) }) : t('next.intro');
  } else if (focus.screen === 'results') text = t('next.results');
  else if (focus.screen === 'actions') text = t('next.actions');
  else {
    const upcoming = ['importance', 'level', 'dots'].find((r) => (state.rounds?.[r] || 'idle') === 'idle');
    text = upcoming ? t('next.round', { round: t(`round.${upcoming}.name`) }) : t('next.facilitator');
  }
  return h('p', { class: cls, data: cls === 'next' ? { next: '' } : {} }, h('strong', { text: `${t('next.label')} ` }), text);
}

/** The agreed actions, in the order of the team's priorities. */
export const planList = ({ fw, state }) => h('ol', { class: 'plan', data: { phonePlan: '' } }, planCards(state.actions, fw, state.results, 'phone'));

/** Below the waiting and result screens, once the team has agreed on something. */
export function planSection(ctx) {
  if (!ctx.state.actions?.length) return null;
  return h('section', { class: 'plan-section', data: { planSection: '' } },
    h('h2', { class: 'section-title', text: t('actions.title') }),
    planList(ctx));
}
