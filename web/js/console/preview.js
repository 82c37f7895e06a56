// The board preview: a live miniature of what the projector shows. It is the board page
// itself (board.html?w=…&preview=1, a board client of its own) in an iframe drawn at
// 1280 × 720 and scaled down into a 16:9 frame, so it draws exactly what the board draws.
// Loaded only while shown (a toggle, remembered in this browser): a remote on a weak
// network pays nothing for it. The frame is decoration for screen readers (the console
// says in words what the board shows); the region around it is labelled.

import { h, storage } from '../dom.js';
import { t } from '../i18n.js';
import { links } from '../links.js';

const KEY = 'wheelhouse.preview';
/** The size the board is laid out at inside the frame (the board sizes itself from its viewport). */
const WIDTH = 1280;
const HEIGHT = 720;

export function previewPanel(room) {
  const titleId = 'board-preview-title';
  const toggle = h('button', { type: 'button', class: 'btn btn-small', data: { previewToggle: '' }, text: t('fac.preview.show') });
  const box = h('div', { class: 'board-preview', data: { boardPreview: '' }, hidden: true });
  const blocked = h('p', { class: 'help', data: { previewBlocked: '' }, hidden: true, text: t('fac.preview.blocked') });
  const el = h('section', { class: 'panel', 'aria-labelledby': titleId },
    h('div', { class: 'panel-top' },
      h('h2', { id: titleId, tabindex: '-1', text: t('fac.preview.title') }),
      toggle),
    box, blocked);

  let frame = null;
  let sizer = null;
  const fit = () => {
    if (frame) frame.style.setProperty('--preview-scale', String(box.clientWidth / WIDTH || 0));
  };
  const load = () => {
    frame = h('iframe', {
      src: links.boardPreview(room.id), title: t('fac.preview.title'), width: WIDTH, height: HEIGHT,
      'aria-hidden': 'true', inert: true, data: { previewFrame: '' },
    });
    // A server that refuses to be framed gives an error page of another origin: say so instead.
    frame.addEventListener('load', () => {
      let readable = false;
      try { readable = Boolean(frame?.contentDocument); } catch { readable = false; }
      if (!frame) return;
      blocked.hidden = readable;
      box.hidden = !readable;
    });
    box.append(frame);
    sizer = new ResizeObserver(fit);
    sizer.observe(box);
    fit();
  };
  const unload = () => {
    sizer?.disconnect();
    sizer = null;
    frame?.remove(); // closes the preview's socket
    frame = null;
    blocked.hidden = true;
  };
  const show = (on) => {
    toggle.setAttribute('aria-pressed', on ? 'true' : 'false');
    box.hidden = !on;
    if (on && !frame) load();
    if (!on && frame) unload();
  };
  toggle.addEventListener('click', () => {
    const on = toggle.getAttribute('aria-pressed') !== 'true';
    storage.set(KEY, on);
    show(on);
  });
  show(storage.get(KEY, false) === true);
  return { el };
}
