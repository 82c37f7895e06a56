// The "?" overlay: a modal dialog listing the page's keyboard shortcuts. Labelled by its
// heading, the focus kept inside it (Tab and Shift+Tab go round its controls), Esc or
// "Luk" closes it and the focus goes back to where it was.

import { h } from './dom.js';
import { t } from './i18n.js';
import { NAMED_KEYS } from './shortcuts.js';

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

const keyName = (key) => (NAMED_KEYS.includes(key) ? t(`keys.name.${key}`) : key.toUpperCase());

/** The keys of one shortcut: "→ eller Page Down eller N". */
function keysCell(shortcut) {
  const parts = [];
  shortcut.keys.forEach((key, i) => {
    if (i) parts.push(` ${t('keys.or')} `);
    parts.push(h('kbd', { text: keyName(key) }));
  });
  return h('th', { scope: 'row' }, parts);
}

/** Keeps Tab inside `dialog`. */
function trapFocus(dialog, event) {
  if (event.key !== 'Tab') return;
  const stops = [...dialog.querySelectorAll(FOCUSABLE)].filter((el) => !el.disabled && el.getClientRects().length);
  if (!stops.length) { event.preventDefault(); return; }
  const first = stops[0];
  const last = stops[stops.length - 1];
  const inside = dialog.contains(document.activeElement);
  if (event.shiftKey && (document.activeElement === first || !inside)) { event.preventDefault(); last.focus(); }
  else if (!event.shiftKey && (document.activeElement === last || !inside)) { event.preventDefault(); first.focus(); }
}

/**
 * The overlay for the shortcuts `served` (from wireShortcuts). `note(shortcut)` may give a
 * string key said beside a shortcut (the board: one that needs the facilitator key);
 * `intro()` a string key for a line under the heading, or null.
 */
export function shortcutHelp(served, { note = () => null, intro = () => null } = {}) {
  let dialog = null;
  const build = () => {
    const close = h('button', { type: 'button', class: 'btn btn-primary', data: { keysClose: '' }, text: t('keys.close'),
      on: { click: () => dialog.close() } });
    const said = intro();
    const el = h('dialog', { class: 'keys-dialog', 'aria-labelledby': 'keys-title', data: { keysDialog: '' } },
      h('h2', { id: 'keys-title', text: t('keys.title') }),
      said ? h('p', { class: 'help', data: { keysIntro: '' }, text: t(said) }) : null,
      h('table', { class: 'keys-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('keys.key') }), h('th', { scope: 'col', text: t('keys.what') }))),
        h('tbody', {}, served.map((shortcut) => {
          const extra = note(shortcut);
          return h('tr', { data: { shortcut: shortcut.id } }, keysCell(shortcut),
            h('td', {}, t(shortcut.label), extra ? h('span', { class: 'keys-note', text: ` (${t(extra)})` }) : null));
        }))),
      h('p', { class: 'help', text: t('keys.typing') }),
      h('div', { class: 'btn-row' }, close));
    el.addEventListener('keydown', (event) => trapFocus(el, event));
    return el;
  };
  return {
    get open() { return Boolean(dialog?.open); },
    /** Opens the overlay; the focus returns to `returnTo` (else to what had it) on close. */
    show(returnTo) {
      if (dialog?.open) return;
      const back = returnTo || (document.activeElement !== document.body ? document.activeElement : null);
      dialog?.remove();
      dialog = build();
      document.body.append(dialog);
      dialog.addEventListener('close', () => {
        dialog.remove();
        if (back?.isConnected) back.focus();
      });
      dialog.showModal();
      dialog.querySelector('[data-keys-close]').focus();
    },
  };
}
