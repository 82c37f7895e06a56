// The round timer: start one for the open round (presets, or a length of one's own), extend
// it, stop it, and see the time left. The server keeps the time (startTimer, extendTimer,
// cancelTimer); at zero it closes the round itself, 2 s later. Compact enough for a 360 px
// console (the remote).
//
// API: timerPanel(room) -> {el, update(state), refocus(used), start(seconds?), extend(seconds),
// cancel(), toggle()}. start() without seconds starts the last length used (2 min at
// first); toggle() starts it when no timer runs and stops the running one otherwise (the
// keyboard shortcut). Each returns a promise of true once the server acked, false otherwise.
// room.js keeps the one on show as room.timer.

import { h, storage } from '../dom.js';
import { t } from '../i18n.js';
import { countdownFor, milestone, parts } from '../countdown.js';
import { panel } from './panel.js';
import { announce } from './toast.js';

/** The server's bounds for a timer's length and for an extension (seconds). */
export const TIMER_SECONDS = { min: 5, max: 3600 };
export const PRESET_MINUTES = [1, 2, 3, 5];
export const EXTENSIONS = [30, 60];
export const DEFAULT_SECONDS = 120;
const LAST = 'wheelhouse.timerSeconds';
let panels = 0; // ids for the labels: a page may show the panel twice (the remote)

/** The round a timer may be started for: the active round, when it is open. */
const openRound = (st) => (st?.activeRound && st.rounds?.[st.activeRound] === 'open' ? st.activeRound : null);

/** A length typed in the panel: {seconds} or {error}. */
export function typedSeconds(value, unit) {
  const number = Number(String(value).trim().replace(',', '.'));
  if (!String(value).trim() || !Number.isFinite(number)) return { error: 'timer.range' };
  const seconds = Math.round(number * (unit === 'min' ? 60 : 1));
  if (seconds < TIMER_SECONDS.min || seconds > TIMER_SECONDS.max) return { error: 'timer.range' };
  return { seconds };
}

