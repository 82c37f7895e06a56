// The landing page: language, and a typed join code cleaned up before the plain GET to
// /join.html (the form works without JavaScript too). A file, not an inline script: the
// Content-Security-Policy allows scripts from this server's files only.
import { initI18n, wireLangToggle } from '/js/i18n.js';
import { normalizeCode } from '/js/dom.js';

await initI18n();
wireLangToggle(document.querySelector('[data-lang-toggle]'));
const input = document.querySelector('[data-code-input]');
document.querySelector('[data-landing-join]').addEventListener('submit', () => {
  input.value = normalizeCode(input.value);
});
