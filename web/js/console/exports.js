// Exports and what comes after the workshop: the report, CSV, JSON and calendar (.ics) downloads, a re-run.
// The API needs the token in a header, so downloads go through fetch and a blob.

import { h } from '../dom.js';
import { date, t } from '../i18n.js';
import { api } from '../api.js';
import { links } from '../links.js';
import { panel } from './panel.js';

export function exportsPanel(room) {
  const { id, token } = room;
  const download = (label, file, name, kind) => {
    const url = api.exportUrl(id, file);
    const link = h('a', { href: url, class: 'btn btn-small', data: { export: kind }, text: label });
    link.addEventListener('click', async (event) => {
      event.preventDefault();
      try {
        const blobUrl = URL.createObjectURL(await api.download(url, token));
        const a = h('a', { href: blobUrl, download: name });
        document.body.append(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(blobUrl), 5000);
      } catch {
        room.toast(t('fac.exportMissing'), 'error');
      }
    });
    return link;
  };
  const el = panel(t('fac.exports'),
    h('p', { class: 'help', text: t('fac.exportsHelp') }),
    h('div', { class: 'btn-row' },
      h('a', { href: links.report(id, token), class: 'btn btn-small btn-primary', data: { export: 'report' }, target: '_blank', rel: 'noopener', text: t('fac.report') }),
      download(t('fac.exportCsv'), 'export.csv', `wheelhouse-${id}.csv`, 'csv'),
      download(t('fac.exportCsvExcel'), 'export.csv?sep=semicolon', `wheelhouse-${id}-excel.csv`, 'csv-semicolon'),
      download(t('fac.exportJson'), 'export.json', `wheelhouse-${id}.json`, 'json'),
      // The action plan as a calendar: one all-day event per dated action (the server makes it).
      download(t('fac.exportIcs'), 'actions.ics', `wheelhouse-${id}-actions.ics`, 'ics')),
    retentionNotice(room),
    h('h3', { text: t('fac.afterwards') }),
    h('p', { class: 'help', text: t('fac.rerunHelp') }),
    h('div', { class: 'btn-row' },
      h('a', { class: 'btn btn-small', href: links.rerun(id), data: { consoleRerun: '' }, text: t('fac.rerun') }),
      h('a', { class: 'btn btn-small btn-quiet', href: '/facilitator.html', text: t('fac.mine') })));
  return { el };
}

/** Keep the workshop longer before it is deleted for good. */
const KEEP_DAYS = 90;

/**
 * When the workshop will be deleted (its retention period), a warning in the last two weeks,
 * and a button that keeps it 90 days more: time to export, or to run it again.
 */
function retentionNotice(room) {
  const line = h('p', { class: 'help', data: { retention: '' } });
  const keep = h('button', { type: 'button', class: 'btn btn-small', data: { keepLonger: '' }, text: t('fac.keepLonger', { days: KEEP_DAYS }) });
  const box = h('div', { hidden: true }, line, h('div', { class: 'btn-row' }, keep));
  const show = (status) => {
    if (!status?.deleteAfter) { box.hidden = true; return; }
    const when = date(status.deleteAfter);
    line.textContent = t(status.warning ? 'fac.retentionWarning' : 'fac.retention', { date: when });
    line.classList.toggle('warning', Boolean(status.warning));
    box.hidden = false;
  };
  api.retention(room.id, room.token).then(show, () => { box.hidden = true; });
  keep.addEventListener('click', async () => {
    try {
      show(await api.keepLonger(room.id, room.token, KEEP_DAYS));
      room.toast(t('fac.keptLonger'));
    } catch {
      room.toast(t('error.generic'), 'error');
    }
  });
  return box;
}