export function timerPanel(room) {
  const id = `timer-${(panels += 1)}`;
  const countdown = countdownFor(room.store);
  const state = () => room.store.state || {};

  const start = (seconds = storage.get(LAST, DEFAULT_SECONDS), key = `timer:start:${seconds}`) => {
    const round = openRound(state());
    if (!round) { room.toast(t('timer.needsRound'), 'error'); return Promise.resolve(false); }
    storage.set(LAST, seconds);
    return room.command(key, { type: 'startTimer', round, seconds });
  };
  const extend = (seconds) => {
    if (!state().timer) return Promise.resolve(false);
    return room.command(`timer:extend:${seconds}`, { type: 'extendTimer', seconds });
  };
  const cancel = () => room.command('timer:cancel', { type: 'cancelTimer' });
  const toggle = () => (state().timer ? cancel() : start());

  const button = (key, text, label, onClick, cls = 'btn btn-small') => room.commands.bind(h('button', {
    type: 'button', class: cls, text, 'aria-label': label, on: { click: onClick },
  }), key);

  // The time left, live: the digits are a role="timer" (not read out every second).
  const digits = h('strong', { class: 'timer-digits', role: 'timer' });
  const what = h('span', { class: 'timer-what' });
  const now = h('p', { class: 'timer-now', data: { consoleTimer: '' } }, digits, what);

  const presets = PRESET_MINUTES.map((n) => {
    const b = button(`timer:start:${n * 60}`, t('timer.preset', { n }), t('timer.presetLabel', { n }), () => start(n * 60));
    b.dataset.timerPreset = String(n * 60);
    return b;
  });
  const amount = h('input', { id: `${id}-amount`, class: 'input input-small timer-amount', type: 'text', inputmode: 'decimal',
    autocomplete: 'off', 'aria-describedby': `${id}-error`, data: { timerAmount: '' } });
  const unit = h('select', { id: `${id}-unit`, class: 'input input-small', 'aria-label': t('timer.unit'), data: { timerUnit: '' } },
    h('option', { value: 'min', text: t('timer.unit.min') }),
    h('option', { value: 'sec', text: t('timer.unit.sec') }));
  const error = h('p', { class: 'field-error', id: `${id}-error`, role: 'alert', hidden: true });
  const startOwn = room.commands.bind(h('button', { type: 'submit', class: 'btn btn-small', text: t('timer.start'),
    'aria-label': t('timer.startLabel'), data: { timerStart: '' } }), 'timer:start:custom');
  const form = h('form', { class: 'timer-own', novalidate: true },
    h('label', { for: `${id}-amount`, text: t('timer.custom') }),
    h('div', { class: 'timer-own-row' }, amount, unit, startOwn),
    error);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const typed = typedSeconds(amount.value, unit.value);
    error.hidden = !typed.error;
    error.textContent = typed.error ? t(typed.error) : '';
    amount.setAttribute('aria-invalid', String(Boolean(typed.error)));
    if (typed.error) { amount.focus(); return; }
    start(typed.seconds, 'timer:start:custom');
  });
  amount.addEventListener('input', () => { error.hidden = true; amount.removeAttribute('aria-invalid'); });

  const extensions = EXTENSIONS.map((s) => {
    const b = button(`timer:extend:${s}`, t(`timer.extend${s}`), t(`timer.extend${s}Label`), () => extend(s));
    b.dataset.timerExtend = String(s);
    return b;
  });
  const stop = button('timer:cancel', t('timer.cancel'), t('timer.cancelLabel'), cancel, 'btn btn-small btn-danger');
  stop.dataset.timerCancel = '';

  const el = panel(t('timer.title'),
    now,
    h('div', { class: 'btn-row', role: 'group', 'aria-label': t('timer.presets') }, presets),
    form,
    h('div', { class: 'btn-row', role: 'group', 'aria-label': t('timer.running') }, extensions, stop));
  el.classList.add('timer-panel');
  el.dataset.timerPanel = '';

  let last = null;
  const paintClock = (reading) => {
    const { timer, ms, zero } = reading;
    now.dataset.state = timer ? (zero ? 'zero' : 'running') : '';
    if (timer) {
      now.dataset.remainingMs = String(Math.round(ms));
      now.dataset.deadline = String(Math.round(reading.deadline));
    } else {
      delete now.dataset.remainingMs;
      delete now.dataset.deadline;
    }
    digits.hidden = !timer;
    digits.textContent = timer ? reading.text : '';
    if (timer) digits.setAttribute('aria-label', t('timer.spoken', parts(ms)));
    const round = openRound(state());
    what.textContent = timer ? (zero ? t('timer.timeUp') : t('timer.left', { round: t(`round.${timer.round}.name`) }))
      : round ? t('timer.none') : t('timer.needsRound');
    if (last?.timer && timer && milestone(last.ms, ms) === 'zero') announce(t('timer.timeUp'));
    last = reading;
  };
  const onTick = (e) => {
    // A panel drawn again (a new language) leaves the old one behind: it stops listening.
    if (!el.isConnected && el.dataset.drawn) { countdown.removeEventListener('tick', onTick); return; }
    paintClock(e.detail);
  };
  countdown.addEventListener('tick', onTick);

  const update = (st) => {
    if (el.isConnected) el.dataset.drawn = 'yes';
    const round = openRound(st);
    for (const b of [...presets, startOwn]) b.disabled = !round;
    amount.disabled = !round;
    unit.disabled = !round;
    for (const b of [...extensions, stop]) b.disabled = !st.timer;
    paintClock(countdown.reading());
  };
  /** The used control was disabled ("Stop" once stopped): the first preset, else the heading. */
  const refocus = () => (presets[0].disabled ? null : presets[0]);
  return { el, update, refocus, start, extend, cancel, toggle };
}
