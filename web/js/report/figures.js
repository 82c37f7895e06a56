// The report's figures: the wheel and the matrix, drawn as on the board.

import { h, s } from '../dom.js';
import { t } from '../i18n.js';
import { drawMatrix } from '../matrix.js';
import { matrixPoint, wheelValue } from '../team-values.js';
import { createWheel } from '../wheel.js';
import { wheelLegend } from '../wheel/legend.js';
import { heading, section } from './parts.js';
import { valuesWithheld } from '../anonymity.js';

export function wheelSection(rep, data, rows, profile, rerun) {
  const holder = h('div', { class: 'wheel-holder' });
  const anyLevel = rows.some((r) => r.level?.count || r.level?.suppressed);
  const legend = wheelLegend({ expected: profile || null, rerun, tag: 'figcaption' });
  legend.setMode(anyLevel ? 'both' : 'importance');
  const el = section('wheel',
    ...heading(t('report.wheelTitle'), t('report.wheelHelp')),
    h('figure', { class: 'report-figure' }, holder, legend.el));
  // A fixed drawing that scales with the page: print lays out without running scripts, so
  // the wheel cannot measure its place on the sheet.
  const wheel = createWheel(holder, rep.fw, { title: t('report.wheelTitle'), sub: rerun, box: { w: 1280, h: rerun ? 1000 : 900 }, tall: true });
  legend.dimensions(wheel.shortened());
  const values = {};
  for (const row of rows) values[row.competence] = wheelValue(row, { anyLevel, rerun, expected: profile ? row.expectedLevel ?? null : null });
  wheel.update(values);
  wheel.setCenter(t('board.team'), '');
  legend.dimensions(wheel.shortened());
  return el;
}

export function matrixSection(rep, data, rows, rerun) {
  const points = rows.map((row) => matrixPoint(rep.competence(row.competence), row, rerun)).filter(Boolean);
  const chart = s('svg', { class: 'matrix', role: 'img', 'aria-label': t('view.matrix.title') });
  const svg = h('div', { class: 'matrix-holder' }, chart);
  drawMatrix(chart, points, { width: 1100, height: 700 });
  // Competences with a withheld mean have no point: named under the figure.
  const withheld = rows.filter((r) => valuesWithheld(r.importance) || valuesWithheld(r.level)).map((r) => rep.titleOf(r.competence));
  return section('matrix',
    ...heading(t('report.matrixTitle'), rerun ? `${t('view.matrix.help')} ${t('board.changeNoteMatrix')}` : t('view.matrix.help')),
    h('figure', { class: 'report-figure' }, svg,
      withheld.length ? h('figcaption', { class: 'section-help', data: { matrixWithheld: '' }, text: `${t('anon.tooFewLong')}: ${withheld.join(', ')}` }) : null));
}
