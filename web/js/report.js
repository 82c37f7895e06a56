// Composition root of the printable report (report.html?w=<id>): what the team takes home.
// Everything comes from the facilitator's export (GET /api/workshops/{id}/export.json,
// format `wheelhouse-export` v1). The facilitator token comes from the URL fragment
// (`#token=…`: a link from the console, or a headless print; a fragment never reaches the
// server) or from the console's localStorage. A token from the fragment is taken out of the
// address at once, so it is neither printed in a page header nor kept in the history.

import { $, fill, getJSON, h, param, storage } from './dom.js';
import { change, date, dateTime, i18n, initI18n, num, pick, rankChange, signed, t, wireLangToggle } from './i18n.js';
import { index } from './framework.js';
import { drawMatrix } from './matrix.js';
import { createWheel } from './wheel.js';

const KNOWN = 'wheelhouse.facilitator'; // the console's {id: {token, title, code, created}}
const SESSION_KEY = (id) => `wheelhouse.report.${id}`;
const STATUSES = ['planned', 'doing', 'done'];

const ui = {
  sheet: $('[data-report]'),
  status: $('[data-report-status]'),
  print: $('[data-print]'),
  back: $('[data-back-console]'),
};

const workshopId = param('w');
let report = null; // {data (the export), fw, plugins: Map id -> name, earlier: {title}|null}

/** The token for this workshop: the fragment first, then this tab, then the console's store. */
function takeToken() {
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const fromUrl = fragment.get('token');
  if (fromUrl) {
    try { sessionStorage.setItem(SESSION_KEY(workshopId), fromUrl); } catch { /* private mode */ }
    history.replaceState(null, '', `${location.pathname}${location.search}`);
    return fromUrl;
  }
  let fromTab = null;
  try { fromTab = sessionStorage.getItem(SESSION_KEY(workshopId)); } catch { /* private mode */ }
  return fromTab || storage.get(KNOWN, {})[workshopId]?.token || null;
}

async function main() {
  const token = workshopId ? takeToken() : null;
  ui.print.addEventListener('click', () => window.print());
  if (!workshopId) return failure('report.noWorkshop');
  ui.back.href = `/facilitator.html?w=${encodeURIComponent(workshopId)}`;
  if (!token) return failure('report.noToken', true);
  let data;
  try {
    data = await getJSON(`/api/workshops/${encodeURIComponent(workshopId)}/export.json`, { Authorization: `Bearer ${token}` });
  } catch (error) {
    return failure(error.status === 404 ? 'error.not_found' : error.status === 401 ? 'report.tokenWrong' : 'report.failed', error.status === 401);
  }
  if (data?.format !== 'wheelhouse-export' || data.version !== 1) return failure('report.unknownFormat');
  // Plugin names and the earlier run's title are public; the report does without them.
  const [catalog, earlier] = await Promise.all([
    getJSON('/api/plugins').catch(() => null),
    data.rerunOf ? getJSON(`/api/workshops/${encodeURIComponent(data.rerunOf)}`).catch(() => null) : null,
  ]);
  report = {
    data,
    fw: index(data.framework),
    plugins: new Map((catalog?.plugins || []).map((p) => [p.id, p.name])),
    earlier: earlier ? { title: earlier.workshop.title } : null,
  };
  await initI18n(data.workshop.language);
  wireLangToggle($('[data-lang-toggle]'));
  i18n.addEventListener('change', render);
  render();
  ui.print.disabled = false;
}

async function failure(key, offerConsole = false) {
  await initI18n();
  wireLangToggle($('[data-lang-toggle]'));
  const show = () => fill(ui.sheet, h('div', { class: 'report-failure', data: { reportError: key } },
    h('h1', { text: t('report.title') }),
    h('p', { text: t(key) }),
    offerConsole ? h('p', {}, h('a', { href: ui.back.href, text: t('report.openConsole') })) : null));
  i18n.addEventListener('change', show);
  show();
  ui.sheet.removeAttribute('aria-busy');
  document.body.dataset.ready = 'error';
}

