// The console's commands and what their buttons say about them: pending ("Sender …",
// aria-busy) from the click until the server's ack, then done; failed with a reason when
// the server refuses or when no ack comes within ACK_MS. A pending button ignores clicks,
// so a second click does not send the command twice. Buttons are bound to a command by a
// key ("round:importance:open"), so a button drawn anew shows the same state.

import { errorText, t } from '../i18n.js';
import { announce } from './toast.js';

const ACK_MS = 5000;
/** How long "done" and "failed" stay on a button before it reads as usual again. */
const SHOW_MS = { done: 1500, failed: 6000 };

export function createCommands(conn, toast) {
  /** key -> {state: 'pending'|'done'|'failed', opId, timer} */
  const states = new Map();
  /** key -> Set of buttons */
  const bound = new Map();
  const byOp = new Map();

  const paint = (key) => {
    const state = states.get(key)?.state || '';
    for (const button of bound.get(key) || []) {
      if (!button.isConnected && button.dataset.drawn) { bound.get(key).delete(button); continue; }
      button.dataset.drawn = 'yes';
      button.dataset.command = state;
      button.setAttribute('aria-busy', String(state === 'pending'));
      // aria-disabled, not disabled: a disabled button would drop the keyboard focus to <body>.
      if (state === 'pending') button.setAttribute('aria-disabled', 'true');
      else button.removeAttribute('aria-disabled');
      const label = button.dataset.label;
      const text = { pending: t('fac.cmd.sending'), failed: t('fac.cmd.failed') }[state];
      const target = button.querySelector('[data-label-text]') || button;
      target.textContent = text || label;
    }
  };

  const settle = (key, state, reason) => {
    const entry = states.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    byOp.delete(entry.opId);
    entry.state = state;
    paint(key);
    entry.resolve?.(state === 'done');
    entry.resolve = null;
    if (state === 'failed') toast(reason, 'error');
    else announce(t('fac.cmd.done', { what: entry.what }));
    entry.timer = setTimeout(() => { if (states.get(key) === entry) { states.delete(key); paint(key); } }, SHOW_MS[state]);
  };

  conn.addEventListener('ack', (e) => {
    const key = byOp.get(e.detail.opId);
    if (key) settle(key, 'done');
  });
  conn.addEventListener('refused', (e) => {
    const key = byOp.get(e.detail.opId);
    if (key) settle(key, 'failed', t('fac.cmd.refused', { reason: errorText(e.detail.code, e.detail.message) }));
  });

  return {
    /** Whether the command `key` waits for its ack. */
    busy: (key) => states.get(key)?.state === 'pending',
    /** Ties `button` to the command `key`; its text is its label when no command runs. */
    bind(button, key) {
      button.dataset.label ??= button.textContent;
      button.dataset.commandKey = key;
      if (!bound.has(key)) bound.set(key, new Set());
      bound.get(key).add(button);
      paint(key);
      return button;
    },
    /**
     * Sends `message` as the command `key`; resolves true on its ack, false when it failed.
     * While `key` is pending, a second run is ignored (resolves false).
     */
    run(key, message) {
      if (states.get(key)?.state === 'pending') return Promise.resolve(false);
      clearTimeout(states.get(key)?.timer);
      const opId = conn.submit(message);
      const button = [...(bound.get(key) || [])].find((b) => b.isConnected);
      const what = button?.getAttribute('aria-label') || button?.dataset.label || '';
      const entry = { state: 'pending', opId, what };
      states.set(key, entry);
      byOp.set(opId, key);
      paint(key);
      entry.timer = setTimeout(() => {
        // No ack in time: take the command back, so it is not carried out unseen later.
        conn.pending.delete(opId);
        conn.save();
        const online = conn.online;
        settle(key, 'failed', t(online ? 'fac.cmd.timeout' : 'fac.cmd.offline'));
        // A socket that looks open but carries no ack is most likely dead: start over now
        // (the chip then says so) rather than after the connection's own heartbeat.
        if (online) conn.reconnectNow();
      }, ACK_MS);
      return new Promise((resolve) => { entry.resolve = resolve; });
    },
  };
}
