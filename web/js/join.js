// Composition root of the participant's phone page (join.html).

import { $, $$, fill, h, param, randomString, storage } from './dom.js';
import { date, errorText, i18n, initI18n, num, pick, t, wireLangToggle } from './i18n.js';
import { Connection } from './connection.js';
import { loadWheel, ROUNDS, tallyOf } from './framework.js';

const normalize = (code) => (code || '').toUpperCase().replace(/[\s-]/g, '');
const tokenKey = (code) => `wheelhouse.token.${code}`;
const queueKey = (code) => `wheelhouse.queue.${code}`;
const SESSION = 'wheelhouse.session';
const IDEA_MAX = 280;

const ui = {
  joinScreen: $('[data-screen="join"]'),
  appScreen: $('[data-screen="app"]'),
  form: $('[data-join-form]'),
  code: $('[data-code-input]'),
  name: $('[data-name-input]'),
  joinError: $('[data-join-error]'),
  submit: $('[data-join-submit]'),
  banner: $('[data-offline-banner]'),
  content: $('[data-content]'),
  roundTitle: $('[data-round-title]'),
  roundMeta: $('[data-round-meta]'),
  saveStatus: $('[data-save-status]'),
  whoami: $('[data-whoami]'),
  leave: $('[data-leave]'),
};

let conn = null;
let fw = null;
let code = null;
let everOnline = false;
/** slot -> value the server has confirmed (from the snapshot or an ack). */
let confirmed = {};
/** slot -> {state: 'sending'|'queued'|'saved'|'error', opId, message} */
const slots = new Map();
/** slot -> the element that shows the slot's status. */
const slotViews = new Map();
/** What is on screen, to rebuild only when it changes. */
let shown = '';
let lastSaved = false;
let pointsDraft = null;
/** The participant's own ideas: {opId|id, text, state}. */
let myIdeas = [];

// MARK: joining

async function main() {
  await initI18n();
  wireLangToggle($('[data-lang-toggle]'));
  i18n.addEventListener('change', () => { shown = ''; render(); });

  const session = storage.get(SESSION);
  const fromUrl = normalize(param('code'));
  ui.form.addEventListener('submit', onJoin);
  ui.code.addEventListener('input', () => { ui.joinError.hidden = true; });
  ui.leave.addEventListener('click', leave);

  if (fromUrl && storage.get(tokenKey(fromUrl))) return connect(fromUrl, null);
  if (!fromUrl && session?.code) return connect(session.code, null);
  ui.code.value = fromUrl || '';
  showJoin();
  (fromUrl ? ui.name : ui.code).focus();
}

function showJoin(error) {
  ui.joinScreen.hidden = false;
  ui.appScreen.hidden = true;
  ui.submit.disabled = false;
  ui.joinError.hidden = !error;
  ui.joinError.textContent = error || '';
}

function onJoin(event) {
  event.preventDefault();
  const value = normalize(ui.code.value);
  if (!/^[A-Z0-9]{6}$/.test(value)) {
    showJoin(t('join.codeInvalid'));
    ui.code.focus();
    return;
  }
  ui.submit.disabled = true;
  connect(value, ui.name.value.trim() || null);
}

let typedName = null;

function connect(joinCode, name) {
  code = joinCode;
  typedName = name;
  let token = storage.get(tokenKey(code));
  if (!token) {
    token = randomString(32);
    storage.set(tokenKey(code), token);
  }
  conn?.stop();
  conn = new Connection({ role: 'participant', queueKey: queueKey(code), hello: () => ({ code, token, name }) });
  conn.addEventListener('welcome', onWelcome);
  conn.addEventListener('fatal', (e) => {
    storage.remove(SESSION);
    ui.code.value = code;
    showJoin(errorText(e.detail.code, e.detail.message));
  });
  conn.addEventListener('status', onStatus);
  conn.addEventListener('ack', onAck);
  conn.addEventListener('refused', onRefused);
  conn.addEventListener('retrying', (e) => { if (e.detail.slot) setSlot(e.detail.slot, { state: 'queued' }); });
  conn.addEventListener('reissued', (e) => {
    if (e.detail.slot && slots.get(e.detail.slot)?.opId === e.detail.from) setSlot(e.detail.slot, { opId: e.detail.opId });
    const idea = myIdeas.find((i) => i.opId === e.detail.from);
    if (idea) idea.opId = e.detail.opId;
  });
  conn.store.addEventListener('change', () => render());
  // Changes still queued from before a reload are shown as not yet saved.
  for (const item of conn.pending.values()) if (item.slot) slots.set(item.slot, { state: 'queued', opId: item.msg.opId });
  conn.start();
}

