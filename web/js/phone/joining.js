// Joining: the join screen (a code from the link or typed, an optional name), what the
// phone keeps in localStorage, and the connection to the workshop (hello with the join
// code and the participant token; the welcome, where a typed name renames a returning
// participant; leaving).
//
// localStorage: the participant token per join code (`wheelhouse.token.<CODE>`), the
// workshop the phone is in (`wheelhouse.session`) and, kept by the connection, its unsent
// changes (`wheelhouse.queue.<CODE>`); the copy for dead spots is phone/offline.js's.

import { normalizeCode, param, randomString, storage } from '../dom.js';
import { errorText, t } from '../i18n.js';
import { Connection } from '../connection.js';
import { LIMITS } from '../contract.js';
import { stateCopy, wheelFor } from './offline.js';
import { focusHeading } from './screens.js';

const SESSION = 'wheelhouse.session';
const tokenKey = (code) => `wheelhouse.token.${code}`;

const isCode = (code) => /^[A-Z0-9]{6}$/.test(code);

export const session = {
  /** The join code of the workshop this phone is in, if any. */
  code: () => storage.get(SESSION)?.code || null,
  enter: (code) => storage.set(SESSION, { code }),
  leave: () => storage.remove(SESSION),
  hasToken: (code) => Boolean(storage.get(tokenKey(code))),
  /** The participant token for `code`: a returning phone keeps its participant. */
  token(code) {
    let token = storage.get(tokenKey(code));
    if (!token) {
      token = randomString(32);
      storage.set(tokenKey(code), token);
    }
    return token;
  },
  queueKey: (code) => `wheelhouse.queue.${code}`,
};

const joinUrl = (code) => (code ? `/join.html?code=${encodeURIComponent(code)}` : '/join.html');

/** Wires the form; `join(code, name)` connects. Returns {show(error?), code(value)}. */
export function joinForm(ui, join) {
  ui.name.maxLength = LIMITS.nameLength;
  const show = (error) => {
    ui.joinScreen.hidden = false;
    ui.appScreen.hidden = true;
    ui.submit.disabled = false;
    ui.joinError.hidden = !error;
    ui.joinError.textContent = error || '';
  };
  ui.code.addEventListener('input', () => { ui.joinError.hidden = true; });
  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = normalizeCode(ui.code.value);
    if (!isCode(value)) {
      show(t('join.codeInvalid'));
      ui.code.focus();
      return;
    }
    ui.submit.disabled = true;
    join(value, ui.name.value.trim() || null);
  });
  return { show };
}

/**
 * `phone` is the page's store {conn, fw, saves}; `screens` draws it; `form` is the join
 * screen. Returns {connect(code, name), leave()}.
 */
export function phoneLink(ui, phone, screens, form) {
  function connect(code, name) {
    const token = session.token(code);
    phone.conn?.stop();
    const conn = new Connection({ role: 'participant', queueKey: session.queueKey(code), hello: () => ({ code, token, name }) });
    phone.conn = conn;
    let typedName = name;
    conn.addEventListener('welcome', async (event) => {
      const welcome = event.detail;
      session.enter(code);
      // A returning phone keeps its participant (same token); a newly typed name renames it.
      if (typedName && typedName !== welcome.you?.name) conn.submit({ type: 'rename', name: typedName }, 'rename');
      typedName = null;
      if (param('code') !== code) history.replaceState(null, '', joinUrl(code));
      phone.saves.welcome(welcome.state.answers);
      if (!phone.fw || phone.fw.workshopId !== welcome.workshop.id) {
        phone.fw = await wheelFor(welcome.workshop.id).catch(() => null);
        screens.rebuild();
      }
      const joined = !ui.joinScreen.hidden;
      ui.joinScreen.hidden = true;
      ui.appScreen.hidden = false;
      // After a reconnect the screen usually stays as it is (no rebuild under the finger);
      // only the values are repainted from the snapshot and the unsent queue.
      screens.render();
      screens.repaint();
      // The join button is gone: the focus moves to the screen it opened.
      if (joined && (document.activeElement === document.body || ui.joinScreen.contains(document.activeElement))) focusHeading(ui.content);
    });
    conn.addEventListener('fatal', (e) => {
      session.leave();
      ui.code.value = code;
      form.show(errorText(e.detail.code, e.detail.message));
    });
    conn.addEventListener('status', (e) => {
      const { status } = e.detail;
      ui.banner.hidden = status === 'online' || !phone.saves.everOnline || status === 'failed';
    });
    phone.saves.attach(conn);
    conn.store.addEventListener('change', screens.render);
    stateCopy.follow(code, conn.store);
    // A reload in a dead spot: the screen as it was, until the server answers.
    const copy = name ? null : stateCopy.read(code);
    if (copy) {
      phone.fw = copy.fw;
      phone.saves.welcome(copy.welcome.state.answers);
      phone.saves.everOnline = true;
      ui.joinScreen.hidden = true;
      ui.appScreen.hidden = false;
      conn.store.replace(copy.welcome);
      screens.rebuild();
    }
    conn.start();
  }

  function leave() {
    phone.conn?.stop();
    phone.conn = null;
    const code = session.code();
    if (code) stateCopy.forget(code);
    session.leave();
    history.replaceState(null, '', joinUrl());
    ui.code.value = '';
    form.show();
    ui.code.focus();
  }

  return { connect, leave };
}
