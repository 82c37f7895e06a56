// Composition root of the projector board (board.html?w=<id>). The board is read-only:
// it follows the facilitator's `focus` (lobby / intro / round / results / actions); each
// screen is a module of board/ that returns {el, update}.

import { $, fill, h, param } from './dom.js';
import { errorText, i18n, initI18n, lang, setLang, t, wireLangToggle } from './i18n.js';
import { api } from './api.js';
import { Connection } from './connection.js';
import { loadWheel } from './framework.js';
import { boardContext } from './board/context.js';
import { followFocus } from './board/screens.js';
import { fitLines } from './board/fit.js';
import { blankScreen, boardKeys } from './board/keys.js';
import { boardTimer } from './board/timer.js';

const ui = {
  main: $('[data-board-main]'),
  title: $('[data-workshop-title]'),
  count: $('[data-participant-count]'),
  countLabel: $('[data-participant-label]'),
  mini: $('[data-join-mini]'),
  miniUrl: $('[data-join-url-mini]'),
  miniCode: $('[data-join-code-mini]'),
  status: $('[data-conn-status]'),
  blank: $('[data-board-blank]'),
  keyNote: $('[data-key-note]'),
  shortcuts: $('[data-shortcuts-open]'),
  timer: $('[data-board-timer]'),
};

/**
 * `preview`: the console's miniature (console/preview.js) draws this page in a frame. What acts
 * on the device or the room (a wake lock, full screen, sounds, keyboard shortcuts) stays off
 * there: such features read `ctx.preview`. The picture itself is the same.
 */
const preview = param('preview') !== null;
document.documentElement.toggleAttribute('data-preview', preview);

const fatal = (message) => fill(ui.main, h('div', { class: 'board-fatal' }, h('p', { text: message })));

async function main() {
  const workshopId = param('w');
  if (!workshopId) {
    await initI18n();
    return fatal(t('board.noWorkshop'));
  }
  let snapshot;
  let fw;
  try {
    [snapshot, fw] = await Promise.all([api.workshop(workshopId), loadWheel(workshopId)]);
  } catch (error) {
    await initI18n();
    return fatal(error.status === 404 ? t('error.not_found') : t('error.generic'));
  }
  await initI18n(snapshot.workshop.language);
  wireLangToggle($('[data-lang-toggle]'));
  followConsoleLanguage();
  ui.title.textContent = snapshot.workshop.title;
  // The whole title, on two lines at most: smaller type rather than a cut.
  const fitTitle = () => fitLines(ui.title, 2);
  fitTitle();
  window.addEventListener('resize', fitTitle);
  ui.refitTitle = fitTitle;
  delete document.documentElement.dataset.pageTitle;
  document.title = `${snapshot.workshop.title} – Wheelhouse`;

  const conn = new Connection({ role: 'board', hello: () => ({ workshop: workshopId }) });
  const ctx = boardContext({ workshopId, fw, snapshot, store: conn.store, preview });
  ui.miniUrl.textContent = ctx.joinUrl;
  ui.miniCode.textContent = snapshot.workshop.joinCode;
  let everOnline = false;
  conn.addEventListener('fatal', (e) => fatal(errorText(e.detail.code, e.detail.message)));
  conn.addEventListener('status', (e) => {
    const { status } = e.detail;
    if (status === 'online') everOnline = true;
    ui.status.hidden = status === 'online' || !everOnline;
    // Nobody can join while the board is cut off: the pill takes the link's room, the code stays.
    document.body.toggleAttribute('data-offline', !ui.status.hidden);
    ui.status.textContent = t('board.offline');
    fitTitle(); // the pill takes room from the title
  });
  followFocus(ctx, conn.store, ui);
  const blank = blankScreen(ui.blank);
  conn.store.addEventListener('change', () => blank(conn.store.state.focus));
  // The console's miniature takes no keys (it is inert in its frame) and shows no "?".
  if (!preview) boardKeys(ctx, conn.store, { note: ui.keyNote, help: ui.shortcuts });
  const timer = boardTimer(ui.timer, conn.store, { resized: fitTitle });
  i18n.addEventListener('change', timer.repaint);
  conn.start();
}

/**
 * The projector shows no language button: a console switching language in the same browser
 * (the facilitator's laptop) switches the board too.
 */
function followConsoleLanguage() {
  window.addEventListener('storage', (event) => {
    if (event.key !== 'wheelhouse.lang' || !event.newValue) return;
    let chosen = null;
    try { chosen = JSON.parse(event.newValue); } catch { return; }
    if (chosen && chosen !== lang()) setLang(chosen);
  });
}

main();