// MARK: the report

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

function render() {
  const { data, fw } = report;
  const rows = data.results.competences.slice().sort((a, b) => a.rank - b.rank);
  const title = data.workshop.title;
  document.title = `${title} – ${t('report.title')}`;
  delete document.documentElement.dataset.pageTitle;
  pageStyle(title);
  const profileId = data.workshop.settings?.roleProfile;
  const profile = profileId ? fw.roleProfiles.find((p) => p.id === profileId) || null : null;
  const rerun = Boolean(data.rerunOf) && rows.some((r) => r.change);
  fill(ui.sheet,
    headerSection(data, profile),
    summarySection(data, rows),
    wheelSection(data, rows, profile, rerun),
    matrixSection(data, rows, rerun),
    rankingSection(data, rows),
    profile ? profileSection(data, profile) : null,
    rerun ? changeSection(data, rows) : null,
    actionsSection(data, rows),
    ideasSection(data),
    h('p', { class: 'report-colophon', text: t('report.colophon', { when: dateTime(data.exportedAt) }) }));
  ui.sheet.removeAttribute('aria-busy');
  document.body.dataset.ready = 'yes';
}

const competence = (id) => report.fw.byId.get(id);
const titleOf = (id) => pick(competence(id)?.title) || id;
const swatch = (id) => h('span', { class: 'swatch', style: { '--dim': competence(id)?.dim.colour || '#888' }, 'aria-hidden': 'true' });
const section = (key, ...children) => h('section', { class: `report-section report-${key}`, data: { section: key } }, ...children);
const heading = (text, help) => [h('h2', { text }), help ? h('p', { class: 'section-help', text: help }) : null];
/** A round was used: opened at some point, or it has answers. */
const used = (data, round) => data.rounds?.[round] !== 'idle' || (data.results.answered?.[round] ?? 0) > 0;

function headerSection(data, profile) {
  const plugins = (data.workshop.plugins || []).map((p) => `${pick(report.plugins.get(p.id)) || p.id} ${p.version}`);
  const people = data.proxyParticipants
    ? t('report.participantsWithProxies', { n: data.participants, proxies: data.proxyParticipants })
    : t('report.participantsCount', { n: data.participants });
  const fact = (key, value, attr) => (value ? [h('dt', { text: t(key) }), h('dd', { data: { fact: attr }, text: value })] : null);
  return h('header', { class: 'report-head' },
    h('p', { class: 'report-kicker' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }), t('report.kicker')),
    h('h1', { data: { reportTitle: '' }, text: data.workshop.title }),
    h('dl', { class: 'report-facts' },
      fact('report.date', date(data.createdAt), 'date'),
      fact('report.participants', people, 'participants'),
      fact('report.plugins', plugins.join(' · '), 'plugins'),
      fact('report.roleProfile', profile ? pick(profile.title) : '', 'profile'),
      fact('report.rerunOf', data.rerunOf ? (report.earlier?.title || data.rerunOf) : '', 'rerun'),
      fact('report.code', data.workshop.joinCode, 'code')));
}

function summarySection(data, rows) {
  const rated = rows.filter((r) => r.importance.count || r.level.count || r.dots || r.points);
  const top = rated.slice(0, 3);
  const rounds = ['importance', 'level', 'dots', 'points', 'ideas'].filter((r) => used(data, r));
  return section('summary',
    h('h2', { text: t('report.summary') }),
    top.length ? h('ol', { class: 'top-list' }, top.map((row) => h('li', { class: 'top-item', style: { '--dim': competence(row.competence)?.dim.colour || '#888' }, data: { top: row.competence } },
      h('span', { class: 'top-rank', text: String(row.rank) }),
      h('span', { class: 'top-text' },
        h('strong', { text: titleOf(row.competence) }),
        h('span', { text: t('report.topNumbers', { imp: num(row.importance.mean), lev: num(row.level.mean), gap: signed(row.gap ?? null) }) }),
        row.disagreement ? h('span', { class: 'flag', text: t('report.split') }) : null))))
      : h('p', { class: 'muted', text: t('board.noResults') }),
    rounds.length ? h('p', { class: 'section-help', data: { answered: '' }, text: t('report.answered', {
      rounds: rounds.map((r) => `${t(`round.${r}.name`)} ${data.results.answered?.[r] ?? 0}`).join(' · '),
    }) }) : null);
}