function leave() {
  conn?.stop();
  conn = null;
  storage.remove(SESSION);
  history.replaceState(null, '', '/join.html');
  ui.code.value = '';
  showJoin();
  ui.code.focus();
}

async function onWelcome(event) {
  const welcome = event.detail;
  storage.set(SESSION, { code });
  // A returning phone keeps its participant (same token); a newly typed name renames it.
  if (typedName && typedName !== welcome.you?.name) conn.submit({ type: 'rename', name: typedName }, 'rename');
  typedName = null;
  if (param('code') !== code) history.replaceState(null, '', `/join.html?code=${encodeURIComponent(code)}`);
  const answers = welcome.state.answers || {};
  confirmed = {};
  for (const round of ['importance', 'level']) {
    for (const [competence, value] of Object.entries(answers[round] || {})) confirmed[`rate:${round}:${competence}`] = value;
  }
  for (const [competence, count] of Object.entries(answers.dots || {})) confirmed[`dots:${competence}`] = count;
  confirmed.points = answers.points || {};
  const known = new Set(myIdeas.map((idea) => idea.id));
  for (const idea of answers.ideas || []) if (!known.has(idea.id)) myIdeas.push({ id: idea.id, text: idea.text, state: 'saved' });
  if (!fw || fw.workshopId !== welcome.workshop.id) {
    try {
      fw = await loadWheel(welcome.workshop.id);
      fw.workshopId = welcome.workshop.id;
    } catch {
      fw = null;
    }
    shown = '';
  }
  ui.joinScreen.hidden = true;
  ui.appScreen.hidden = false;
  // After a reconnect the screen usually stays as it is (no rebuild under the finger);
  // only the values are repainted from the snapshot and the unsent queue.
  render();
  shownValues();
}

function onStatus(event) {
  const { status } = event.detail;
  if (status === 'online') everOnline = true;
  ui.banner.hidden = status === 'online' || !everOnline || status === 'failed';
  for (const [slot, info] of slots) {
    if (info.state === 'sending' && status !== 'online') setSlot(slot, { state: 'queued' });
    if (info.state === 'queued' && status === 'online') setSlot(slot, { state: 'sending' });
  }
  updateChip();
}

// MARK: sending changes

function submit(message, slot) {
  lastSaved = false;
  const opId = conn.submit(message, slot);
  setSlot(slot, { state: conn.online ? 'sending' : 'queued', opId });
  return opId;
}

function onAck(event) {
  const { opId, slot, msg } = event.detail;
  if (!slot || slots.get(slot)?.opId !== opId) return; // an older change to the same thing
  if (msg.type === 'rate') confirmed[slot] = msg.value;
  if (msg.type === 'setDots') confirmed[slot] = msg.count;
  if (msg.type === 'allocatePoints') confirmed.points = msg.points;
  if (msg.type === 'submitIdea') {
    const idea = myIdeas.find((i) => i.opId === opId);
    if (idea) { idea.state = 'saved'; idea.id = event.detail.idea; }
    renderIdeaList();
  }
  lastSaved = true;
  setSlot(slot, { state: 'saved', opId });
}

function onRefused(event) {
  const { opId, slot, code: errorCode, message, msg } = event.detail;
  if (!slot || slots.get(slot)?.opId !== opId) return;
  lastSaved = false;
  setSlot(slot, { state: 'error', opId, message: errorText(errorCode, message) });
  if (msg?.type === 'submitIdea') {
    const idea = myIdeas.find((i) => i.opId === opId);
    if (idea) idea.state = 'error';
    renderIdeaList();
  } else {
    shownValues(true); // back to what the server has
  }
}

function setSlot(slot, info) {
  if (!slot) return;
  slots.set(slot, { ...slots.get(slot), ...info });
  paintSlot(slot);
  updateChip();
}

