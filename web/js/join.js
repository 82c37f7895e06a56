// Composition root of the participant's phone page (join.html): the join form and the
// connection (phone/joining.js), what was sent and saved (phone/saves.js) and the screens
// (phone/screens.js), sharing one store object.

import { $, normalizeCode, param } from './dom.js';
import { i18n, initI18n, wireLangToggle } from './i18n.js';
import { joinForm, phoneLink, session } from './phone/joining.js';
import { Saves } from './phone/saves.js';
import { phoneScreens } from './phone/screens.js';

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

/** The page's store: the connection, the workshop's wheel, the participant's changes. */
const phone = { conn: null, fw: null, saves: null };
const screens = phoneScreens(ui, phone);
phone.saves = new Saves(ui.saveStatus, screens);
const form = joinForm(ui, (code, name) => link.connect(code, name));
const link = phoneLink(ui, phone, screens, form);

await initI18n();
wireLangToggle($('[data-lang-toggle]'));
i18n.addEventListener('change', screens.rebuild);
ui.leave.addEventListener('click', link.leave);

const fromUrl = normalizeCode(param('code'));
if (fromUrl && session.hasToken(fromUrl)) link.connect(fromUrl, null);
else if (!fromUrl && session.code()) link.connect(session.code(), null);
else {
  ui.code.value = fromUrl || '';
  form.show();
  (fromUrl ? ui.name : ui.code).focus();
}
