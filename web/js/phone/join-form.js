// The join screen: a code (from the link, or typed) and an optional name.

import { t } from '../i18n.js';
import { LIMITS } from '../contract.js';
import { isCode, normalizeCode } from './session.js';

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
