// Composition root of the printable report (report.html?w=<id>): what the team takes home.
// Everything comes from the facilitator's export (GET /api/workshops/{id}/export.json,
// format `wheelhouse-export` v1), read with the token report/token.js finds; report/sheet.js
// draws it.

import { $, param } from './dom.js';
import { i18n, initI18n, wireLangToggle } from './i18n.js';
import { api } from './api.js';
import { index } from './framework.js';
import { links } from './links.js';
import { renderFailure, renderReport } from './report/sheet.js';
import { takeToken } from './report/token.js';

const ui = {
  sheet: $('[data-report]'),
  status: $('[data-report-status]'),
  print: $('[data-print]'),
  back: $('[data-back-console]'),
};

const workshopId = param('w');

/** The report cannot be shown: say why (`key`), with a link to the console when a token would help. */
async function fail(key, offerConsole = false) {
  await initI18n();
  wireLangToggle($('[data-lang-toggle]'));
  renderFailure(ui.sheet, key, offerConsole ? ui.back.href : null);
}

async function main() {
  const token = workshopId ? takeToken(workshopId) : null;
  ui.print.addEventListener('click', () => window.print());
  if (!workshopId) return fail('report.noWorkshop');
  ui.back.href = links.console(workshopId);
  if (!token) return fail('report.noToken', true);
  let data;
  try {
    data = await api.exportJSON(workshopId, token);
  } catch (error) {
    return fail(error.status === 404 ? 'error.not_found' : error.status === 401 ? 'report.tokenWrong' : 'report.failed', error.status === 401);
  }
  if (data?.format !== 'wheelhouse-export' || data.version !== 1) return fail('report.unknownFormat');
  // Plugin names and the earlier run's title are public; the report does without them.
  const [catalog, earlier] = await Promise.all([
    api.plugins().catch(() => null),
    data.rerunOf ? api.workshop(data.rerunOf).catch(() => null) : null,
  ]);
  const report = {
    data,
    fw: index(data.framework),
    plugins: new Map((catalog?.plugins || []).map((p) => [p.id, p.name])),
    earlier: earlier ? { title: earlier.workshop.title } : null,
  };
  await initI18n(data.workshop.language);
  wireLangToggle($('[data-lang-toggle]'));
  const render = () => renderReport(ui.sheet, report);
  i18n.addEventListener('change', render);
  render();
  ui.print.disabled = false;
}

main();
