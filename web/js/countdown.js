// Round timers as every page shows them. The server sends `timer` with the rounds
// ({round, endsAt, seconds} or null; `endsAt` is the server's clock at zero, ms since the
// epoch) and its own clock as `serverTime` on every welcome and on every update that carries
// the rounds; the store keeps `clockOffset` = server clock minus this device's (connection.js).
// So every screen counts down to the same moment whatever its own clock says.
//
// The pure part (remainingMs, clock, milestone) takes the time as an argument; `Countdown`
// follows a store and says 'tick' once a second (at the moment the shown second changes),
// with one timer per page however many views listen.

/** How long until zero (ms, never below 0); 0 without a timer. */
export function remainingMs(timer, offset = 0, now = Date.now()) {
  if (!timer || typeof timer.endsAt !== 'number') return 0;
  return Math.max(0, timer.endsAt - (now + offset));
}

/** The whole seconds a countdown shows: 59.2 s left reads 1:00, and 0:00 only at zero. */
export const shownSeconds = (ms) => Math.ceil(Math.max(0, ms) / 1000);

/** "m:ss" (minutes may pass 59: "60:00"). */
export function clock(ms) {
  const seconds = shownSeconds(ms);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

/** {minutes, seconds} of what a countdown shows, for sentences ("1 minut og 30 sekunder"). */
export function parts(ms) {
  const seconds = shownSeconds(ms);
  return { minutes: Math.floor(seconds / 60), seconds: seconds % 60 };
}

/** The moments worth saying aloud, once each: a minute left, ten seconds left, zero. */
const MILESTONES = [['minute', 60], ['ten', 10], ['zero', 0]];

/**
 * The milestone the countdown passed between two readings (`before` and `after`, ms left),
 * or null. A timer started with less than a milestone left never "passes" it.
 */
export function milestone(before, after) {
  const from = shownSeconds(before);
  const to = shownSeconds(after);
  for (const [name, at] of MILESTONES) if (from > at && to <= at) return name;
  return null;
}

/**
 * How `timer` differs from the one seen `before`: 'started' (a new one, or one started
 * again), 'extended' (the same, with seconds added), or null (the same timer).
 */
export function timerChange(before, timer) {
  if (!timer) return null;
  if (!before || before.round !== timer.round) return 'started';
  if (before.endsAt === timer.endsAt) return null;
  const added = timer.seconds - before.seconds;
  return added > 0 && Math.abs((timer.endsAt - before.endsAt) - added * 1000) < 5 ? 'extended' : 'started';
}

/** ms until the shown second changes (a few ms late, so the new second is already due). */
export function nextChangeIn(ms) {
  if (ms <= 0) return null;
  return (ms % 1000 || 1000) + 15;
}

/**
 * A store's timer, counting down. Events: 'tick' (detail: reading()) once a second and
 * whenever the timer itself changes (started, extended, cancelled, ended by the server).
 */
export class Countdown extends EventTarget {
  constructor(store) {
    super();
    this.store = store;
    this.handle = null;
    this.key = '';
    this.changed = () => {
      const timer = this.timer();
      const key = timer ? `${timer.round}|${timer.endsAt}` : '';
      if (key === this.key) return;
      this.key = key;
      this.tick();
    };
    store.addEventListener('change', this.changed);
    this.changed();
  }

  /** The running timer, or null. */
  timer() { return this.store.state?.timer || null; }

  /** What the countdown shows now: {timer, ms, text, running, zero, deadline}. */
  reading(now = Date.now()) {
    const timer = this.timer();
    const ms = remainingMs(timer, this.store.clockOffset, now);
    return {
      timer, ms, text: clock(ms), running: Boolean(timer) && ms > 0, zero: Boolean(timer) && ms <= 0,
      // When zero comes by this device's clock (ms since the epoch): the same on every screen.
      deadline: timer ? timer.endsAt - this.store.clockOffset : null,
    };
  }

  tick() {
    clearTimeout(this.handle);
    const now = this.reading();
    this.dispatchEvent(new CustomEvent('tick', { detail: now }));
    const wait = nextChangeIn(now.ms);
    this.handle = wait === null ? null : setTimeout(() => this.tick(), wait);
  }

  stop() {
    clearTimeout(this.handle);
    this.store.removeEventListener('change', this.changed);
  }
}

const shared = new WeakMap();

/** The page's one countdown for `store` (views share it, so the page has one timer). */
export function countdownFor(store) {
  if (!shared.has(store)) shared.set(store, new Countdown(store));
  return shared.get(store);
}
