// The screens without answers: waiting for a round (or after one closed), and the action
// plan while the board shows it.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { nextLine, planList, planSection } from './common.js';

export function waitingScreen(ctx, closedRound) {
  ctx.head.title.textContent = ctx.workshop.title;
  ctx.head.meta.textContent = closedRound ? t(`round.${closedRound}.name`) : '';
  return { el: [
    h('section', { class: 'card waiting', data: { waiting: closedRound ? 'closed' : 'idle' } },
      h('div', { class: 'waiting-mark', 'aria-hidden': 'true' }),
      h('h1', { text: closedRound ? t('wait.closedTitle') : t('wait.title') }),
      h('p', { text: closedRound ? t('wait.closedText') : t('wait.text') }),
      nextLine(ctx)),
    planSection(ctx)] };
}

/** The board shows the action plan: so does the phone. */
export function planScreen(ctx) {
  const actions = ctx.state.actions || [];
  ctx.head.title.textContent = t('phone.plan.title');
  ctx.head.meta.textContent = t('phone.plan.count', { n: actions.length });
  return { el: [
    h('header', { class: 'round-head' },
      h('h1', { text: t('actions.title') }),
      h('p', { text: actions.length ? t('actions.planHelp') : t('phone.plan.empty') })),
    actions.length ? planList(ctx) : null] };
}
