// The phone's screens, and which one it shows: waiting, the open round (rating, dots,
// points, ideas), its results after a reveal, or the action plan while the board shows it.
// A screen is {el, update(revert)?, changed()?, ideas()?, confirmed(msg)?, refused(msg, code)?};
// it is rebuilt only when what it shows changes, so a tap in progress survives an update
// (changed() repaints it in place), and a rebuild gives the focus back to the same control
// (data-focus-key).

import { fill, h } from '../dom.js';
import { num, pick, t } from '../i18n.js';
import { RATING_ROUNDS, tallyOf } from '../framework.js';
import { meanOf, suppressed, tooFew, totalWithheld, valuesWithheld } from '../anonymity.js';
import { planCards } from '../plan.js';
import { dimensionSections, dotsScreen, pointsScreen, ratingScreen } from './answer-screens.js';
import { backingSection, ideasScreen } from './ideas.js';

/**
 * The phone's screen in `ui.content` (with its head `ui.roundTitle`, `ui.roundMeta`).
 * `phone` is the page's store: {conn, fw, saves}.
 */
export function phoneScreens(ui, phone) {
  let shown = '';
  let current = {};
  // The group picker (phone/group.js) is loaded only by a workshop that has groups.
  let groupUi = null;
  let loadingGroups = null;
  // The round's countdown (phone/timer.js) is loaded the first time a timer runs.
  let timerUi = null;
  let loadingTimer = null;
  const render = () => {
    const { conn, fw, saves } = phone;
    if (!conn || !conn.store.workshop || ui.appScreen.hidden) return;
    const { state, you, workshop } = conn.store;
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
    // An open round is rebuilt only when the round changes (not when the board's focus
    // moves), so a tap in progress, an open description or the scroll position survive.
    const focusKey = screen === 'open' ? '' : [state.focus?.screen, state.focus?.dimension, state.focus?.caseID].join(',');
    const key = [screen, round, focusKey,
      screen === 'revealed' || screen === 'plan' ? JSON.stringify(state.results) + JSON.stringify(state.ideas) : '',
      screen === 'open' ? '' : JSON.stringify(state.actions || [])].join('|');
    if (key === shown) { current.changed?.(); return; }
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
    const ctx = { fw, saves, state, workshop, store: conn.store, head: { title: ui.roundTitle, meta: ui.roundMeta } };
    const focused = document.activeElement?.dataset?.focusKey;
    if (screen === 'group') current = groupUi.groupScreen(ctx, () => { phone.pickingGroup = false; render(); });
    else if (screen === 'open') current = roundScreen(ctx, round);
    else if (screen === 'plan') current = planScreen(ctx);
    else if (screen === 'revealed') current = resultsScreen(ctx, round);
    else current = waitingScreen(ctx, screen === 'closed' ? round : null);
    const lost = document.activeElement === document.body || ui.content.contains(document.activeElement);
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

function waitingScreen(ctx, closedRound) {
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
function planScreen(ctx) {
  const actions = ctx.state.actions || [];
  ctx.head.title.textContent = t('phone.plan.title');
  ctx.head.meta.textContent = t('phone.plan.count', { n: actions.length });
  return { el: [
    h('header', { class: 'round-head' },
      h('h1', { text: t('actions.title') }),
      h('p', { text: actions.length ? t('actions.planHelp') : t('phone.plan.empty') })),
    actions.length ? planList(ctx) : null] };
}

function resultsScreen(ctx, round) {
  const { fw, state: { results, ideas } } = ctx;
  ctx.head.title.textContent = t(`round.${round}.name`);
  ctx.head.meta.textContent = t('results.revealed');
  const head = h('header', { class: 'round-head' }, h('h1', { text: t('results.title') }), h('p', { text: t(`results.${round}.help`) }));
  let body;
  if (RATING_ROUNDS.includes(round)) {
    body = dimensionSections(fw, (competence) => {
      const row = tallyOf(results, competence.id);
      const stats = row?.[round] || {};
      const mean = meanOf(stats);
      // Too few answers: the slot says so and carries no number (not even the count).
      const withheld = valuesWithheld(stats);
      const counts = suppressed(stats) ? '' : [t('results.answers', { n: stats.count || 0 }),
        stats.dontKnow ? t('results.dontKnow', { n: stats.dontKnow }) : '',
        stats.notRelevant ? t('results.notRelevant', { n: stats.notRelevant }) : ''].filter(Boolean).join(' · ');
      return h('div', { class: 'result', data: { competence: competence.id, mean: mean === null ? '' : mean.toFixed(2), withheld: withheld ? 'yes' : null } },
        h('p', { class: 'result-title', text: pick(competence.title) }),
        h('div', { class: 'bar', 'aria-hidden': 'true' }, h('span', { style: { width: `${mean ? (mean / 5) * 100 : 0}%` } })),
        h('p', { class: 'result-value' }, h('strong', { class: withheld ? 'result-withheld' : null, text: withheld ? tooFew() : mean === null ? '–' : num(mean) }),
          counts ? ` · ${counts}` : ''),
        row?.mostlyNotRelevant ? h('span', { class: 'tag-not-relevant', data: { mostlyNotRelevant: '' }, text: t('anon.mostlyNotRelevant') }) : null);
    });
  } else if (round === 'dots' || round === 'points') {
    const rows = (results?.competences || []).map((row) => ({ row, c: fw.byId.get(row.competence), withheld: totalWithheld(row, round) })).filter((x) => x.c)
      .sort((a, b) => (a.withheld - b.withheld) || (b.row[round] || 0) - (a.row[round] || 0));
    const max = Math.max(1, ...rows.map((x) => x.row[round] || 0));
    body = h('ol', { class: 'result-list' }, rows.map(({ row, c, withheld }) => h('li', { class: 'result', style: { '--dim': c.dim.colour }, data: { competence: c.id, total: withheld ? null : row[round], withheld: withheld ? 'yes' : null } },
      h('p', { class: 'result-title', text: pick(c.title) }),
      h('div', { class: 'bar', 'aria-hidden': 'true' }, h('span', { style: { width: `${withheld ? 0 : (row[round] / max) * 100}%` } })),
      h('p', { class: 'result-value' }, withheld ? h('strong', { class: 'result-withheld', text: tooFew() })
        : [h('strong', { text: String(row[round]) }), ` ${t(`results.${round}.unit`, { n: row[round] })}`]))));
  } else {
    // After the reveal the approved ideas can still be backed (when backing is on).
    const backing = backingSection(ctx, ctx.store);
    if (backing) return { ...backing, el: [head, backing.el, nextLine(ctx, 'next card'), planSection(ctx)], changed: backing.update };
    const approved = (ideas || []).filter((i) => i.status === 'approved');
    body = approved.length
      ? h('ul', { class: 'idea-list' }, approved.map((idea) => h('li', { class: 'idea' }, h('p', { text: idea.text }),
        idea.competence && fw.byId.get(idea.competence) ? h('p', { class: 'help', text: pick(fw.byId.get(idea.competence).title) }) : null)))
      : h('p', { class: 'notice', text: t('results.noIdeas') });
  }
  // The wheel as the board draws it, the figures in words under it.
  return { el: [head, wheelSlot(fw, results, round), body, nextLine(ctx, 'next card'), planSection(ctx)] };
}

/** The team's wheel (phone/results-wheel.js and the wheel's modules load when first needed:
 * the phone's first load stays small, scripts/phone-weight); without it the list suffices. */
function wheelSlot(fw, results, round) {
  if (!RATING_ROUNDS.includes(round) && round !== 'dots' && round !== 'points') return null;
  const slot = h('div', { class: 'wheel-slot' });
  import('./results-wheel.js').then(({ resultsWheel }) => fill(slot, resultsWheel(fw, results, round)), () => {});
  return slot;
}

/** What comes next, from the board's focus and the rounds not yet run. */
function nextLine({ fw, state }, cls = 'next') {
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
const planList = ({ fw, state }) => h('ol', { class: 'plan', data: { phonePlan: '' } }, planCards(state.actions, fw, state.results, 'phone'));

/** Below the waiting and result screens, once the team has agreed on something. */
function planSection(ctx) {
  if (!ctx.state.actions?.length) return null;
  return h('section', { class: 'plan-section', data: { planSection: '' } },
    h('h2', { class: 'section-title', text: t('actions.title') }),
    planList(ctx));
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
  return ideasScreen(ctx, intro);
}
