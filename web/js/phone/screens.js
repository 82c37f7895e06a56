// The phone's screens, and which one it shows: waiting, the open round (rating, dots,
// points, ideas), its results after a reveal, or the action plan while the board shows it.
// A screen is {el, update(revert)?, ideas()?}; it is rebuilt only when what it shows
// changes, so a tap in progress survives an update.

import { fill, h } from '../dom.js';
import { num, pick, t } from '../i18n.js';
import { Connection } from '../connection.js';
import { LIMITS } from '../contract.js';
import { RATING_ROUNDS, tallyOf } from '../framework.js';
import { planCards } from '../plan.js';

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
      const stats = tallyOf(results, competence.id)?.[round] || {};
      const mean = stats.mean ?? null;
      return h('div', { class: 'result', data: { competence: competence.id, mean: mean === null ? '' : mean.toFixed(2) } },
        h('p', { class: 'result-title', text: pick(competence.title) }),
        h('div', { class: 'bar', 'aria-hidden': 'true' }, h('span', { style: { width: `${mean ? (mean / 5) * 100 : 0}%` } })),
        h('p', { class: 'result-value' }, h('strong', { text: mean === null ? '–' : num(mean) }),
          ` · ${t('results.answers', { n: stats.count || 0 })}${stats.dontKnow ? ` · ${t('results.dontKnow', { n: stats.dontKnow })}` : ''}`));
    });
  } else if (round === 'dots' || round === 'points') {
    const rows = (results?.competences || []).map((row) => ({ row, c: fw.byId.get(row.competence) })).filter((x) => x.c)
      .sort((a, b) => b.row[round] - a.row[round]);
    const max = Math.max(1, ...rows.map((x) => x.row[round]));
    body = h('ol', { class: 'result-list' }, rows.map(({ row, c }) => h('li', { class: 'result', style: { '--dim': c.dim.colour }, data: { competence: c.id, total: row[round] } },
      h('p', { class: 'result-title', text: pick(c.title) }),
      h('div', { class: 'bar', 'aria-hidden': 'true' }, h('span', { style: { width: `${(row[round] / max) * 100}%` } })),
      h('p', { class: 'result-value' }, h('strong', { text: String(row[round]) }), ` ${t(`results.${round}.unit`, { n: row[round] })}`))));
  } else {
    const approved = (ideas || []).filter((i) => i.status === 'approved');
    body = approved.length
      ? h('ul', { class: 'idea-list' }, approved.map((idea) => h('li', { class: 'idea' }, h('p', { text: idea.text }),
        idea.competence && fw.byId.get(idea.competence) ? h('p', { class: 'help', text: pick(fw.byId.get(idea.competence).title) }) : null)))
      : h('p', { class: 'notice', text: t('results.noIdeas') });
  }
  return { el: [head, body, nextLine(ctx, 'next card'), planSection(ctx)] };
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

