// The workshops this browser runs: the one owner of the facilitator's localStorage entry
// `wheelhouse.facilitator`, {id: {token, title, code, created, rerunOf?, linkPending?}}
// (linkPending: created here, the facilitator link not yet shown and dismissed). The console
// (its list, creating, opening) and the report read and write it through here only.

import { storage } from './dom.js';

const KEY = 'wheelhouse.facilitator';

const read = () => storage.get(KEY, {}) || {};

export const knownWorkshops = {
  /** {id: info}, a copy. */
  all: read,
  get: (id) => read()[id] || null,
  tokenFor: (id) => read()[id]?.token || null,
  /** Merges `info` into what is kept for `id`. */
  remember(id, info) {
    const all = read();
    all[id] = { ...all[id], ...info };
    storage.set(KEY, all);
  },
  forget(id) {
    const all = read();
    delete all[id];
    storage.set(KEY, all);
  },
};
