// The board's screens: the one the facilitator's focus names is on the projector, rebuilt
// only when the focus moves (updates repaint it in place).

import { fill } from '../dom.js';
import { i18n, t } from '../i18n.js';
import { lobbyScreen } from './lobby.js';
import { roundScreen } from './round.js';
import { resultsScreen } from './results.js';
import { caseScreen, competenceScreen, dimensionScreen, overviewScreen } from './intro.js';
import { actionsScreen } from './actions.js';
import { fitScreen } from './fit.js';

function build(ctx, focus) {
  switch (focus.screen) {
    case 'intro':
      if (focus.caseID) return caseScreen(ctx, focus.caseID);
      if (focus.competence) return competenceScreen(ctx, focus.competence);
      if (focus.dimension) return dimensionScreen(ctx, focus.dimension);
      return overviewScreen(ctx);
    case 'round': return roundScreen(ctx);
    case 'results': return fittedBody(resultsScreen(ctx, focus.view || 'wheel'));
    case 'actions': return actionsScreen(ctx);
    default: return lobbyScreen(ctx);
  }
}

/**
 * A results screen whose list may outgrow the projector (every competence of several
 * plugins) shrinks its type after each repaint; the wheel and matrix scale themselves.
 */
function fittedBody(screen) {
  const body = screen.el.querySelector('.results-body');
  const view = screen.el.dataset.view;
  if (!body || view === 'wheel' || view === 'matrix') return screen;
  return { ...screen, update: () => { screen.update?.(); fitScreen(body); } };
}

/** Keeps the screen the focus names on the board, rebuilt only when the focus moves. */
export function followFocus(ctx, store, ui) {
  let screen = null; // {key, update()}
  const render = () => {
    if (!store.workshop) return;
    const st = store.state;
    ui.count.textContent = String(st.participants ?? 0);
    ui.countLabel.textContent = t('board.participants', { n: st.participants ?? 0 });
    const focus = st.focus || { screen: 'lobby' };
    const key = [focus.screen, focus.view, focus.dimension, focus.competence, focus.caseID, focus.screen === 'round' ? st.activeRound : '',
      focus.screen === 'results' ? JSON.stringify(focus.overlays ?? null) : ''].join('|');
    if (!screen || screen.key !== key) {
      screen = { key, ...build(ctx, focus) };
      ui.main.dataset.screen = focus.screen;
      ui.main.dataset.view = focus.screen === 'results' ? (focus.view || 'wheel') : '';
      ui.mini.hidden = focus.screen === 'lobby';
      ui.refitTitle?.(); // the small join box takes room from the title
      fill(ui.main, screen.el);
    }
    screen.update?.();
  };
  store.addEventListener('change', render);
  // Screens that fit themselves to the projector refit in their update.
  window.addEventListener('resize', () => screen?.update?.());
  i18n.addEventListener('change', () => { screen = null; render(); });
}
