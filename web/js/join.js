// Composition root of the participant's phone page (join.html): the join form and the
// connection (phone/joining.js), what was sent and saved (phone/saves.js) and the screens
// (phone/screens.js), sharing one store object; the offline copy (phone/offline.js).

import { $, normalizeCode, param } from './dom.js';
import { i18n, initI18n, wireLangToggle } from './i18n.js';
import { joinForm, phoneLink, session } from './phone/joining.js';
import { Saves } from './phone/saves.js';
import { phoneScreens } from './phone/screens.js';
import { registerWorker } from './phone/offline.js';

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
  timer: $('[data-phone-timer]'),
  timeUp: $('[data-time-up]'),
  roundTitle: $('[data-round-title]'),
  roundMeta: $('[data-round-meta]'),
  saveStatus: $('[data-save-status]'),
  whoami: $('[data-whoami]'),
  leave: $('[data-leave]'),
  changeGroup: $('[data-change-group]'),
};

/** The page's store: the connection, the workshop's wheel, the participant's changes. */
const phone = { conn: null, fw: null, saves: null, pickingGroup: false };
// The service worker's offline copy is made once the first screen is up (phone/screens.js).
const screens = phoneScreens(ui, phone, { afterFirstScreen: registerWorker });
phone.saves = new Saves(ui.saveStatus, screens);
const form = joinForm(ui, (code, name) => link.connect(code, name));
const link = phoneLink(ui, phone, screens, form);

// Sticky parts of a screen (the scale legend) sit just below the sticky status bar, whatever
// its height at the person's text size.
new ResizeObserver(() => {
  document.documentElement.style.setProperty('--statusbar-h', `${$('.statusbar').offsetHeight}px`);
}).observe($('.statusbar'));

await initI18n(undefined, 'phone');
wireLangToggle($('[data-lang-toggle]'));
i18n.addEventListener('change', screens.rebuild);
ui.leave.addEventListener('click', link.leave);
ui.changeGroup.addEventListener('click', screens.pickGroup);

const fromUrl = normalizeCode(param('code'));
if (fromUrl && session.hasToken(fromUrl)) link.connect(fromUrl, null);
else if (!fromUrl && session.code()) link.connect(session.code(), null);
else {
  // No focus moved here: the first Tab stop of the page is its skip link, then the form.
  ui.code.value = fromUrl || '';
  form.show();
}
