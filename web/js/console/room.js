// The console of one workshop: its live connection, the remote (the next step, the active
// round, the timer, the board) and its panels, each {el, update}, redrawn from the
// store on every change; and the console's keyboard shortcuts.
// The timer panel on show is room.timer (its start/toggle, for shortcuts).

import { $, fill, h } from '../dom.js';
import { errorText, i18n, t } from '../i18n.js';
import { api } from '../api.js';
import { Connection } from '../connection.js';
import { loadWheel } from '../framework.js';
import { knownWorkshops } from '../known-workshops.js';
import { consoleHead } from './head.js';
import { roundsPanel } from './rounds.js';
import { timerPanel } from './timer.js';
import { focusPanel } from './focus.js';
import { peoplePanel } from './people.js';
import { ideasPanel } from './ideas.js';
import { proxyAdded, proxyMemory, proxyPanel } from './proxy.js';
import { resultsPanel } from './results.js';
import { actionsPanel } from './actions.js';
import { exportsPanel } from './exports.js';
import { previewPanel } from './preview.js';
import { notesPanel } from './notes.js';
import { downloadsPanel } from './downloads.js';
import { createCommands } from './commands.js';
import { linkDialog } from './link-dialog.js';
import { remoteBoard, remoteRun } from './remote.js';
import { moveBoard, revealActive, startTimer, toggleBlank } from './moves.js';
import { wireShortcuts } from '../shortcuts.js';
import { shortcutHelp } from '../shortcut-help.js';

/**
 * Loads workshop `id` with `token` and runs its console in `view`. Returns 'missing' (no
 * such workshop), 'refused' (not the facilitator token), 'failed' or 'open'.
 * `chip` shows the connection; `refused()` runs when the server refuses the token later.
 */
export async function openRoom(view, { id, token, chip, toast, refused }) {
  let snapshot;
  let fw;
  try {
    [snapshot, fw] = await Promise.all([api.workshop(id, token), loadWheel(id)]);
  } catch (error) {
    return error.status === 404 ? 'missing' : 'failed';
  }
  if (snapshot.role !== 'facilitator') return 'refused';
  const rerunOf = snapshot.workshop.rerunOf || undefined;
  const known = knownWorkshops.get(id);
  knownWorkshops.remember(id, { token, title: snapshot.workshop.title, code: snapshot.workshop.joinCode, created: known?.created || Date.now(), rerunOf });
  // A re-run names the run it is compared with (anyone may read a workshop's title).
  const earlierTitle = rerunOf ? knownWorkshops.get(rerunOf)?.title
    || (await api.workshop(rerunOf).catch(() => null))?.workshop?.title || null : null;
  delete document.documentElement.dataset.pageTitle;
  document.title = `${snapshot.workshop.title} – ${t('fac.role')} – Wheelhouse`;

  const conn = new Connection({ role: 'facilitator', hello: () => ({ workshop: id, token }) });
  const commands = createCommands(conn, toast);
  const room = {
    id, token, snapshot, fw, earlierTitle, store: conn.store, toast, commands,
    send(message) {
      const opId = conn.submit(message);
      if (!conn.online) toast(t('fac.queued'));
      return opId;
    },
    /** A command whose button shows pending, done or failed (see commands.js); resolves true on its ack. */
    command: (key, message) => commands.run(key, message),
    setFocus(focus, key = 'focus:auto') { return commands.run(key, { type: 'focus', focus }); },
  };
  room.link = linkDialog(room);
  const proxies = proxyMemory();
  let panels = [];
  const update = () => {
    if (!conn.store.workshop) return;
    const used = document.activeElement;
    const where = used && used !== document.body ? panels.find((p) => p.el.contains(used)) : null;
    for (const p of panels) p.update?.(conn.store.state);
    if (where && (!used.isConnected || used.disabled)) refocus(used, where);
  };
  // The shortcuts (shortcuts.js) and their "?" overlay; the remote has a button for it too.
  let help = null;
  const served = wireShortcuts({
    next: () => moveBoard(room, 1),
    prev: () => moveBoard(room, -1),
    reveal: () => revealActive(room),
    timer: () => startTimer(room),
    blank: () => toggleBlank(room),
    help: () => help.show(),
  });
  help = shortcutHelp(served);
  const build = () => {
    const [run, remote, timer, rounds, board, people, ideas, results, actions, exports, downloads, proxy, preview, notes] = panels = [
      remoteRun(room), remoteBoard(room, { showShortcuts: (button) => help.show(button) }), timerPanel(room),
      roundsPanel(room), focusPanel(room), peoplePanel(room), ideasPanel(room),
      resultsPanel(room), actionsPanel(room), exportsPanel(room), downloadsPanel(room), proxyPanel(room, proxies, update),
      previewPanel(room), notesPanel(room),
    ];
    // facilitator.html holds the slots; the timer (console/timer.js) sits between the
    // remote's two parts.
    room.timer = timer;
    fill($('[data-console-head]', view), consoleHead(room));
    fill($('[data-remote-run]', view), run.el);
    fill($('[data-timer-panel]', view), timer.el);
    fill($('[data-remote-board]', view), remote.el);
    fill($('[data-console-panels]', view), h('div', { class: 'console-grid' },
      h('div', { class: 'col' }, rounds.el, ideas.el),
      h('div', { class: 'col' }, preview.el, notes.el, board.el, people.el),
      h('div', { class: 'col' }, results.el, actions.el, exports.el, downloads.el, proxy.el)));
  };
  build();
  i18n.addEventListener('change', () => { build(); update(); });

  conn.addEventListener('fatal', (e) => (e.detail.code === 'not_facilitator' ? refused() : toast(errorText(e.detail.code, e.detail.message), 'error')));
  conn.addEventListener('status', (e) => {
    chip.dataset.status = e.detail.status === 'online' ? 'saved' : 'offline';
    chip.textContent = t(`status.${e.detail.status}`);
  });
  conn.addEventListener('refused', (e) => toast(errorText(e.detail.code, e.detail.message), 'error'));
  conn.addEventListener('ack', (e) => { if (proxyAdded(proxies, e.detail, toast)) update(); });
  conn.store.addEventListener('change', update);
  conn.start();
  if (room.link.pending()) room.link.show(view.querySelector('[data-show-link]'));
  return 'open';
}

/**
 * The change a control made redrew or disabled it ("Åbn" once the round is open): keep the
 * keyboard focus near, never on <body>. The same control drawn anew, else what the panel
 * names (its next step), else the panel's heading.
 */
function refocus(used, panel) {
  const key = used.dataset.commandKey || used.dataset.focusKey;
  const same = key && [...panel.el.querySelectorAll('[data-command-key], [data-focus-key]')]
    .find((el) => (el.dataset.commandKey || el.dataset.focusKey) === key && !el.disabled && el.getClientRects().length);
  const target = same || panel.refocus?.(used) || panel.el.querySelector('h2');
  target?.focus();
}
