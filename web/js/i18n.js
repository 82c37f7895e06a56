// Every UI string lives in one table per language (strings/da.js, strings/en.js); the
// phone's part of it is a file of its own (strings/da-phone.js, en-phone.js), which the
// phone page loads instead of the whole table. Danish is the default; the choice is
// remembered in localStorage. Only the table in use is loaded, so a phone in Danish never
// downloads the English one.

import { $$, storage } from './dom.js';

const KEY = 'wheelhouse.lang';
export const LANGUAGES = ['da', 'en'];

let current = 'da';
let part = ''; // '' for the whole table, '-phone' for the phone's part
let table = {};
const tables = {};

/** Fires 'change' after the language switched and static texts were re-translated. */
export const i18n = new EventTarget();

export function lang() { return current; }

async function load(language) {
  const chosen = LANGUAGES.includes(language) ? language : 'da';
  if (!tables[chosen]) tables[chosen] = (await import(`./strings/${chosen}${part}.js`)).default;
  current = chosen;
  table = tables[chosen];
  document.documentElement.lang = chosen;
  translate(document);
}

/**
 * Loads the remembered language, else `fallback` (e.g. the workshop's), else Danish.
 * `only = 'phone'` loads just the phone's part of the table.
 */
export async function initI18n(fallback, only = '') {
  part = only ? `-${only}` : '';
  await load(storage.get(KEY) || fallback || 'da');
  wireSkipLink();
}

/**
 * The skip link (`<a class="skip-link" href="#main">`, first in every page's body) moves
 * keyboard focus to the page's <main>. Every page starts with initI18n, so it is wired here:
 * the markup stays one line, and the jump goes by focus, not by the address's fragment
 * (the report reads a token from the fragment; a changed one must not confuse it).
 */
function wireSkipLink() {
  const link = document.querySelector('.skip-link');
  const main = document.querySelector('main');
  if (!link || !main || link.dataset.wired) return;
  link.dataset.wired = 'yes';
  if (!main.id) main.id = 'main';
  if (!main.hasAttribute('tabindex')) main.setAttribute('tabindex', '-1');
  link.addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });
}

/** True when the person chose a language themselves. */
export function hasStoredLang() { return storage.get(KEY) !== null; }

export async function setLang(language) {
  storage.set(KEY, language);
  await load(language);
  i18n.dispatchEvent(new Event('change'));
}

export function toggleLang() { return setLang(current === 'da' ? 'en' : 'da'); }

/**
 * The string for `key` with {placeholders} filled from `vars`. A value may be
 * {one, other}: picked by vars.n.
 */
export function t(key, vars = {}) {
  let value = table[key];
  if (value === undefined) return key;
  if (typeof value === 'object') value = vars.n === 1 ? value.one : value.other;
  return value.replace(/\{(\w+)\}/g, (_, name) => (vars[name] === undefined ? '' : String(vars[name])));
}

/** True when the table has `key` (for optional strings such as error codes). */
export function has(key) { return table[key] !== undefined; }

/** A plugin text {da, en}: the chosen language, then Danish, then English. */
export function pick(text) {
  if (!text) return '';
  if (typeof text === 'string') return text;
  return text[current] || text.da || text.en || '';
}

/** A number in the chosen language's format (Danish: decimal comma). */
export function num(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return new Intl.NumberFormat(current === 'da' ? 'da-DK' : 'en-GB', {
    minimumFractionDigits: digits, maximumFractionDigits: digits,
  }).format(value);
}

/** A number with its sign: "+0,8", "−0,8" (a real minus sign), "0,0". */
export function signed(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  const text = num(Math.abs(value), digits);
  if (text === num(0, digits)) return text;
  return `${value > 0 ? '+' : '−'}${text}`;
}

/**
 * A change since an earlier run, with an arrow for the direction: "▲ +0,5", "▼ −0,3",
 * "± 0,0" when it rounds to nothing, '' when unknown.
 */
export function change(value, digits = 1) {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  const text = signed(value, digits);
  if (text === num(0, digits)) return `± ${text}`;
  return `${value > 0 ? '▲' : '▼'} ${text}`;
}

/** A change of rank (this run minus the earlier): a smaller rank moved up. "▲ 2", "▼ 1", "=". */
export function rankChange(value) {
  if (value === null || value === undefined) return '';
  if (value === 0) return '=';
  return `${value < 0 ? '▲' : '▼'} ${Math.abs(value)}`;
}

/**
 * A date in words: "1. marts 2027" / "1 March 2027". Takes a calendar date (YYYY-MM-DD,
 * shown as it is) or a timestamp (ISO 8601 with a time, shown in the browser's time zone).
 */
export function date(iso) {
  const text = String(iso);
  const options = { day: 'numeric', month: 'long', year: 'numeric' };
  const locale = current === 'da' ? 'da-DK' : 'en-GB';
  if (text.includes('T')) {
    const when = new Date(text);
    return Number.isNaN(when.getTime()) ? text : when.toLocaleDateString(locale, options);
  }
  const [y, m, d] = text.split('-').map(Number);
  if (!y || !m || !d) return text;
  return new Date(y, m - 1, d).toLocaleDateString(locale, options);
}

/** A moment (ISO 8601 timestamp) with date and time: "29. november 2026 kl. 10.43". */
export function dateTime(iso) {
  const when = new Date(iso);
  if (Number.isNaN(when.getTime())) return String(iso);
  return when.toLocaleString(current === 'da' ? 'da-DK' : 'en-GB', { dateStyle: 'long', timeStyle: 'short' });
}

/**
 * Fills static markup: data-i18n (text), data-i18n-label (aria-label),
 * data-i18n-placeholder, data-i18n-title (title attribute); <html data-page-title> names the
 * document title's key until a page sets its own title (the workshop's).
 */
export function translate(root) {
  for (const el of $$('[data-i18n]', root)) el.textContent = t(el.dataset.i18n);
  for (const el of $$('[data-i18n-label]', root)) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  for (const el of $$('[data-i18n-placeholder]', root)) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
  for (const el of $$('[data-i18n-title]', root)) el.setAttribute('title', t(el.dataset.i18nTitle));
  const page = document.documentElement.dataset.pageTitle;
  if (page && root === document) document.title = t(page);
}

/** Wires a language toggle button (data-lang-toggle): shows the other language's name. */
export function wireLangToggle(button) {
  const label = () => {
    button.textContent = t('lang.other');
    button.setAttribute('aria-label', t('lang.switchLabel'));
    button.setAttribute('lang', current === 'da' ? 'en' : 'da');
  };
  button.addEventListener('click', () => toggleLang());
  i18n.addEventListener('change', label);
  label();
}

/** A server error as a sentence in the chosen language: known codes are translated. */
export function errorText(code, fallback) {
  return has(`error.${code}`) ? t(`error.${code}`) : (fallback || t('error.generic'));
}
