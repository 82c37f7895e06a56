// The phone's copy of itself for dead spots: the service worker (/sw.js) keeps the page and
// its modules; this module keeps, per join code, the last state the server sent and the
// workshop's wheel in localStorage, so a reload without network shows the screen as it was,
// the offline banner and the answers still waiting to be sent.
//
// localStorage: `wheelhouse.copy.<CODE>` {workshop, you, role, state} and
// `wheelhouse.wheel.<workshop id>` (the wheel as GET /api/workshops/{id}/wheel?view=phone
// gave it).

import { storage } from '../dom.js';
import { api } from '../api.js';
import { index } from '../framework.js';

const copyKey = (code) => `wheelhouse.copy.${code}`;
const wheelKey = (id) => `wheelhouse.wheel.${id}`;

/** Where the browser allows it (a secure context: https, or localhost / 127.0.0.1). */
export function registerWorker() {
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/join.html' }).catch(() => { /* no offline copy then */ });
}

/** The workshop's wheel, indexed: from the server, else the copy kept last time. */
export async function wheelFor(id) {
  let raw;
  try {
    raw = await api.phoneWheel(id);
    storage.set(wheelKey(id), raw);
  } catch (error) {
    raw = storage.get(wheelKey(id));
    if (!raw) throw error;
  }
  return { ...index(raw), workshopId: id };
}

export const stateCopy = {
  /** The copy for `code` with its wheel, or null. */
  read(code) {
    const copy = storage.get(copyKey(code));
    const wheel = copy?.workshop?.id && storage.get(wheelKey(copy.workshop.id));
    return copy && wheel ? { welcome: copy, fw: { ...index(wheel), workshopId: copy.workshop.id } } : null;
  },
  /** Follows `store`, writing at most once a second. */
  follow(code, store) {
    let timer = null;
    const write = () => {
      timer = null;
      if (!store.workshop) return;
      storage.set(copyKey(code), { workshop: store.workshop, you: store.you, role: store.role, state: store.state });
    };
    store.addEventListener('change', (event) => {
      if (event.detail.welcome) { clearTimeout(timer); write(); return; }
      timer ??= setTimeout(write, 1000);
    });
  },
  forget(code) {
    const copy = storage.get(copyKey(code));
    storage.remove(copyKey(code));
    if (copy?.workshop?.id) storage.remove(wheelKey(copy.workshop.id));
  },
};