function paintSlot(slot) {
  if (slot.startsWith('idea:')) { renderIdeaList(); return; }
  const el = slotViews.get(slot);
  const info = slots.get(slot);
  if (!el) return;
  el.dataset.status = info?.state || '';
  el.dataset.opId = info?.opId || '';
  el.textContent = info ? (info.state === 'error' ? info.message : t(`save.${info.state}`)) : '';
}

function updateChip() {
  const states = [...slots.values()].map((s) => s.state);
  let key = '';
  if (conn && !conn.online && everOnline) key = 'offline';
  else if (states.includes('sending') || states.includes('queued')) key = 'sending';
  else if (states.includes('error')) key = 'error';
  else if (lastSaved) key = 'saved';
  ui.saveStatus.dataset.status = key;
  ui.saveStatus.textContent = key ? t(`chip.${key}`) : '';
}

/** The value a slot shows: the newest unacked change, else what the server confirmed. */
function valueOf(slot) {
  const pending = conn.pendingFor(slot);
  if (pending) return pending.type === 'rate' ? pending.value : pending.type === 'setDots' ? pending.count : pending.points;
  return confirmed[slot];
}

// MARK: rendering

function render() {
  if (!conn || !conn.store.workshop || ui.appScreen.hidden) return;
  const { state, you, workshop } = conn.store;
  delete document.documentElement.dataset.pageTitle;
  document.title = `${workshop.title} – Wheelhouse`;
  ui.whoami.textContent = you?.name ? t('join.youAre', { name: you.name }) : t('join.youAreAnonymous');
  forgetResetRounds(state.rounds || {});
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
    lastSaved = false;
  }
  slotViews.clear();
  if (!fw) {
    ui.roundTitle.textContent = workshop.title;
    ui.roundMeta.textContent = '';
    fill(ui.content, h('p', { class: 'notice', text: t('error.wheel') }));
    return;
  }
  if (screen === 'open') renderRound(round);
  else if (screen === 'plan') renderPlan();
  else if (screen === 'revealed') renderResults(round);
  else renderWaiting(screen === 'closed' ? round : null);
  updateChip();
}

/** A reset deletes a round's answers on the server: forget them here too. */
let lastPhases = {};
function forgetResetRounds(phases) {
  for (const [round, phase] of Object.entries(phases)) {
    if (phase === 'idle' && lastPhases[round] && lastPhases[round] !== 'idle') {
      const prefix = { importance: 'rate:importance:', level: 'rate:level:', dots: 'dots:', points: 'points', ideas: 'idea:' }[round];
      for (const slot of Object.keys(confirmed)) if (slot.startsWith(prefix)) delete confirmed[slot];
      for (const slot of [...slots.keys()]) if (slot.startsWith(prefix)) slots.delete(slot);
      if (round === 'points') confirmed.points = {};
      if (round === 'ideas') myIdeas = [];
    }
  }
  lastPhases = { ...phases };
}

function nextText() {
  const { state } = conn.store;
  const focus = state.focus || { screen: 'lobby' };
  if (focus.screen === 'intro' && focus.caseID) {
    const found = fw.cases.find((c) => c.id === focus.caseID);
    return t('next.case', { title: pick(found?.title) });
  }
  if (focus.screen === 'intro') {
    const dim = focus.dimension && fw.dimById.get(focus.dimension);
    return dim ? t('next.introDimension', { title: pick(dim.title) }) : t('next.intro');
  }
  if (focus.screen === 'results') return t('next.results');
  if (focus.screen === 'actions') return t('next.actions');
  const upcoming = ['importance', 'level', 'dots'].find((r) => (state.rounds?.[r] || 'idle') === 'idle');
  return upcoming ? t('next.round', { round: t(`round.${upcoming}.name`) }) : t('next.facilitator');
}

function renderWaiting(closedRound) {
  shownValues = () => {};
  ui.roundTitle.textContent = conn.store.workshop.title;
  ui.roundMeta.textContent = closedRound ? t(`round.${closedRound}.name`) : '';
  fill(ui.content,
    h('section', { class: 'card waiting', data: { waiting: closedRound ? 'closed' : 'idle' } },
      h('div', { class: 'waiting-mark', 'aria-hidden': 'true' }),
      h('h1', { text: closedRound ? t('wait.closedTitle') : t('wait.title') }),
      h('p', { text: closedRound ? t('wait.closedText') : t('wait.text') }),
      h('p', { class: 'next', data: { next: '' } }, h('strong', { text: `${t('next.label')} ` }), nextText())),
    planSection());
}