function wheelSection(data, rows, profile, rerun) {
  const holder = h('div', { class: 'wheel-holder' });
  const anyLevel = rows.some((r) => r.level.count);
  const el = section('wheel',
    ...heading(t('report.wheelTitle'), t('report.wheelHelp')),
    h('figure', { class: 'report-figure' }, holder,
      h('figcaption', { class: 'wheel-key' },
        anyLevel ? h('span', {}, h('span', { class: 'key-fill', 'aria-hidden': 'true' }), t('board.key.level')) : h('span', {}, h('span', { class: 'key-fill', 'aria-hidden': 'true' }), t('board.key.importanceFill')),
        anyLevel ? h('span', {}, h('span', { class: 'key-line', 'aria-hidden': 'true' }), t('board.key.importance')) : null,
        profile ? h('span', {}, h('span', { class: 'key-dashed', 'aria-hidden': 'true' }), t('report.key.expected', { profile: pick(profile.title) })) : null,
        rerun ? h('span', {}, h('span', { class: 'key-arrows', 'aria-hidden': 'true', text: '▲▼' }), t('board.key.change')) : null)));
  const wheel = createWheel(holder, report.fw, { title: t('report.wheelTitle'), sub: rerun });
  const values = {};
  for (const row of rows) {
    const imp = row.importance.mean ?? null;
    const lev = row.level.mean ?? null;
    const ch = row.change || {};
    values[row.competence] = {
      fill: anyLevel ? (lev ?? 0) / 5 : (imp ?? 0) / 5,
      marker: anyLevel && imp !== null ? imp / 5 : null,
      expected: profile && row.expectedLevel ? row.expectedLevel / 5 : null,
      text: imp === null && lev === null ? '' : anyLevel ? t('board.wheelValue', { imp: num(imp), lev: num(lev) }) : num(imp),
      sub: rerun && (imp !== null || lev !== null) ? (anyLevel ? `${change(ch.importance) || '–'} · ${change(ch.level) || '–'}` : change(ch.importance)) : '',
      data: { importance: imp === null ? null : imp.toFixed(2), level: lev === null ? null : lev.toFixed(2) },
    };
  }
  wheel.update(values);
  wheel.setCenter(t('board.team'), '');
  return el;
}

function matrixSection(data, rows, rerun) {
  const points = rows.map((row) => {
    const imp = row.importance.mean ?? null;
    const lev = row.level.mean ?? null;
    const ch = row.change;
    const from = rerun && ch && typeof ch.importance === 'number' && typeof ch.level === 'number' ? { imp: imp - ch.importance, lev: lev - ch.level } : null;
    return { c: competence(row.competence), imp, lev, from };
  }).filter((p) => p.c && p.imp !== null && p.lev !== null);
  const svg = h('div', { class: 'matrix-holder' });
  const chart = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  chart.setAttribute('class', 'matrix');
  chart.setAttribute('role', 'img');
  chart.setAttribute('aria-label', t('view.matrix.title'));
  svg.append(chart);
  drawMatrix(chart, points, { width: 1100, height: 700 });
  return section('matrix',
    ...heading(t('report.matrixTitle'), rerun ? `${t('view.matrix.help')} ${t('board.changeNoteMatrix')}` : t('view.matrix.help')),
    h('figure', { class: 'report-figure' }, svg));
}

