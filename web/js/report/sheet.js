// The report's sheet: every section in order, and the printed pages' footers.

import { fill, h } from '../dom.js';
import { dateTime, i18n, t } from '../i18n.js';
import { actionsSection, headerSection, ideasSection, summarySection } from './overview.js';
import { matrixSection, wheelSection } from './figures.js';
import { changeSection, profileSection, rankingSection } from './tables.js';
import { focusScrollers, reportContext } from './parts.js';
import { anonymitySection, groupsSection } from './groups.js';
import { byPriority } from '../priority.js';

/** A CSS string literal for generated @page rules (the title is user text). */
const cssString = (text) => `"${String(text).replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]+/g, ' ')}"`;

/** Page footers: the workshop and page numbers; empty headers keep the browser's own off.
 * A constructed style sheet, not a <style> element: the Content-Security-Policy
 * (style-src 'self') blocks inline style elements but not the CSSOM. */
let pageSheet = null;
function pageStyle(title) {
  const text = `@page {
  @top-left { content: ""; }
  @top-right { content: ""; }
  @bottom-left { content: ${cssString(`${title} · ${t('report.footer')}`)}; }
  @bottom-right { content: ${cssString(t('report.page'))} " " counter(page) " " ${cssString(t('report.pageOf'))} " " counter(pages); }
}`;
  if (!pageSheet) {
    pageSheet = new CSSStyleSheet();
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, pageSheet];
  }
  pageSheet.replaceSync(text);
}

let resizeWatched = false;

/** Draws the whole report into `sheet`. */
export function renderReport(sheet, report) {
  const rep = reportContext(report);
  const { data, fw } = rep;
  const rows = byPriority(data.results);
  const title = data.workshop.title;
  document.title = `${title} – ${t('report.title')}`;
  delete document.documentElement.dataset.pageTitle;
  pageStyle(title);
  const profileId = data.workshop.settings?.roleProfile;
  const profile = profileId ? fw.roleProfiles.find((p) => p.id === profileId) || null : null;
  const rerun = Boolean(data.rerunOf) && rows.some((r) => r.change);
  fill(sheet,
    headerSection(rep, data, profile),
    summarySection(rep, data, rows),
    wheelSection(rep, data, rows, profile, rerun),
    matrixSection(rep, data, rows, rerun),
    rankingSection(rep, data, rows),
    profile ? profileSection(rep, data, profile) : null,
    groupsSection(rep, data),
    rerun ? changeSection(rep, data, rows) : null,
    actionsSection(rep, data),
    ideasSection(rep, data),
    anonymitySection(data),
    h('p', { class: 'report-colophon', text: t('report.colophon', { when: dateTime(data.exportedAt) }) }));
  sheet.removeAttribute('aria-busy');
  focusScrollers(sheet);
  if (!resizeWatched) {
    resizeWatched = true;
    window.addEventListener('resize', () => focusScrollers(sheet));
  }
  document.body.dataset.ready = 'yes';
}

/** Instead of the report: why there is none (`key`), and a link to the console (`consoleUrl`) if one would help. */
export function renderFailure(sheet, key, consoleUrl) {
  const show = () => fill(sheet, h('div', { class: 'report-failure', data: { reportError: key } },
    h('h1', { text: t('report.title') }),
    h('p', { text: t(key) }),
    consoleUrl ? h('p', {}, h('a', { href: consoleUrl, text: t('report.openConsole') })) : null));
  i18n.addEventListener('change', show);
  show();
  sheet.removeAttribute('aria-busy');
  document.body.dataset.ready = 'error';
}
