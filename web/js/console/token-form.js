// Opening a workshop whose facilitator token this browser does not keep: type it.

import { $ } from '../dom.js';
import { t } from '../i18n.js';

/** Wires the token form once; `opened(token)` tries a typed token. */
export function tokenForm(opened) {
  $('[data-token-form]').addEventListener('submit', (event) => {
    event.preventDefault();
    // The whole facilitator link may be pasted, too: its fragment holds the token.
    const typed = $('[data-token-input]').value.trim();
    const token = typed.includes('#') ? new URLSearchParams(typed.split('#')[1]).get('token') || typed : typed;
    if (token) opened(token);
  });
  return {
    /** The token was wrong: say so. */
    refused() {
      const error = $('[data-token-error]');
      error.hidden = false;
      error.textContent = t('fac.tokenWrong');
    },
  };
}