// MARK: the action plan (phones get it live, like the board)

/** The agreed actions, in the order of the team's priorities. */
function planList(actions) {
  const { results } = conn.store.state;
  const rank = (id) => tallyOf(results, id)?.rank ?? 999;
  return h('ol', { class: 'plan', data: { phonePlan: '' } }, actions.slice().sort((a, b) => rank(a.competence) - rank(b.competence)).map((action) => {
    const c = fw.byId.get(action.competence);
    return h('li', { class: 'plan-item', style: { '--dim': c?.dim.colour || 'var(--accent)' }, data: { action: action.id, status: action.status } },
      h('p', { class: 'plan-competence', text: pick(c?.title) || action.competence }),
      h('p', { class: 'plan-what', text: action.what }),
      h('p', { class: 'plan-meta' },
        action.owner ? h('span', { text: t('actions.owner', { owner: action.owner }) }) : null,
        action.due ? h('span', { text: t('actions.due', { date: date(action.due) }) }) : null),
      h('span', { class: 'chip', data: { actionStatus: action.status }, text: t(`action.${action.status}`) }));
  }));
}

/** Below the waiting and result screens, once the team has agreed on something. */
function planSection() {
  const actions = conn.store.state.actions || [];
  if (!actions.length) return null;
  return h('section', { class: 'plan-section', data: { planSection: '' } },
    h('h2', { class: 'section-title', text: t('actions.title') }),
    planList(actions));
}

/** The board shows the action plan: so does the phone. */
function renderPlan() {
  shownValues = () => {};
  const actions = conn.store.state.actions || [];
  ui.roundTitle.textContent = t('phone.plan.title');
  ui.roundMeta.textContent = t('phone.plan.count', { n: actions.length });
  fill(ui.content,
    h('header', { class: 'round-head' },
      h('h1', { text: t('actions.title') }),
      h('p', { text: actions.length ? t('actions.planHelp') : t('phone.plan.empty') })),
    actions.length ? planList(actions) : null);
}

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

function statusLine(slot) {
  const el = h('p', { class: 'item-status', data: { itemStatus: slot } });
  slotViews.set(slot, el);
  paintSlot(slot);
  return el;
}

function dimensionSections(build) {
  return fw.dimensions.map((dim) => h('section', { class: 'dim', style: { '--dim': dim.colour }, data: { dimension: dim.id } },
    h('h2', { class: 'dim-title', text: pick(dim.title) }),
    dim.competences.map((c) => build(fw.byId.get(c.id)))));
}

function renderRound(round) {
  ui.roundTitle.textContent = t(`round.${round}.name`);
  const intro = h('header', { class: 'round-head' },
    h('h1', { text: t(`round.${round}.question`) }),
    h('p', { text: t(`round.${round}.help`, { dots: conn.store.workshop.settings.dotsPerParticipant, max: conn.store.workshop.settings.maxDotsPerCompetence }) }));
  if (round === 'importance' || round === 'level') return renderRating(round, intro);
  if (round === 'dots') return renderDots(intro);
  if (round === 'points') return renderPoints(intro);
  return renderIdeas(intro);
}

