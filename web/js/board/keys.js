// The board's keyboard shortcuts (the table is shortcuts.js). Full screen and the "?"
// overlay work for anyone; the shortcuts that change the workshop (next and previous
// screen, reveal, timer, blank) only where this browser keeps the workshop's facilitator
// key (known-workshops.js, where the console put it). They go over a facilitator socket of
// their own, opened on first use: the board's socket stays a board's (a facilitator's
// frames carry results a blind board must not show). Where they lead is read from the
// board's store, the server's state, so the console and the board agree.

import { errorText, t } from '../i18n.js';
import { Connection } from '../connection.js';
import { ROUND_ACTIONS } from '../contract.js';
import { knownWorkshops } from '../known-workshops.js';
import { blankToggled, stepFocus } from '../screen-order.js';
import { wireShortcuts } from '../shortcuts.js';
import { shortcutHelp } from '../shortcut-help.js';

/** The timer the shortcut starts (seconds), as on the console (console/moves.js). */
const DEFAULT_TIMER = 120;
const NOTE_MS = 4000;

/** A short line at the foot of the board: what a shortcut could not do. */
function noteLine(el) {
  let timer = null;
  return (message) => {
    el.textContent = message;
    el.hidden = false;
    clearTimeout(timer);
    timer = setTimeout(() => { el.textContent = ''; el.hidden = true; }, NOTE_MS);
  };
}

function toggleFullscreen() {
  const request = document.fullscreenElement ? document.exitFullscreen?.() : document.documentElement.requestFullscreen?.();
  request?.catch?.(() => {});
}

/**
 * Wires the shortcuts of the board of `ctx` (board/context.js) reading `store`; `ui.note`
 * is the line for what a shortcut could not do, `ui.help` the visible button for the overlay.
 */
export function boardKeys(ctx, store, ui) {
  const id = ctx.workshopId;
  const say = noteLine(ui.note);
  let control = null;
  const connection = (token) => {
    if (control) return control;
    control = new Connection({ role: 'facilitator', hello: () => ({ workshop: id, token }) });
    control.addEventListener('refused', (e) => say(errorText(e.detail.code, e.detail.message)));
    control.addEventListener('fatal', (e) => {
      control = null;
      if (e.detail.code === 'not_facilitator') knownWorkshops.forget(id);
      say(errorText(e.detail.code, e.detail.message));
    });
    return control.start();
  };
  /** Sends `message()` as the facilitator (nothing when it is null); only with the key. */
  const send = (message) => () => {
    const token = knownWorkshops.tokenFor(id);
    if (!token) { say(t('keys.noToken')); return; }
    const chosen = message(store.state);
    if (chosen) connection(token).submit(chosen);
  };
  const focus = (st) => st.focus || { screen: 'lobby' };
  const running = (st) => (['open', 'closed'].includes(st.rounds?.[st.activeRound]) ? st.activeRound : null);
  let help = null;
  const served = wireShortcuts({
    next: send((st) => { const f = stepFocus(ctx.fw, focus(st), 1); return f && { type: 'focus', focus: f }; }),
    prev: send((st) => { const f = stepFocus(ctx.fw, focus(st), -1); return f && { type: 'focus', focus: f }; }),
    blank: send((st) => ({ type: 'focus', focus: blankToggled(focus(st)) })),
    reveal: send((st) => {
      if (running(st)) return { type: ROUND_ACTIONS.reveal, round: st.activeRound };
      say(t('keys.nothingToReveal'));
      return null;
    }),
    timer: send((st) => {
      if (st.rounds?.[st.activeRound] === 'open') return { type: 'startTimer', round: st.activeRound, seconds: DEFAULT_TIMER };
      say(t('keys.noOpenRound'));
      return null;
    }),
    fullscreen: toggleFullscreen,
    help: () => help.show(),
  });
  help = shortcutHelp(served, {
    note: (shortcut) => (shortcut.changes && !knownWorkshops.tokenFor(id) ? 'keys.needsToken' : null),
    intro: () => (knownWorkshops.tokenFor(id) ? null : 'keys.noToken'),
  });
  ui.help.addEventListener('click', () => help.show(ui.help));
  return { help };
}

/** The black screen over everything while the focus says `blank`. */
export function blankScreen(el) {
  return (focus) => {
    const blank = Boolean(focus?.blank);
    el.hidden = !blank;
    document.body.toggleAttribute('data-blank', blank);
  };
}
