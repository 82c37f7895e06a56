// What the phone keeps in localStorage: its participant token per join code
// (`wheelhouse.token.<CODE>`), the workshop it is in (`wheelhouse.session`) and, kept by
// the connection, its unsent changes (`wheelhouse.queue.<CODE>`).

import { randomString, storage } from '../dom.js';

const SESSION = 'wheelhouse.session';
const tokenKey = (code) => `wheelhouse.token.${code}`;

/** A typed code without spaces and dashes, in capitals. */
export const normalizeCode = (code) => (code || '').toUpperCase().replace(/[\s-]/g, '');
export const isCode = (code) => /^[A-Z0-9]{6}$/.test(code);

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
