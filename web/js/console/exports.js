// Exports and what comes after the workshop: the report, CSV and JSON downloads, a re-run.
// The API needs the token in a header, so downloads go through fetch and a blob.

import { h } from '../dom.js';
import { t } from '../i18n.js';
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
      download(t('fac.exportJson'), 'export.json', `wheelhouse-${id}.json`, 'json')),
    h('h3', { text: t('fac.afterwards') }),
    h('p', { class: 'help', text: t('fac.rerunHelp') }),
    h('div', { class: 'btn-row' },
      h('a', { class: 'btn btn-small', href: links.rerun(id), data: { consoleRerun: '' }, text: t('fac.rerun') }),
      h('a', { class: 'btn btn-small btn-quiet', href: '/facilitator.html', text: t('fac.mine') })));
  return { el };
}
