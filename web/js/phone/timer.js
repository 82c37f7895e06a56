// The round's countdown on the phone, loaded the first time a timer runs (the first load
// stays small): the time left in the status bar while the timed round is open; at zero the
// answers stop (the screen's controls are disabled through their fieldset) and the phone
// says the time is up, until the server's close arrives (2 s later) or the facilitator
// extends the timer. A screen reader hears the start, an extension, a minute left and zero;
// the digits themselves are a role="timer", not read out every second.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { countdownFor, milestone, parts, timerChange } from '../countdown.js';

/**
 * `ui.timer` (in the status bar), `ui.timeUp` (a live region under it) and `ui.content` (a
 * fieldset) are the page's; `phone.conn.store` the live state. update(answering) after each
 * render: answering is true while the screen is the open round's.
 */
export function phoneTimer(ui, phone) {
  const label = h('span', { class: 'phone-timer-label' });
  const digits = h('strong', { class: 'phone-timer-digits', role: 'timer', data: { phoneTimerDigits: '' } });
  const said = h('span', { class: 'sr-only', 'aria-live': 'polite', data: { timerSaid: '' } });
  ui.timer.replaceChildren(label, digits);
  ui.timer.after(said);
  let store = null;
  let countdown = null;
  let answering = false;
  let last = null;

  const paint = (reading) => {
    const state = store?.state || {};
    const { timer, ms, zero } = reading;
    const shown = Boolean(timer) && answering && state.activeRound === timer.round && state.rounds?.[timer.round] === 'open';
    ui.timer.hidden = !shown;
    ui.timer.dataset.state = shown ? (zero ? 'zero' : ms <= 10000 ? 'ending' : 'running') : '';
    if (shown) {
      ui.timer.dataset.remainingMs = String(Math.round(ms));
      ui.timer.dataset.deadline = String(Math.round(reading.deadline));
      label.textContent = zero ? t('timer.timeUp') : t('timer.phone.left');
      digits.textContent = reading.text;
      digits.setAttribute('aria-label', t('timer.spoken', parts(ms)));
      const change = timerChange(last?.timer, timer);
      if (change) said.textContent = t(`timer.said.${change}`, { time: t('timer.spoken', parts(ms)) });
      else if (last && milestone(last.ms, ms) === 'minute') said.textContent = t('timer.spoken', parts(ms));
    }
    const up = shown && zero;
    if (up !== ui.content.disabled) {
      const inside = ui.content.contains(document.activeElement);
      ui.content.disabled = up;
      ui.content.dataset.timeUp = up ? 'yes' : '';
      ui.timeUp.textContent = up ? t('timer.phone.timeUp') : '';
      // The control in use was just disabled: the focus goes to the sentence that says why.
      if (up && inside) ui.timeUp.focus({ preventScroll: true });
    }
    last = shown ? reading : null;
  };
  const onTick = (e) => paint(e.detail);

  return {
    update(isAnswering) {
      answering = isAnswering;
      // Another workshop (a new code): its own store and countdown.
      if (phone.conn?.store !== store) {
        countdown?.removeEventListener('tick', onTick);
        countdown?.stop();
        store = phone.conn?.store || null;
        countdown = store ? countdownFor(store) : null;
        countdown?.addEventListener('tick', onTick);
        last = null;
      }
      if (countdown) paint(countdown.reading());
    },
  };
}