function rankingSection(data, rows) {
  const dots = used(data, 'dots');
  const points = used(data, 'points');
  const columns = [
    { key: 'rank', label: '#', cls: 'num', cell: (r) => String(r.rank) },
    { key: 'competence', label: t('report.col.competence'), cls: 'name', cell: (r) => [swatch(r.competence), titleOf(r.competence)] },
    { key: 'importance', label: t('board.short.importance'), cls: 'num', cell: (r) => num(r.importance.mean ?? null) },
    { key: 'level', label: t('board.short.level'), cls: 'num', cell: (r) => num(r.level.mean ?? null) },
    { key: 'gap', label: t('board.short.gap'), cls: 'num', cell: (r) => signed(r.gap ?? null) },
    dots ? { key: 'dots', label: t('fac.col.dots'), cls: 'num', cell: (r) => String(r.dots) } : null,
    points ? { key: 'points', label: t('report.col.points'), cls: 'num', cell: (r) => String(r.points) } : null,
    { key: 'priority', label: t('report.col.priority'), cls: 'num', cell: (r) => num(r.priority, 0) },
    { key: 'disagreement', label: t('report.col.split'), cls: 'flag-cell', cell: (r) => (r.disagreement ? h('span', { class: 'flag', text: t('report.yes') }) : '') },
  ].filter(Boolean);
  return section('ranking',
    ...heading(t('report.rankingTitle'), t('report.rankingHelp')),
    h('table', { class: 'report-table ranking-table', data: { rankingTable: '' } },
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.cls, text: c.label })))),
      h('tbody', {}, rows.map((r) => h('tr', { data: { competence: r.competence, rank: r.rank } },
        columns.map((c) => h(c.key === 'competence' ? 'th' : 'td', { class: c.cls, ...(c.key === 'competence' ? { scope: 'row' } : {}) }, c.cell(r))))))),
    h('p', { class: 'table-note', text: t('report.rankingNote') }));
}

function profileSection(data, profile) {
  const rows = data.results.competences; // wheel order
  const pos = (v) => `${((v - 1) / 4) * 100}%`;
  const below = rows.filter((r) => r.expectedLevel && typeof r.level.mean === 'number' && r.level.mean < r.expectedLevel - 0.05).length;
  return section('profile',
    ...heading(t('report.profileTitle', { profile: pick(profile.title) }), [pick(profile.description), t('report.profileHelp')].filter(Boolean).join(' ')),
    h('table', { class: 'report-table profile-table', data: { profileTable: '' } },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'name', text: t('report.col.competence') }),
        h('th', { scope: 'col', class: 'num', text: t('report.col.expected') }),
        h('th', { scope: 'col', class: 'num', text: t('report.col.teamLevel') }),
        h('th', { scope: 'col', class: 'num', text: t('report.col.difference') }),
        h('th', { scope: 'col', class: 'scale-cell' }, h('span', { class: 'scale-ends' }, h('span', { text: '1' }), h('span', { text: '5' }))))),
      h('tbody', {}, rows.map((r) => {
        const lev = r.level.mean ?? null;
        const diff = r.expectedLevel && lev !== null ? lev - r.expectedLevel : null;
        return h('tr', { data: { competence: r.competence, below: diff !== null && diff < -0.05 ? 'yes' : 'no' } },
          h('th', { scope: 'row', class: 'name' }, swatch(r.competence), titleOf(r.competence)),
          h('td', { class: 'num', text: r.expectedLevel ? String(r.expectedLevel) : '–' }),
          h('td', { class: 'num', text: num(lev) }),
          h('td', { class: diff !== null && diff < -0.05 ? 'num below' : 'num', text: signed(diff) }),
          h('td', { class: 'scale-cell', 'aria-hidden': 'true' }, h('span', { class: 'mini-track' },
            r.expectedLevel ? h('span', { class: 'mini-exp', style: { left: pos(r.expectedLevel) } }) : null,
            lev !== null ? h('span', { class: 'mini-dot', style: { left: pos(lev), '--dim': competence(r.competence)?.dim.colour || '#888' } }) : null)));
      }))),
    h('p', { class: 'table-note', text: t('report.profileNote', { n: below }) }));
}

