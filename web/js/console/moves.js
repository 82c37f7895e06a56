// What the remote's buttons and the console's shortcuts do, each worked out from the
// server's state at the moment of use (never from something this console remembers), so
// two consoles on one workshop lead to the same place.

import { t } from '../i18n.js';
import { blankToggled, stepFocus } from '../screen-order.js';
import { roundAction } from './rounds.js';

/** The default timer the shortcut starts (seconds). */
export const DEFAULT_TIMER = 120;

const focusOf = (room) => room.store.state.focus || { screen: 'lobby' };

/** The active round if it takes answers or waits for its reveal, else null. */
export function runningRound(st) {
  const round = st.activeRound;
  const phase = round ? st.rounds?.[round] : null;
  return phase === 'open' || phase === 'closed' ? round : null;
}

/** The board one screen on (`delta` 1) or back (-1); false at either end. */
export function moveBoard(room, delta) {
  // The overlays the focus panel would send with a wheel or matrix (console/focus.js), if any.
  const focus = stepFocus(room.fw, focusOf(room), delta, room.overlays?.() ?? focusOf(room).overlays);
  if (!focus) return Promise.resolve(false);
  return room.setFocus(focus, `focus:screen:${delta > 0 ? 'next' : 'prev'}`);
}

/** Blanks the board, or shows it again as it was (focus.blank). */
export const toggleBlank = (room) => room.setFocus(blankToggled(focusOf(room)), 'focus:blank');

/** Reveals the active round (open or closed); says so when there is none. */
export function revealActive(room) {
  const round = runningRound(room.store.state);
  if (!round) { room.toast(t('keys.nothingToReveal')); return Promise.resolve(false); }
  return roundAction(room, round, 'reveal');
}

/**
 * Starts the default timer for the open round. The one place the console's shortcut starts
 * a timer: swap it for the timer panel's own API (console/timer.js) where that is merged.
 */
export function startTimer(room) {
  // The timer panel's own start (its last length, its pending state) when it is on show.
  if (room.timer) return room.timer.start();
  const round = room.store.state.activeRound;
  if (!round || room.store.state.rounds?.[round] !== 'open') { room.toast(t('keys.noOpenRound')); return Promise.resolve(false); }
  return room.command('timer:start', { type: 'startTimer', round, seconds: DEFAULT_TIMER });
}
