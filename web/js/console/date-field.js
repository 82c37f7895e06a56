// A date typed the Danish way, whatever the browser's locale: dd-mm-åååå (also with dots,
// slashes or spaces, and ISO yyyy-mm-dd as pasted from elsewhere). A native date input
// follows the browser's locale, so 01-03-2027 became 3 January in an English browser.

import { h } from '../dom.js';
import { t } from '../i18n.js';

const pad = (n) => String(n).padStart(2, '0');

/** The ISO date (yyyy-mm-dd) of a typed date, '' for nothing typed, null when it is no date. */
export function parseDanishDate(text) {
  const typed = (text || '').trim();
  if (!typed) return '';
  let parts = typed.match(/^(\d{1,2})\s*[-./ ]\s*(\d{1,2})\s*[-./ ]\s*(\d{4})$/);
  let day; let month; let year;
  if (parts) [, day, month, year] = parts.map(Number);
  else if ((parts = typed.match(/^(\d{4})-(\d{1,2})-(\d{1,2})$/))) [, year, month, day] = parts.map(Number);
  else return null;
  // Date.UTC rolls 31-02 over into March: compare to catch days a month does not have.
  const when = new Date(Date.UTC(year, month - 1, day));
  if (when.getUTCFullYear() !== year || when.getUTCMonth() !== month - 1 || when.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** An ISO date as the field shows it: 01-03-2027. */
export const danishDate = (iso) => (iso ? iso.split('-').reverse().join('-') : '');

/**
 * The field: {input, error, value()} where value() is the ISO date, '' or null (invalid;
 * the field then says how to write it). Leaving the field writes a date back the Danish way.
 */
export function dateField(id) {
  const error = h('p', { class: 'field-error', id: `${id}-error`, hidden: true, text: t('fac.dateInvalid') });
  const input = h('input', { class: 'input', id, type: 'text', inputmode: 'numeric', autocomplete: 'off', placeholder: t('fac.dateFormat'),
    maxlength: 12, 'aria-describedby': `${id}-format`, data: { actionDue: '' } });
  const check = () => {
    const iso = parseDanishDate(input.value);
    error.hidden = iso !== null;
    input.setAttribute('aria-invalid', String(iso === null));
    input.setAttribute('aria-describedby', iso === null ? `${id}-format ${id}-error` : `${id}-format`);
    return iso;
  };
  // Leaving the field only tidies a valid date: an error shown on blur would move the
  // button the pointer is on its way to. The error is shown when the form is sent.
  input.addEventListener('blur', () => { const iso = parseDanishDate(input.value); if (iso) input.value = danishDate(iso); });
  input.addEventListener('input', () => { if (!error.hidden) check(); });
  const format = h('span', { class: 'help', id: `${id}-format`, text: t('fac.dateFormat') });
  return { input, error, format, value: check, clear: () => { input.value = ''; check(); } };
}
