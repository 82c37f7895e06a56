// The facilitator link: the console's address with the token in its fragment (which never
// reaches the server), shown once right after creation and again whenever the facilitator
// asks, with copy, print and a QR code for opening the console on a phone (the remote),
// drawn here (qr.js): the token must not travel to the server in a request for an image.

import { h, s } from '../dom.js';
import { t } from '../i18n.js';
import { knownWorkshops } from '../known-workshops.js';
import { links } from '../links.js';
import { qrMatrix } from './qr.js';

/** The origin phones reach the server on (the join link's), else this page's. */
function publicOrigin(joinUrl) {
  try { return new URL(joinUrl).origin; } catch { return location.origin; }
}

/** The QR code of `text` as an SVG (dark runs as rectangles, a four-module quiet zone). */
function qrSvg(text, label) {
  const rows = qrMatrix(text);
  if (!rows) return null;
  const quiet = 4;
  const size = rows.length + 2 * quiet;
  let path = '';
  rows.forEach((row, y) => {
    for (let x = 0; x < row.length; x += 1) {
      if (!row[x]) continue;
      const start = x;
      while (x < row.length && row[x]) x += 1;
      path += `M${start + quiet} ${y + quiet}h${x - start}v1h-${x - start}z`;
    }
  });
  return s('svg', { class: 'link-qr', viewBox: `0 0 ${size} ${size}`, 'shape-rendering': 'crispEdges', role: 'img', 'aria-label': label, data: { linkQr: '' } },
    s('rect', { width: size, height: size, fill: '#fff' }), s('path', { fill: '#000', d: path }));
}

async function copyText(text, input) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (an http address on the LAN): the selected field and the old command.
    input.select();
    try { return document.execCommand('copy'); } catch { return false; }
  }
}

/**
 * The dialog for workshop `room`. `show()` opens it; `pending()` says whether it still has
 * to be shown once (a workshop just created in this browser, the link not yet dismissed).
 */
export function linkDialog(room) {
  const link = links.facilitator(room.id, room.token, publicOrigin(room.snapshot.joinUrl));
  let dialog = null;

  const close = () => {
    knownWorkshops.remember(room.id, { linkPending: false });
    document.body.classList.remove('print-link');
  };

  const build = () => {
    const input = h('input', { class: 'input link-field', id: 'facilitator-link', readonly: true, value: link, spellcheck: 'false', data: { facilitatorLink: '' },
      on: { focus: () => input.select() } });
    const said = h('p', { class: 'help link-said', role: 'status', 'aria-live': 'polite', data: { linkSaid: '' } });
    const copy = h('button', { type: 'button', class: 'btn btn-small btn-primary', data: { linkCopy: '' }, text: t('fac.link.copy'),
      on: { click: async () => { said.textContent = t(await copyText(link, input) ? 'fac.link.copied' : 'fac.link.copyFailed'); } } });
    const print = h('button', { type: 'button', class: 'btn btn-small', data: { linkPrint: '' }, text: t('fac.link.print'),
      on: { click: () => { document.body.classList.add('print-link'); window.print(); } } });
    const done = h('button', { type: 'button', class: 'btn btn-small', data: { linkClose: '' }, text: t('fac.link.close'),
      on: { click: () => dialog.close() } });
    const qr = qrSvg(link, t('fac.link.qrLabel'));
    const el = h('dialog', { class: 'link-dialog', 'aria-labelledby': 'link-title', data: { linkDialog: '' } },
      h('h2', { id: 'link-title', text: t('fac.link.title') }),
      h('p', { text: t('fac.link.intro') }),
      h('p', { class: 'print-only link-workshop', text: room.snapshot.workshop.title }),
      h('figure', { class: 'link-figure', 'aria-labelledby': 'link-phone-title' },
        h('h3', { id: 'link-phone-title', class: 'link-phone-title', text: t('fac.link.phoneTitle') }),
        qr,
        h('figcaption', { class: 'help', text: t('fac.link.qrHelp') }),
        h('p', { class: 'link-warning', data: { linkWarning: '' }, text: t('fac.link.warning') })),
      h('p', { class: 'help', data: { keyKept: '' }, text: t('fac.keyKept') }),
      h('div', { class: 'field' }, h('label', { for: 'facilitator-link', text: t('fac.link.label') }), input),
      h('div', { class: 'btn-row no-print' }, copy, print, done),
      said);
    el.addEventListener('close', close);
    return el;
  };

  window.addEventListener('afterprint', () => document.body.classList.remove('print-link'));

  return {
    link,
    pending: () => Boolean(knownWorkshops.get(room.id)?.linkPending),
    /** Opens the dialog; `returnTo` gets the focus back when it closes. */
    show(returnTo) {
      dialog?.remove();
      dialog = build();
      document.body.append(dialog);
      if (returnTo) dialog.addEventListener('close', () => returnTo.isConnected && returnTo.focus());
      dialog.showModal();
      dialog.querySelector('[data-link-copy]').focus();
    },
  };
}
