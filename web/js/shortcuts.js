// Keyboard shortcuts of the console and the board: one table and one dispatcher; each page
// binds the actions it has (console/room.js with console/moves.js; board/keys.js). A
// shortcut never fires while the person types (a text field, a text area, a select,
// anything contenteditable has the focus), with Ctrl, Alt or Meta held (the browser's own
// shortcuts), on a held-down key's repeats, or while a modal dialog is open (the dialog's
// own keys, Esc, belong to it); the arrows also leave alone a focused widget that uses them
// and a box that scrolls sideways.

/**
 * Every shortcut: `id` (the binding's name), `keys` (KeyboardEvent.key values; letters in
 * lower case match either case), `label` (its string key), `changes` (true when it changes
 * the workshop, so the board needs the facilitator key for it). The keys of presenter
 * remotes are in: Page Down / Page Up for next and back, "." (and B) for a black screen.
 */
export const SHORTCUTS = [
  { id: 'next', keys: ['ArrowRight', 'PageDown', 'n'], label: 'keys.next', changes: true },
  { id: 'prev', keys: ['ArrowLeft', 'PageUp', 'p'], label: 'keys.prev', changes: true },
  { id: 'reveal', keys: ['r'], label: 'keys.reveal', changes: true },
  { id: 'timer', keys: ['t'], label: 'keys.timer', changes: true },
  { id: 'blank', keys: ['b', '.'], label: 'keys.blank', changes: true },
  { id: 'fullscreen', keys: ['f'], label: 'keys.fullscreen', changes: false },
  { id: 'help', keys: ['?'], label: 'keys.help', changes: false },
];

/** Keys whose name is a word (the string tables name them); the others show as they are. */
export const NAMED_KEYS = ['ArrowRight', 'ArrowLeft', 'PageDown', 'PageUp'];

/** True when the focused element takes typing: the shortcuts keep out of its way. */
export function typingIn(el) {
  if (!el || el === document.body) return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

function modalOpen() {
  try { return Boolean(document.querySelector('dialog:modal')); } catch { return Boolean(document.querySelector('dialog[open]')); }
}

/** Widgets whose arrow keys are their own (a radio group, tabs, a slider, a list box ...). */
const ARROW_ROLES = '[role="radiogroup"], [role="tablist"], [role="slider"], [role="listbox"], [role="menu"], [role="grid"], [role="tree"]';

/** True when ← and → belong to the focused element: such a widget, or a box that scrolls sideways. */
function arrowsBelongTo(el) {
  if (!el || el === document.body || el === document.documentElement) return false;
  if (el.closest(ARROW_ROLES)) return true;
  return el.scrollWidth > el.clientWidth && ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
}

/** The shortcut `event` asks for, or null (see the head of this file for when none does). */
export function shortcutFor(event, table = SHORTCUTS) {
  if (event.defaultPrevented || event.repeat || event.isComposing) return null;
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  if (typingIn(document.activeElement) || typingIn(event.target)) return null;
  if (modalOpen()) return null;
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  if (key.startsWith('Arrow') && arrowsBelongTo(document.activeElement)) return null;
  return table.find((s) => s.keys.includes(key)) || null;
}

/**
 * Listens on the page: `bindings` maps a shortcut id to a function (a page leaves out the
 * ones it has not); returns the shortcuts it serves, in the table's order, for the help.
 */
export function wireShortcuts(bindings) {
  const served = SHORTCUTS.filter((s) => bindings[s.id]);
  document.addEventListener('keydown', (event) => {
    const shortcut = shortcutFor(event, served);
    if (!shortcut) return;
    event.preventDefault();
    bindings[shortcut.id](event);
  });
  return served;
}