// Rating rounds: 1-5 and "don't know" per competence.
function renderRating(round, intro) {
  const radios = [];
  const meta = () => {
    const done = fw.competences.filter((c) => valueOf(`rate:${round}:${c.id}`) !== undefined).length;
    ui.roundMeta.textContent = t('round.progress', { done, total: fw.competences.length });
  };
  const item = (competence) => {
    const slot = `rate:${round}:${competence.id}`;
    const { button, desc } = describe(competence);
    const name = `r-${round}-${competence.id}`;
    const options = [1, 2, 3, 4, 5, 0].map((value) => {
      const input = h('input', { type: 'radio', name, value: String(value), class: 'sr-only', data: { value } });
      input.addEventListener('change', () => {
        submit({ type: 'rate', round, competence: competence.id, value }, slot);
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
      statusLine(slot));
  };
  const legend = h('p', { class: 'scale-legend', 'aria-hidden': 'true' },
    h('span', { text: `1 = ${t(`scale.${round}.1`)}` }), h('span', { text: `5 = ${t(`scale.${round}.5`)}` }));
  fill(ui.content, intro, legend, dimensionSections(item));
  shownValues = () => {
    for (const { input, slot, value } of radios) input.checked = valueOf(slot) === value;
    meta();
  };
  shownValues();
}

// Dot voting: stackable dots within a budget.
function renderDots(intro) {
  const { dotsPerParticipant: budget, maxDotsPerCompetence: perMax } = conn.store.workshop.settings;
  const rows = [];
  const used = () => fw.competences.reduce((sum, c) => sum + (valueOf(`dots:${c.id}`) || 0), 0);
  const set = (competence, count) => {
    submit({ type: 'setDots', competence: competence.id, count }, `dots:${competence.id}`);
    shownValues();
  };
  const item = (competence) => {
    const slot = `dots:${competence.id}`;
    const { button, desc } = describe(competence);
    const title = pick(competence.title);
    const minus = h('button', { type: 'button', class: 'step', 'aria-label': t('dots.remove', { title }), text: '−', data: { dotsMinus: competence.id } });
    const plus = h('button', { type: 'button', class: 'step', 'aria-label': t('dots.add', { title }), text: '+', data: { dotsPlus: competence.id } });
    const count = h('output', { class: 'count', data: { dotsCount: competence.id } });
    const pips = h('span', { class: 'pips', 'aria-hidden': 'true' });
    minus.addEventListener('click', () => { const n = valueOf(slot) || 0; if (n > 0) set(competence, n - 1); });
    plus.addEventListener('click', () => { const n = valueOf(slot) || 0; if (n < perMax && used() < budget) set(competence, n + 1); });
    rows.push({ slot, minus, plus, count, pips, title });
    return h('div', { class: 'item', data: { competence: competence.id } }, button, desc,
      h('div', { class: 'stepper' }, minus, count, plus, pips), statusLine(slot));
  };
  fill(ui.content, intro, dimensionSections(item));
  shownValues = () => {
    const left = budget - used();
    ui.roundMeta.textContent = t('dots.left', { n: left, total: budget });
    ui.roundMeta.dataset.dotsLeft = String(left);
    for (const row of rows) {
      const n = valueOf(row.slot) || 0;
      row.count.textContent = String(n);
      row.count.setAttribute('aria-label', t('dots.count', { n, title: row.title }));
      row.pips.textContent = '●'.repeat(n) + '○'.repeat(Math.max(0, perMax - n));
      row.minus.disabled = n === 0;
      row.plus.disabled = n >= perMax || left <= 0;
    }
  };
  shownValues();
}

// 100 points spread over the competences; sent as one allocation once the sum is 100.
function renderPoints(intro) {
  const total = 100;
  const sent = () => valueOf('points') || {};
  pointsDraft = { ...sent() };
  const rows = [];
  const sum = () => Object.values(pointsDraft).reduce((a, b) => a + (b || 0), 0);
  const sendButton = h('button', { type: 'button', class: 'btn btn-primary btn-block', data: { pointsSend: '' } });
  const sumLine = h('p', { class: 'points-sum', data: { pointsSum: '' } });
  const setPoints = (id, value) => {
    pointsDraft[id] = Math.max(0, Math.min(total, Math.round(value) || 0));
    if (!pointsDraft[id]) delete pointsDraft[id];
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
    minus.addEventListener('click', () => setPoints(competence.id, (pointsDraft[competence.id] || 0) - 5));
    plus.addEventListener('click', () => setPoints(competence.id, Math.min((pointsDraft[competence.id] || 0) + 5, (pointsDraft[competence.id] || 0) + total - sum())));
    rows.push({ id: competence.id, input, minus, plus });
    return h('div', { class: 'item', data: { competence: competence.id } }, button, desc, h('div', { class: 'stepper' }, minus, input, plus));
  };
  const paint = () => {
    const current = sum();
    sumLine.textContent = t('points.sum', { sum: current, total });
    sumLine.dataset.state = current === total ? 'ok' : current > total ? 'over' : 'under';
    ui.roundMeta.textContent = t('points.sum', { sum: current, total });
    for (const row of rows) {
      const v = pointsDraft[row.id] || 0;
      if (document.activeElement !== row.input) row.input.value = String(v);
      row.minus.disabled = v === 0;
      row.plus.disabled = current >= total;
    }
    sendButton.disabled = current !== total;
    sendButton.textContent = current === total ? t('points.send') : t('points.mustBe', { total });
  };
  sendButton.addEventListener('click', () => {
    if (sum() !== total) return;
    submit({ type: 'allocatePoints', points: { ...pointsDraft } }, 'points');
    paint();
  });
  fill(ui.content, intro, dimensionSections(item),
    h('div', { class: 'sticky-actions' }, sumLine, sendButton, statusLine('points')));
  // A reconnect repaints (the draft stays); a refusal goes back to what was sent.
  shownValues = (revert) => { if (revert) pointsDraft = { ...sent() }; paint(); };
  paint();
}

// Ideas: short texts, held for the facilitator's approval.
let renderIdeaList = () => {};
function renderIdeas(intro) {
  ui.roundMeta.textContent = '';
  const area = h('textarea', { id: 'idea-text', class: 'input', rows: 4, maxlength: IDEA_MAX, data: { ideaText: '' }, 'aria-describedby': 'idea-count' });
  const counter = h('p', { id: 'idea-count', class: 'help counter', 'aria-live': 'polite', data: { ideaCount: '' } });
  const select = h('select', { id: 'idea-competence', class: 'input', data: { ideaCompetence: '' } },
    h('option', { value: '', text: t('ideas.noCompetence') }),
    fw.dimensions.map((dim) => h('optgroup', { label: pick(dim.title) },
      dim.competences.map((c) => h('option', { value: c.id, text: pick(c.title) })))));
  const button = h('button', { type: 'submit', class: 'btn btn-primary btn-block', text: t('ideas.send'), data: { ideaSend: '' } });
  const list = h('ul', { class: 'idea-list', data: { myIdeas: '' } });
  const count = () => {
    const n = [...area.value].length;
    counter.textContent = t('ideas.count', { n, max: IDEA_MAX });
    button.disabled = area.value.trim().length === 0 || n > IDEA_MAX;
  };
  area.addEventListener('input', count);
  const form = h('form', { class: 'card stack', on: {
    submit: (event) => {
      event.preventDefault();
      const text = area.value.trim();
      if (!text) return;
      const message = { type: 'submitIdea', text, opId: Connection.opId() };
      if (select.value) message.competence = select.value;
      myIdeas.push({ opId: message.opId, text, state: conn.online ? 'sending' : 'queued' });
      submit(message, `idea:${message.opId}`);
      area.value = '';
      count();
      renderIdeaList();
      area.focus();
    },
  } },
  h('label', { for: 'idea-text', text: t('ideas.label') }), area, counter,
  h('label', { for: 'idea-competence', text: t('ideas.competence') }), select, button);
  renderIdeaList = () => {
    fill(list, myIdeas.map((idea) => {
      const state = idea.opId ? slots.get(`idea:${idea.opId}`)?.state || idea.state : idea.state;
      return h('li', { class: 'idea', data: { state } }, h('p', { text: idea.text }),
        h('p', { class: 'item-status', data: { status: state }, text: state === 'saved' ? t('ideas.saved') : state === 'error' ? (slots.get(`idea:${idea.opId}`)?.message || t('error.generic')) : t(`save.${state}`) }));
    }));
  };
  fill(ui.content, intro, form, h('h2', { class: 'section-title', text: t('ideas.mine') }), list);
  shownValues = () => renderIdeaList();
  count();
  renderIdeaList();
}

// After a reveal: the team's results of that round.
function renderResults(round) {
  shownValues = () => {};
  const { results, ideas } = conn.store.state;
  ui.roundTitle.textContent = t(`round.${round}.name`);
  ui.roundMeta.textContent = t('results.revealed');
  const head = h('header', { class: 'round-head' }, h('h1', { text: t('results.title') }), h('p', { text: t(`results.${round}.help`) }));
  let body;
  if (round === 'importance' || round === 'level') {
    body = dimensionSections((competence) => {
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
  fill(ui.content, head, body, h('p', { class: 'next card' }, h('strong', { text: `${t('next.label')} ` }), nextText()), planSection());
}

let shownValues = () => {};

main();
