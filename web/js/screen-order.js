// The board's screens in the order a workshop runs through them, for "next screen" and
// "previous screen" (the remote's buttons and the keyboard, on the console and the board):
// the lobby, the wheel's overview, each dimension, the round, every results view, the
// action plan. Everything here is worked out from the server's focus alone, so two
// consoles (or a console and the board) pressing "next" agree on where it leads.

import { BOARD_VIEWS } from './contract.js';

/** Every results view, the two of issue 11 too (until contract.js, made from the server, lists them). */
export const RESULT_VIEWS = [...new Set([...BOARD_VIEWS, 'points', 'priority'])];

/** The screens of wheel `fw` in order, each a focus the board can show. */
export function screenSteps(fw) {
  return [
    { screen: 'lobby' },
    { screen: 'intro' },
    ...fw.dimensions.map((d) => ({ screen: 'intro', dimension: d.id })),
    { screen: 'round' },
    ...RESULT_VIEWS.map((view) => ({ screen: 'results', view })),
    { screen: 'actions' },
  ];
}

/**
 * Where `focus` stands in `steps`: a step's index, or half way past one (a competence is
 * just after its dimension, a case just after the overview), so next and back both move.
 */
function position(fw, steps, focus) {
  const f = focus || { screen: 'lobby' };
  const at = (match) => steps.findIndex(match);
  switch (f.screen) {
    case 'intro': {
      const dim = f.dimension || fw.byId.get(f.competence)?.dim.id;
      const own = dim ? at((s) => s.dimension === dim) : at((s) => s.screen === 'intro' && !s.dimension);
      return own + (f.competence || f.caseID ? 0.5 : 0);
    }
    case 'results': return at((s) => s.screen === 'results' && s.view === (f.view || 'wheel'));
    default: return Math.max(0, at((s) => s.screen === f.screen));
  }
}

/** Results views that draw the focus's `overlays`. */
const LAYERED = ['wheel', 'matrix'];

/**
 * The focus one screen on (`delta` 1) or back (-1) from `focus`; null at either end. A wheel
 * or matrix gets `overlays` (the console's choice, else the current focus's) when there are any.
 */
export function stepFocus(fw, focus, delta, overlays = focus?.overlays) {
  const steps = screenSteps(fw);
  const here = position(fw, steps, focus);
  const index = delta > 0 ? Math.floor(here) + 1 : Math.ceil(here) - 1;
  if (index < 0 || index >= steps.length) return null;
  const step = { ...steps[index] };
  return LAYERED.includes(step.view) && Array.isArray(overlays) && overlays.length ? { ...step, overlays: [...overlays] } : step;
}

/**
 * The same focus with the board blanked, or shown again (`blank` left out): the rest of the
 * focus stays, so the screen comes back as it was.
 */
export function blankToggled(focus) {
  const { blank, ...rest } = focus || { screen: 'lobby' };
  return blank ? rest : { ...rest, blank: true };
}
