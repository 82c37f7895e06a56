// The phone's connection to its workshop: hello with the join code and the participant
// token, the welcome (a typed name renames a returning participant), leaving.

import { param } from '../dom.js';
import { errorText } from '../i18n.js';
import { Connection } from '../connection.js';
import { loadWheel } from '../framework.js';
import { links } from '../links.js';
import { session } from './session.js';

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
      if (param('code') !== code) history.replaceState(null, '', links.join(code));
      phone.saves.welcome(welcome.state.answers);
      if (!phone.fw || phone.fw.workshopId !== welcome.workshop.id) {
        phone.fw = await loadWheel(welcome.workshop.id).then((fw) => ({ ...fw, workshopId: welcome.workshop.id }), () => null);
        screens.rebuild();
      }
      ui.joinScreen.hidden = true;
      ui.appScreen.hidden = false;
      // After a reconnect the screen usually stays as it is (no rebuild under the finger);
      // only the values are repainted from the snapshot and the unsent queue.
      screens.render();
      screens.repaint();
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
    conn.start();
  }

  function leave() {
    phone.conn?.stop();
    phone.conn = null;
    session.leave();
    history.replaceState(null, '', links.join());
    ui.code.value = '';
    form.show();
    ui.code.focus();
  }

  return { connect, leave };
}
