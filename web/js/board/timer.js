// The round's countdown on the projector: in the board's head (so it covers no result and
// shows on every screen), large enough for the back of the room; 0:00 at zero, until the
// server closes the round (2 s later) and the timer is gone. A screen reader hears when it
// starts, is extended or stopped, a minute and ten seconds before the end and at zero;
// never every second (the digits are a role="timer", which is not live).

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { countdownFor, milestone, parts, timerChange } from '../countdown.js';

/**
 * Fills `el` (the head's [data-board-timer]) from the store's timer; `resized()` runs when
 * it appears or goes (it takes room from the title).
 */
export function boardTimer(el, store, { resized } = {}) {
  const countdown = countdownFor(store);
  const label = h('span', { class: 'board-timer-label' });
  const digits = h('strong', { class: 'board-timer-digits', role: 'timer', data: { timerDigits: '' } });
  const bar = h('span', { class: 'board-timer-bar', 'aria-hidden': 'true' }, h('span'));
  const said = h('span', { class: 'sr-only', 'aria-live': 'polite', data: { timerSaid: '' } });
  el.replaceChildren(h('span', { class: 'board-timer-text' }, label, digits), bar);
  el.after(said); // heard when the countdown goes away too
  let last = null; // the reading before, to hear what changed

  const paint = (now) => {
    const { timer, ms, zero } = now;
    if (el.hidden !== !timer) {
      el.hidden = !timer;
      resized?.();
    }
    if (!timer) {
      if (last?.timer && !last.zero) say(t('timer.said.stopped'));
      el.dataset.state = '';
      delete el.dataset.remainingMs;
      delete el.dataset.deadline;
      last = now;
      return;
    }
    el.dataset.state = zero ? 'zero' : ms <= 10000 ? 'ending' : 'running';
    el.dataset.remainingMs = String(Math.round(ms));
    el.dataset.deadline = String(Math.round(now.deadline));
    el.dataset.round = timer.round;
    label.textContent = zero ? t('timer.timeUp') : t('timer.left', { round: t(`round.${timer.round}.name`) });
    digits.textContent = now.text;
    digits.setAttribute('aria-label', t('timer.spoken', parts(ms)));
    // Where the bar will be at the next tick: it slides there during the second (board.css).
    bar.firstChild.style.width = `${timer.seconds ? Math.min(100, (Math.max(0, ms - 1000) / (timer.seconds * 1000)) * 100) : 0}%`;
    const change = timerChange(last?.timer, timer);
    if (change) say(t(`timer.said.${change}`, { time: t('timer.spoken', parts(ms)) }));
    else {
      const passed = milestone(last.ms, ms);
      if (passed === 'zero') say(t('timer.timeUp'));
      else if (passed) say(t('timer.spoken', parts(ms)));
    }
    last = now;
  };
  const say = (text) => { said.textContent = text; };
  countdown.addEventListener('tick', (e) => paint(e.detail));
  paint(countdown.reading());
  return { repaint: () => paint(countdown.reading()) };
}
