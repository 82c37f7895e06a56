// The remote: what the facilitator needs while walking the room, on top of the console and
// the whole of it on a phone (360 px): the next step as one big button, the active round
// with its count and its open, close and reveal, and the board (what it shows, next and
// previous screen, blank). Everything is drawn from the server's state on each update.

import { fill, h } from '../dom.js';
import { t } from '../i18n.js';
import { ROUNDS } from '../framework.js';
import { panel } from './panel.js';
import { describe } from './focus.js';
import { REVEALED_VIEW, roundAction } from './rounds.js';
import { moveBoard, toggleBlank } from './moves.js';
import { stepFocus } from '../screen-order.js';

const phaseOf = (st, round) => st.rounds?.[round] || 'idle';
const roundName = (round) => t(`round.${round}.name`);

/**
 * What the facilitator would do next, from the state alone: reveal the running round;
 * show a revealed round's results when the board still shows the round; open the next
 * round not started yet; show the wheel before anything started; the action plan at the
 * end. {key, label, run(room)} or null when everything is done.
 */
export function nextStep(st) {
  const active = st.activeRound;
  const focus = st.focus || { screen: 'lobby' };
  const round = (r, action) => ({ key: `round:${r}:${action}`, label: t(`remote.step.${action}`, { round: roundName(r) }),
    run: (room) => roundAction(room, r, action) });
  const show = (name, to) => ({ key: 'focus:next-step', label: t(`remote.step.${name}`), run: (room) => room.setFocus(to, 'focus:next-step') });
  const phase = active ? phaseOf(st, active) : 'idle';
  if (phase === 'open' || phase === 'closed') return round(active, 'reveal');
  if (phase === 'revealed' && focus.screen === 'round') return show('results', { screen: 'results', view: REVEALED_VIEW[active] || 'wheel' });
  const started = ROUNDS.some((r) => phaseOf(st, r) !== 'idle');
  if (!started && focus.screen === 'lobby') return show('intro', { screen: 'intro' });
  const next = ROUNDS.slice(active ? ROUNDS.indexOf(active) + 1 : 0).find((r) => phaseOf(st, r) === 'idle');
  if (next) return round(next, 'open');
  if (focus.screen !== 'actions') return show('actions', { screen: 'actions' });
  return null;
}

/** The round the remote's round controls act on: the active one, else the next to open. */
const currentRound = (st) => st.activeRound || ROUNDS.find((r) => phaseOf(st, r) === 'idle') || ROUNDS[0];

/** The next step and the active round. */
export function remoteRun(room) {
  const step = h('div', { class: 'remote-next', data: { remoteNextHolder: '' } });
  const name = h('strong', { class: 'remote-round-name' });
  const chip = h('span', { class: 'chip', data: { remotePhase: '' } });
  const count = h('p', { class: 'remote-count', data: { remoteCount: '' } });
  const buttons = h('div', { class: 'remote-buttons' });
  let shownStep = null;
  let shownRound = null;
  let roundButtons = {};

  const drawStep = (next) => {
    if (!next) { fill(step, h('p', { class: 'remote-done', data: { remoteNext: 'done' }, text: t('remote.step.done') })); return; }
    const button = h('button', { type: 'button', class: 'btn btn-primary btn-block remote-step', data: { remoteNext: next.key }, text: next.label,
      on: { click: () => next.run(room) } });
    fill(step, room.commands.bind(button, next.key));
  };
  const drawRound = (round) => {
    roundButtons = Object.fromEntries(['open', 'close', 'reveal'].map((action) => [action, room.commands.bind(h('button', {
      type: 'button', class: 'btn', data: { remoteAction: action }, text: t(`fac.action.${action}`),
      'aria-label': `${t(`fac.action.${action}`)}: ${roundName(round)}`,
      on: { click: () => roundAction(room, round, action) } }), `round:${round}:${action}`)]));
    fill(buttons, Object.values(roundButtons));
    name.textContent = roundName(round);
  };

  const el = panel(t('remote.next'),
    step,
    h('div', { class: 'remote-round', data: { remoteRound: '' } },
      h('div', { class: 'round-top' }, h('span', {}, h('span', { class: 'eyebrow', text: t('remote.round') }), name), chip),
      count,
      buttons));
  el.classList.add('remote-run');

  const update = (st) => {
    const next = nextStep(st);
    const key = next ? `${next.key}|${next.label}` : 'done';
    if (key !== shownStep) { shownStep = key; drawStep(next); }
    const round = currentRound(st);
    if (round !== shownRound) { shownRound = round; drawRound(round); }
    el.querySelector('[data-remote-round]').dataset.remoteRound = round;
    const p = phaseOf(st, round);
    chip.dataset.phase = p;
    chip.textContent = t(`phase.${p}`);
    count.textContent = t('fac.answered', { n: st.answered?.[round] ?? 0, total: st.participants ?? 0 });
    count.dataset.answered = String(st.answered?.[round] ?? 0);
    count.dataset.participants = String(st.participants ?? 0);
    roundButtons.open.disabled = p === 'open';
    roundButtons.close.disabled = p !== 'open';
    roundButtons.reveal.disabled = !(p === 'open' || p === 'closed');
  };
  /** After the next step or a round button did its work: the next step, else a round button. */
  const refocus = () => el.querySelector('[data-remote-next]:not(p)') || Object.values(roundButtons).find((b) => !b.disabled) || null;
  return { el, update, refocus };
}

/** The board: what it shows, the previous and next screen, blank; and the shortcuts' overlay. */
export function remoteBoard(room, { showShortcuts }) {
  const now = h('p', { class: 'focus-now', data: { remoteNow: '' } });
  const move = (delta, data, text) => room.commands.bind(h('button', { type: 'button', class: 'btn', data: { remoteScreen: data }, text,
    on: { click: () => moveBoard(room, delta) } }), `focus:screen:${data}`);
  const prev = move(-1, 'prev', `← ${t('remote.prevScreen')}`);
  const next = move(1, 'next', `${t('remote.nextScreen')} →`);
  const blank = room.commands.bind(h('button', { type: 'button', class: 'btn', data: { remoteBlank: '' }, text: t('remote.blank'), 'aria-pressed': 'false',
    on: { click: () => toggleBlank(room) } }), 'focus:blank');
  const keys = h('button', { type: 'button', class: 'btn btn-quiet', data: { shortcutsOpen: '' }, 'aria-keyshortcuts': '?',
    text: t('remote.shortcuts'), on: { click: (e) => showShortcuts(e.currentTarget) } });
  const el = panel(t('remote.board'), now, h('div', { class: 'remote-buttons remote-screens' }, prev, next), h('div', { class: 'remote-buttons' }, blank, keys));
  el.classList.add('remote-board');
  const update = (st) => {
    const focus = st.focus || { screen: 'lobby' };
    now.textContent = focus.blank ? t('remote.blanked') : t('fac.now', { what: describe(room.fw, focus) });
    now.dataset.blank = focus.blank ? 'yes' : 'no';
    blank.setAttribute('aria-pressed', String(Boolean(focus.blank)));
    prev.disabled = !stepFocus(room.fw, focus, -1);
    next.disabled = !stepFocus(room.fw, focus, 1);
  };
  return { el, update };
}