function changeSection(data, rows) {
  const earlier = report.earlier?.title || data.rerunOf;
  const cell = (now, delta, digits = 1, format = num) => [h('span', { class: 'now', text: now === null || now === undefined ? '–' : format(now, digits) }), ' ',
    h('span', { class: 'delta', text: typeof delta === 'number' ? change(delta, digits) : '' })];
  return section('change',
    ...heading(t('report.changeTitle'), t('report.changeHelp', { earlier })),
    h('table', { class: 'report-table change-table', data: { changeTable: '' } },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'name', text: t('report.col.competence') }),
        h('th', { scope: 'col', class: 'num', text: t('board.short.importance') }),
        h('th', { scope: 'col', class: 'num', text: t('board.short.level') }),
        h('th', { scope: 'col', class: 'num', text: t('board.short.gap') }),
        h('th', { scope: 'col', class: 'num', text: t('report.col.rank') }))),
      h('tbody', {}, rows.map((r) => {
        const ch = r.change || {};
        return h('tr', { data: { competence: r.competence } },
          h('th', { scope: 'row', class: 'name' }, swatch(r.competence), titleOf(r.competence)),
          h('td', { class: 'num' }, cell(r.importance.mean, ch.importance)),
          h('td', { class: 'num' }, cell(r.level.mean, ch.level)),
          h('td', { class: 'num' }, cell(r.gap, ch.gap, 1, signed)),
          h('td', { class: 'num' }, h('span', { class: 'now', text: String(r.rank) }), ' ',
            h('span', { class: 'delta', text: typeof ch.rank === 'number' ? rankChange(ch.rank) : '' })));
      }))),
    h('p', { class: 'table-note', text: t('report.changeNote') }));
}

function actionsSection(data, rows) {
  const rank = new Map(rows.map((r) => [r.competence, r.rank]));
  const actions = (data.actions || []).slice().sort((a, b) => (rank.get(a.competence) ?? 999) - (rank.get(b.competence) ?? 999));
  const inspiration = (id) => report.fw.inspiration.find((i) => i.id === id);
  return section('actions',
    ...heading(t('report.actionsTitle'), actions.length ? t('report.actionsHelp') : null),
    actions.length ? h('table', { class: 'report-table actions-table', data: { actionsTable: '' } },
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col', class: 'comp', text: t('report.col.competence') }),
        h('th', { scope: 'col', class: 'what', text: t('report.col.what') }),
        h('th', { scope: 'col', class: 'owner', text: t('fac.actionOwner') }),
        h('th', { scope: 'col', text: t('fac.actionDue') }),
        h('th', { scope: 'col', text: t('fac.actionStatus') }))),
      h('tbody', {}, actions.map((a) => h('tr', { data: { action: a.id, status: a.status } },
        h('td', { class: 'comp' }, swatch(a.competence), titleOf(a.competence)),
        h('td', { class: 'what' }, h('span', { text: a.what }),
          a.inspiration && inspiration(a.inspiration) ? h('span', { class: 'inspiration', text: t('report.inspiration', { title: pick(inspiration(a.inspiration).title) }) }) : null),
        h('td', { text: a.owner || '–' }),
        h('td', { class: 'nowrap', text: a.due ? date(a.due) : '–' }),
        h('td', {}, h('span', { class: 'status', data: { status: STATUSES.includes(a.status) ? a.status : 'planned' }, text: t(`action.${a.status}`) }))))))
      : h('p', { class: 'muted', text: t('report.noActions') }));
}

function ideasSection(data) {
  const ideas = (data.ideas || []).filter((i) => i.status === 'approved');
  if (!ideas.length && !used(data, 'ideas')) return null;
  return section('ideas',
    ...heading(t('report.ideasTitle'), ideas.length ? t('report.ideasHelp') : null),
    ideas.length ? h('ul', { class: 'idea-list' }, ideas.map((idea) => h('li', { data: { idea: idea.id } },
      h('span', { class: 'idea-text', text: idea.text }),
      idea.competence && competence(idea.competence) ? h('span', { class: 'idea-tag' }, swatch(idea.competence), titleOf(idea.competence)) : null)))
      : h('p', { class: 'muted', text: t('board.noIdeas') }));
}

main();
