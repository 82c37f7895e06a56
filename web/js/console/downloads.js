// The board's result views as files: each as SVG and PNG, and all of them in one zip (the
// slide pack). Drawn by the board's own modules from this console's results, with the
// overlays chosen in the board panel (export/views.js); nothing is a screenshot.

import { h } from '../dom.js';
import { t } from '../i18n.js';
import { boardContext } from '../board/context.js';
import { chosenOverlays } from '../overlays.js';
import { FILE_VIEWS, viewFile } from '../export/views.js';
import { pngFromSvg, saveBlob } from '../export/svg-file.js';
import { zipFiles } from '../export/zip.js';
import { panel } from './panel.js';
import { viewName } from './focus.js';

export function downloadsPanel(room) {
  const ctx = boardContext({ workshopId: room.id, fw: room.fw, snapshot: room.snapshot, store: room.store });
  const layers = () => chosenOverlays({ overlays: room.overlays?.() ?? null },
    { profile: ctx.profile(), rerun: ctx.isRerun(), groups: ctx.groups() });
  const name = (view, ext) => `wheelhouse-${room.id}-${view}.${ext}`;
  const svgBlob = (file) => new Blob([file.text], { type: 'image/svg+xml' });
  const png = (file) => pngFromSvg(file.text, { width: file.width, height: file.height });

  /** A button that runs `make` and says so when it fails; busy while it runs. */
  const button = (label, data, make, aria) => {
    const el = h('button', { type: 'button', class: 'btn btn-small', data, 'aria-label': aria || null, text: label });
    el.addEventListener('click', async () => {
      if (el.getAttribute('aria-busy') === 'true') return;
      el.setAttribute('aria-busy', 'true');
      try {
        await make();
      } catch {
        room.toast(t('fac.download.failed'), 'error');
      } finally {
        el.removeAttribute('aria-busy');
      }
    });
    return el;
  };

  const rows = FILE_VIEWS.map((view) => h('li', { class: 'download-row', data: { downloadView: view } },
    h('span', { class: 'download-name', text: viewName(view) }),
    button('SVG', { download: `${view}:svg` }, async () => saveBlob(svgBlob(viewFile(ctx, view, layers())), name(view, 'svg')),
      t('fac.download.svgLabel', { view: viewName(view) })),
    button('PNG', { download: `${view}:png` }, async () => saveBlob(await png(viewFile(ctx, view, layers())), name(view, 'png')),
      t('fac.download.pngLabel', { view: viewName(view) }))));

  const pack = button(t('fac.download.zip'), { downloadZip: '' }, async () => {
    const files = [];
    for (const [i, view] of FILE_VIEWS.entries()) {
      const file = viewFile(ctx, view, layers());
      const stem = `${String(i + 1).padStart(2, '0')}-${view}`;
      files.push({ name: `${stem}.svg`, data: file.text });
      files.push({ name: `${stem}.png`, data: new Uint8Array(await (await png(file)).arrayBuffer()) });
    }
    saveBlob(new Blob([zipFiles(files)], { type: 'application/zip' }), `wheelhouse-${room.id}-slides.zip`);
  });

  const el = panel(t('fac.downloads'),
    h('p', { class: 'help', text: t('fac.downloadsHelp') }),
    h('ul', { class: 'download-list', data: { downloads: '' } }, rows),
    h('div', { class: 'btn-row' }, pack));
  return { el };
}
