// The phone's screens, and which one it shows: waiting, the open round (rating, dots,
// points, ideas), its results after a reveal, or the action plan while the board shows it.
// A screen is {el, update(revert)?, changed()?, ideas()?, confirmed(msg)?, refused(msg, code)?};
// it is rebuilt only when what it shows changes, so a tap in progress survives an update
// (changed() repaints it in place), and a rebuild gives the focus back to the same control
// (data-focus-key).

import { fill, h } from '../dom.js';
import { pick, t } from '../i18n.js';
import { RATING_ROUNDS } from '../framework.js';
import { dotsScreen, pointsScreen, ratingScreen } from './answer-screens.js';

/** How long after the first screen the phone fetches what it needs later. */
const SETTLE_MS = 1500;
/** How long after a failed fetch of the later screens the phone tries again. */
const RETRY_MS = 5000;

/**
 * The phone's screen in `ui.content` (with its head `ui.roundTitle`, `ui.roundMeta`).
 * `phone` is the page's store: {conn, fw, saves}; `afterFirstScreen` runs once the first
 * screen has been up for SETTLE_MS.
 */
export function phoneScreens(ui, phone, { afterFirstScreen } = {}) {
  let shown = '';
  let current = {};
  // The group picker (phone/group.js) is loaded only by a workshop that has groups.
  let groupUi = null;
  let loadingGroups = null;
  // The round's countdown (phone/timer.js) is loaded the first time a timer runs.
  let timerUi = null;
  let loadingTimer = null;
  // Results, the action plan and the ideas round (phone/later-screens.js): loaded when first
  // due, or in the background soon after the first screen. Until it is in, such a screen
  // shows the waiting screen (no answers to tap); loading it never rebuilds another screen.
  let later = null;
  let settled = false;
  let loadingLater = null;
  let laterFailures = 0;
  let retryAt = 0;
  const loadLater = () => {
    if (loadingLater || Date.now() < retryAt) return;
    // A failed module fetch stays failed for its address: a retry asks under a new one. The
    // first, literal address is what the service worker's copy and the tests follow.
    const fetched = laterFailures ? import(`./later-screens.js?retry=${laterFailures}`) : import('./later-screens.js');
    loadingLater = fetched.then((module) => { later = module; render(); }, () => {
      loadingLater = null;
      laterFailures += 1;
      retryAt = Date.now() + RETRY_MS;
      render();
      setTimeout(render, RETRY_MS);
    });
  };
  const render = () => {
    const { conn, fw, saves } = phone;
    if (!conn || !conn.store.workshop || ui.appScreen.hidden) return;
    const { state, you, workshop } = conn.store;
    if (!settled) {
      // The rest comes quietly once the first screen is up: before it, on a slow line, it
      // would queue ahead of the wheel and the first answer.
      settled = true;
      setTimeout(() => { if (!later) loadLater(); afterFirstScreen?.(); }, SETTLE_MS);
    }
    delete document.documentElement.dataset.pageTitle;
    document.title = `${workshop.title} – Wheelhouse`;
    const groups = workshop.settings?.groups || [];
    if (groups.length && !groupUi) {
      loadingGroups ||= import('./group.js').then((module) => { groupUi = module; shown = ''; render(); }, () => { loadingGroups = null; });
    }
    const group = groupUi ? groupUi.currentGroup(conn, saves) : null;
    // Asked once after joining (a group or "Spring over"), again on "Skift gruppe".
    const picking = Boolean(groupUi) && groups.length > 0 && (phone.pickingGroup || (!group && !groupUi.groupAsked(workshop)));
    const who = you?.name ? t('join.youAre', { name: you.name }) : t('join.youAreAnonymous');
    ui.whoami.textContent = groups.length && group ? `${who} ${t('group.yours', { name: groupUi.groupName(workshop, group) })}` : who;
    if (ui.changeGroup) ui.changeGroup.hidden = !groupUi || !groups.length || picking;
    saves.forgetResetRounds(state.rounds || {});
    saves.backedFrom(state.answers?.backed);
    const round = state.activeRound || null;
    const phase = round ? state.rounds?.[round] : null;
    const phaseScreen = !round || phase === 'idle' ? 'wait' : phase;
    // While no round is open, the board's action plan screen puts the plan on the phone too.
    const screen = picking ? 'group' : phaseScreen !== 'open' && state.focus?.screen === 'actions' ? 'plan' : phaseScreen;
    if (state.timer && !timerUi) {
      loadingTimer ||= import('./timer.js').then((module) => { timerUi = module.phoneTimer(ui, phone); render(); }, () => { loadingTimer = null; });
    }
    timerUi?.update(screen === 'open');
    const needsLater = screen === 'plan' || screen === 'revealed' || (screen === 'open' && round === 'ideas')
      || (screen !== 'open' && state.actions?.length > 0);
    const placeholder = needsLater && !later;
    if (placeholder) loadLater();
    // An open round is rebuilt only when the round changes (not when the board's focus
    // moves), so a tap in progress, an open description or the scroll position survive.
    const focusKey = screen === 'open' ? '' : [state.focus?.screen, state.focus?.dimension, state.focus?.caseID].join(',');
    const key = [screen, round, focusKey,
      screen === 'revealed' || screen === 'plan' ? JSON.stringify(state.results) + JSON.stringify(state.ideas) : '',
      screen === 'open' ? '' : JSON.stringify(state.actions || []), placeholder ? `waiting:${laterFailures}` : ''].join('|');
    if (key === shown) { current.changed?.(); return; }
    // The screen that stood in for one still loading counts as another screen.
    const screenChanged = shown.split('|').slice(0, 2).join('|') !== key.split('|').slice(0, 2).join('|')
      || /\|waiting:\d+$/.test(shown);
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
    const ctx = { fw, saves, state, workshop, later, store: conn.store, head: { title: ui.roundTitle, meta: ui.roundMeta } };
    const focused = document.activeElement?.dataset?.focusKey;
    if (placeholder) current = waitingScreen(ctx, screen === 'revealed' ? round : null, laterFailures > 0);
    else if (screen === 'group') current = groupUi.groupScreen(ctx, () => { phone.pickingGroup = false; render(); });
    else if (screen === 'open') current = roundScreen(ctx, round);
    else if (screen === 'plan') current = later.planScreen(ctx);
    else if (screen === 'revealed') current = later.resultsScreen(ctx, round);
    else current = waitingScreen(ctx, screen === 'closed' ? round : null);
    const lost = document.activeElement === document.body || ui.content.contains(document.activeElement)
      || ui.joinScreen.contains(document.activeElement);
    fill(ui.content, current.el);
    current.update?.();
    const again = focused && ui.content.querySelector(`[data-focus-key="${CSS.escape(focused)}"]`);
    if (again) again.focus();
    // A new screen took the control away: the focus goes to what it revealed, its heading.
    else if (screenChanged && lost) focusHeading(ui.content);
    saves.paintChip();
  };
  return {
    render,
    /** Shows the group picker again ("Skift gruppe"). */
    pickGroup: () => { phone.pickingGroup = true; render(); },
    /** Builds the screen again (a new language, another workshop's wheel). */
    rebuild: () => { shown = ''; render(); },
    /** Repaints the values on show (after a reconnect: the screen itself stays). */
    repaint: () => current.update?.(),
    revert: () => current.update?.(true),
    ideas: () => current.ideas?.(),
    confirmed: (msg) => current.confirmed?.(msg),
    refused: (msg, code) => current.refused?.(msg, code),
  };
}

