// Which screen the phone shows: waiting, the open round, its results after a reveal, or the
// action plan while the board shows it. A screen is {el, update(revert)?, ideas()?}; it is
// rebuilt only when what it shows changes, so a tap in progress survives an update.

import { fill, h } from '../dom.js';
import { t } from '../i18n.js';
import { RATING_ROUNDS } from '../framework.js';
import { dotsScreen } from './dots.js';
import { ideasScreen } from './ideas.js';
import { pointsScreen } from './points.js';
import { ratingScreen } from './rating.js';
import { resultsScreen } from './results.js';
import { planScreen, waitingScreen } from './waiting.js';

function roundScreen(ctx, round) {
  ctx.head.title.textContent = t(`round.${round}.name`);
  const { settings } = ctx.workshop;
  const intro = h('header', { class: 'round-head' },
    h('h1', { text: t(`round.${round}.question`) }),
    h('p', { text: t(`round.${round}.help`, { dots: settings.dotsPerParticipant, max: settings.maxDotsPerCompetence }) }));
  if (RATING_ROUNDS.includes(round)) return ratingScreen(ctx, round, intro);
  if (round === 'dots') return dotsScreen(ctx, intro);
  if (round === 'points') return pointsScreen(ctx, intro);
  return ideasScreen(ctx, intro);
}

/**
 * The phone's screen in `ui.content` (with its head `ui.roundTitle`, `ui.roundMeta`).
 * `phone` is the page's store: {conn, fw, saves}.
 */
export function phoneScreens(ui, phone) {
  let shown = '';
  let current = {};
  const render = () => {
    const { conn, fw, saves } = phone;
    if (!conn || !conn.store.workshop || ui.appScreen.hidden) return;
    const { state, you, workshop } = conn.store;
    delete document.documentElement.dataset.pageTitle;
    document.title = `${workshop.title} – Wheelhouse`;
    ui.whoami.textContent = you?.name ? t('join.youAre', { name: you.name }) : t('join.youAreAnonymous');
    saves.forgetResetRounds(state.rounds || {});
    const round = state.activeRound || null;
    const phase = round ? state.rounds?.[round] : null;
    const phaseScreen = !round || phase === 'idle' ? 'wait' : phase;
    // While no round is open, the board's action plan screen puts the plan on the phone too.
    const screen = phaseScreen !== 'open' && state.focus?.screen === 'actions' ? 'plan' : phaseScreen;
    // An open round is rebuilt only when the round changes (not when the board's focus
    // moves), so a tap in progress, an open description or the scroll position survive.
    const focusKey = screen === 'open' ? '' : [state.focus?.screen, state.focus?.dimension, state.focus?.caseID].join(',');
    const key = [screen, round, focusKey,
      screen === 'revealed' || screen === 'plan' ? JSON.stringify(state.results) + JSON.stringify(state.ideas) : '',
      screen === 'open' ? '' : JSON.stringify(state.actions || [])].join('|');
    if (key === shown) return;
    const screenChanged = shown.split('|').slice(0, 2).join('|') !== key.split('|').slice(0, 2).join('|');
    shown = key;
    if (screenChanged) {
      window.scrollTo(0, 0);
      saves.lastSaved = false;
    }
    saves.views.clear();
    if (!fw) {
      current = {};
      ui.roundTitle.textContent = workshop.title;
      ui.roundMeta.textContent = '';
      fill(ui.content, h('p', { class: 'notice', text: t('error.wheel') }));
      return;
    }
    const ctx = { fw, saves, state, workshop, head: { title: ui.roundTitle, meta: ui.roundMeta } };
    if (screen === 'open') current = roundScreen(ctx, round);
    else if (screen === 'plan') current = planScreen(ctx);
    else if (screen === 'revealed') current = resultsScreen(ctx, round);
    else current = waitingScreen(ctx, screen === 'closed' ? round : null);
    fill(ui.content, current.el);
    current.update?.();
    saves.paintChip();
  };
  return {
    render,
    /** Builds the screen again (a new language, another workshop's wheel). */
    rebuild: () => { shown = ''; render(); },
    /** Repaints the values on show (after a reconnect: the screen itself stays). */
    repaint: () => current.update?.(),
    revert: () => current.update?.(true),
    ideas: () => current.ideas?.(),
  };
}