/** The competence's title as a button that shows and hides its description. */
function describe(competence) {
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
function dimensionSections(fw, build) {
  return fw.dimensions.map((dim) => h('section', { class: 'dim', style: { '--dim': dim.colour }, data: { dimension: dim.id } },
    h('h2', { class: 'dim-title', text: pick(dim.title) }),
    dim.competences.map((c) => build(fw.byId.get(c.id)))));
}

// Rating rounds (importance, level): 1-5 and "don't know" per competence.
function ratingScreen(ctx, round, intro) {
  const { fw, saves } = ctx;
  const radios = [];
  const meta = () => {
    const done = fw.competences.filter((c) => saves.valueOf(`rate:${round}:${c.id}`) !== undefined).length;
    ctx.head.meta.textContent = t('round.progress', { done, total: fw.competences.length });
  };
  const item = (competence) => {
    const slot = `rate:${round}:${competence.id}`;
    const { button, desc } = describe(competence);
    const name = `r-${round}-${competence.id}`;
    const options = [1, 2, 3, 4, 5, 0].map((value) => {
      const input = h('input', { type: 'radio', name, value: String(value), class: 'sr-only', data: { value } });
      input.addEventListener('change', () => {
        saves.submit({ type: 'rate', round, competence: competence.id, value }, slot);
        meta();
      });
      radios.push({ input, slot, value });
      const text = value === 0 ? t('scale.dontKnow') : String(value);
      const spoken = value === 0 ? t('scale.dontKnow') : t(`scale.${round}.${value}`);
      return h('label', { class: value === 0 ? 'opt opt-dk' : 'opt' }, input,
        h('span', { 'aria-hidden': 'true', text }), h('span', { class: 'sr-only', text: spoken }));
    });
    return h('fieldset', { class: 'item', data: { competence: competence.id } },
      h('legend', { class: 'sr-only', text: pick(competence.title) }),
      button, desc,
      h('div', { class: 'scale', data: { scale: round } }, options),
      saves.statusLine(slot));
  };
  const legend = h('p', { class: 'scale-legend', 'aria-hidden': 'true' },
    h('span', { text: `1 = ${t(`scale.${round}.1`)}` }), h('span', { text: `5 = ${t(`scale.${round}.5`)}` }));
  return {
    el: [intro, legend, dimensionSections(fw, item)],
    update: () => {
      for (const { input, slot, value } of radios) input.checked = saves.valueOf(slot) === value;
      meta();
    },
  };
}

// Dot voting: stackable dots within a budget.
function dotsScreen(ctx, intro) {
  const { fw, saves } = ctx;
  const { dotsPerParticipant: budget, maxDotsPerCompetence: perMax } = ctx.workshop.settings;
  const rows = [];
  const used = () => fw.competences.reduce((sum, c) => sum + (saves.valueOf(`dots:${c.id}`) || 0), 0);
  const paint = () => {
    const left = budget - used();
    ctx.head.meta.textContent = t('dots.left', { n: left, total: budget });
    ctx.head.meta.dataset.dotsLeft = String(left);
    for (const row of rows) {
      const n = saves.valueOf(row.slot) || 0;
      row.count.textContent = String(n);
      row.count.setAttribute('aria-label', t('dots.count', { n, title: row.title }));
      row.pips.textContent = '●'.repeat(n) + '○'.repeat(Math.max(0, perMax - n));
      row.minus.disabled = n === 0;
      row.plus.disabled = n >= perMax || left <= 0;
    }
  };
  const set = (competence, count) => {
    saves.submit({ type: 'setDots', competence: competence.id, count }, `dots:${competence.id}`);
    paint();
  };
  const item = (competence) => {
    const slot = `dots:${competence.id}`;
    const { button, desc } = describe(competence);
    const title = pick(competence.title);
    const minus = h('button', { type: 'button', class: 'step', 'aria-label': t('dots.remove', { title }), text: '−', data: { dotsMinus: competence.id } });
    const plus = h('button', { type: 'button', class: 'step', 'aria-label': t('dots.add', { title }), text: '+', data: { dotsPlus: competence.id } });
    const count = h('output', { class: 'count', data: { dotsCount: competence.id } });
    const pips = h('span', { class: 'pips', 'aria-hidden': 'true' });
    minus.addEventListener('click', () => { const n = saves.valueOf(slot) || 0; if (n > 0) set(competence, n - 1); });
    plus.addEventListener('click', () => { const n = saves.valueOf(slot) || 0; if (n < perMax && used() < budget) set(competence, n + 1); });
    rows.push({ slot, minus, plus, count, pips, title });
    return h('div', { class: 'item', data: { competence: competence.id } }, button, desc,
      h('div', { class: 'stepper' }, minus, count, plus, pips), saves.statusLine(slot));
  };
  return { el: [intro, dimensionSections(fw, item)], update: paint };
}

// The points round: LIMITS.pointsTotal points spread over the competences, sent as one
// allocation once they add up.
function pointsScreen(ctx, intro) {
  const { fw, saves } = ctx;
  const total = LIMITS.pointsTotal;
  const sent = () => saves.valueOf('points') || {};
  let draft = { ...sent() };
  const rows = [];
  const sum = () => Object.values(draft).reduce((a, b) => a + (b || 0), 0);
  const sendButton = h('button', { type: 'button', class: 'btn btn-primary btn-block', data: { pointsSend: '' } });
  const sumLine = h('p', { class: 'points-sum', data: { pointsSum: '' } });
  const paint = () => {
    const current = sum();
    sumLine.textContent = t('points.sum', { sum: current, total });
    sumLine.dataset.state = current === total ? 'ok' : current > total ? 'over' : 'under';
    ctx.head.meta.textContent = t('points.sum', { sum: current, total });
    for (const row of rows) {
      const v = draft[row.id] || 0;
      if (document.activeElement !== row.input) row.input.value = String(v);
      row.minus.disabled = v === 0;
      row.plus.disabled = current >= total;
    }
    sendButton.disabled = current !== total;
    sendButton.textContent = current === total ? t('points.send') : t('points.mustBe', { total });
  };
  const setPoints = (id, value) => {
    draft[id] = Math.max(0, Math.min(total, Math.round(value) || 0));
    if (!draft[id]) delete draft[id];
    paint();
  };
  const item = (competence) => {
    const title = pick(competence.title);
    const { button, desc } = describe(competence);
    const input = h('input', {
      type: 'number', class: 'input points-input', min: 0, max: total, step: 5, inputmode: 'numeric',
      'aria-label': t('points.label', { title }), data: { points: competence.id },
    });
    input.addEventListener('input', () => setPoints(competence.id, Number(input.value)));
    const minus = h('button', { type: 'button', class: 'step', 'aria-label': t('points.less', { title }), text: '−' });
    const plus = h('button', { type: 'button', class: 'step', 'aria-label': t('points.more', { title }), text: '+' });
    minus.addEventListener('click', () => setPoints(competence.id, (draft[competence.id] || 0) - 5));
    plus.addEventListener('click', () => setPoints(competence.id, Math.min((draft[competence.id] || 0) + 5, (draft[competence.id] || 0) + total - sum())));
    rows.push({ id: competence.id, input, minus, plus });
    return h('div', { class: 'item', data: { competence: competence.id } }, button, desc, h('div', { class: 'stepper' }, minus, input, plus));
  };
  sendButton.addEventListener('click', () => {
    if (sum() !== total) return;
    saves.submit({ type: 'allocatePoints', points: { ...draft } }, 'points');
    paint();
  });
  return {
    el: [intro, dimensionSections(fw, item), h('div', { class: 'sticky-actions' }, sumLine, sendButton, saves.statusLine('points'))],
    // A reconnect repaints (the draft stays); a refusal goes back to what was sent.
    update: (revert) => { if (revert) draft = { ...sent() }; paint(); },
  };
}

// Ideas: short texts, held for the facilitator's approval; the participant's own listed
// with their state.
function ideasScreen(ctx, intro) {
  const { fw, saves } = ctx;
  const max = LIMITS.ideaLength;
  ctx.head.meta.textContent = '';
  const area = h('textarea', { id: 'idea-text', class: 'input', rows: 4, maxlength: max, data: { ideaText: '' }, 'aria-describedby': 'idea-count' });
  const counter = h('p', { id: 'idea-count', class: 'help counter', 'aria-live': 'polite', data: { ideaCount: '' } });
  const select = h('select', { id: 'idea-competence', class: 'input', data: { ideaCompetence: '' } },
    h('option', { value: '', text: t('ideas.noCompetence') }),
    fw.dimensions.map((dim) => h('optgroup', { label: pick(dim.title) },
      dim.competences.map((c) => h('option', { value: c.id, text: pick(c.title) })))));
  const button = h('button', { type: 'submit', class: 'btn btn-primary btn-block', text: t('ideas.send'), data: { ideaSend: '' } });
  const list = h('ul', { class: 'idea-list', data: { myIdeas: '' } });
  const count = () => {
    const n = [...area.value].length;
    counter.textContent = t('ideas.count', { n, max });
    button.disabled = area.value.trim().length === 0 || n > max;
  };
  const renderList = () => fill(list, saves.ideas.map((idea) => {
    const { state, text } = saves.ideaState(idea);
    return h('li', { class: 'idea', data: { state } }, h('p', { text: idea.text }),
      h('p', { class: 'item-status', data: { status: state }, text }));
  }));
  area.addEventListener('input', count);
  const form = h('form', { class: 'card stack', on: {
    submit: (event) => {
      event.preventDefault();
      const text = area.value.trim();
      if (!text) return;
      const message = { type: 'submitIdea', text, opId: Connection.opId() };
      if (select.value) message.competence = select.value;
      saves.submitIdea(message);
      area.value = '';
      count();
      renderList();
      area.focus();
    },
  } },
  h('label', { for: 'idea-text', text: t('ideas.label') }), area, counter,
  h('label', { for: 'idea-competence', text: t('ideas.competence') }), select, button);
  count();
  return { el: [intro, form, h('h2', { class: 'section-title', text: t('ideas.mine') }), list], update: renderList, ideas: renderList };
}