// Until the person has used the freshly loaded page (a key, a touch or a click), the focus
// stays where the browser put it, so the first Tab stop is the skip link.
let acted = false;
for (const type of ['keydown', 'pointerdown']) document.addEventListener(type, () => { acted = true; }, { capture: true, once: true });

/** Moves the focus to the screen's first heading (focusable by script only); not on a page
 * nobody has used yet. */
export function focusHeading(root) {
  const heading = root.querySelector('h1');
  if (!heading || !acted) return;
  heading.tabIndex = -1;
  heading.focus({ preventScroll: true });
}

// MARK: the screens between answers

function waitingScreen(ctx, closedRound, incomplete = false) {
  ctx.head.title.textContent = ctx.workshop.title;
  ctx.head.meta.textContent = closedRound ? t(`round.${closedRound}.name`) : '';
  return { el: [
    h('section', { class: 'card waiting', data: { waiting: closedRound ? 'closed' : 'idle' } },
      h('div', { class: 'waiting-mark', 'aria-hidden': 'true' }),
      h('h1', { text: closedRound ? t('wait.closedTitle') : t('wait.title') }),
      h('p', { text: closedRound ? t('wait.closedText') : t('wait.text') }),
      nextLine(ctx),
      incomplete ? h('p', { class: 'notice', data: { incomplete: '' }, text: t('phone.incomplete') }) : null),
    ctx.later?.planSection(ctx)] };
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

// MARK: the open round

function roundScreen(ctx, round) {
  ctx.head.title.textContent = t(`round.${round}.name`);
  const { settings } = ctx.workshop;
  const intro = h('header', { class: 'round-head' },
    h('h1', { text: t(`round.${round}.question`) }),
    h('p', { text: t(`round.${round}.help`, { dots: settings.dotsPerParticipant, max: settings.maxDotsPerCompetence }) }));
  if (RATING_ROUNDS.includes(round)) return ratingScreen(ctx, round, intro);
  if (round === 'dots') return dotsScreen(ctx, intro);
  if (round === 'points') return pointsScreen(ctx, intro);
  return ctx.later.ideasScreen(ctx, intro);
}
