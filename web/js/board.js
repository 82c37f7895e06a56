// Composition root of the projector board (board.html?w=<id>). The board is read-only:
// it follows the facilitator's `focus` (lobby / intro / round / results / actions).

import { $, fill, getJSON, h, param, s } from './dom.js';
import { change, date, errorText, i18n, initI18n, num, pick, signed, t, wireLangToggle } from './i18n.js';
import { Connection } from './connection.js';
import { loadWheel, tallyOf } from './framework.js';
import { drawMatrix } from './matrix.js';
import { createWheel } from './wheel.js';

const ui = {
  main: $('[data-board-main]'),
  title: $('[data-workshop-title]'),
  count: $('[data-participant-count]'),
  countLabel: $('[data-participant-label]'),
  mini: $('[data-join-mini]'),
  miniUrl: $('[data-join-url-mini]'),
  miniCode: $('[data-join-code-mini]'),
  status: $('[data-conn-status]'),
};

const workshopId = param('w');
let fw = null;
let conn = null;
let snapshot = null;
let screen = null;      // {key, update()}
let everOnline = false;

const state = () => conn.store.state;
const settings = () => conn.store.workshop?.settings || snapshot?.workshop?.settings || {};
/** A re-run: results carry each competence's change since the earlier run. */
const isRerun = () => Boolean(conn.store.workshop?.rerunOf);
/** The chosen role profile, if any: its expected level is shown beside the team's. */
const profile = () => fw.roleProfiles.find((p) => p.id === settings().roleProfile) || null;
/** A change since the earlier run, as a small tag beside a number (nothing when unknown). */
const changeTag = (value, digits = 1) => (typeof value === 'number'
  ? h('span', { class: 'change', data: { direction: value > 0 ? 'up' : value < 0 ? 'down' : 'same' }, text: change(value, digits) }) : null);
/** Rounds whose results this board may show (revealed, or every round when not blind). */
const visible = (round) => Boolean(state().results?.answered && round in state().results.answered);
const displayUrl = (url) => url.replace(/^https?:\/\//, '');

async function main() {
  if (!workshopId) {
    await initI18n();
    return fatal(t('board.noWorkshop'));
  }
  try {
    [snapshot, fw] = await Promise.all([getJSON(`/api/workshops/${encodeURIComponent(workshopId)}`), loadWheel(workshopId)]);
  } catch (error) {
    await initI18n();
    return fatal(error.status === 404 ? t('error.not_found') : t('error.generic'));
  }
  await initI18n(snapshot.workshop.language);
  wireLangToggle($('[data-lang-toggle]'));
  i18n.addEventListener('change', () => { if (fw) { screen = null; render(); } });
  ui.title.textContent = snapshot.workshop.title;
  delete document.documentElement.dataset.pageTitle;
  document.title = `${snapshot.workshop.title} – Wheelhouse`;
  ui.miniUrl.textContent = displayUrl(snapshot.joinUrl.split('?')[0]);
  ui.miniCode.textContent = snapshot.workshop.joinCode;

  conn = new Connection({ role: 'board', hello: () => ({ workshop: workshopId }) });
  conn.addEventListener('fatal', (e) => fatal(errorText(e.detail.code, e.detail.message)));
  conn.addEventListener('status', (e) => {
    const { status } = e.detail;
    if (status === 'online') everOnline = true;
    ui.status.hidden = status === 'online' || !everOnline;
    ui.status.textContent = t('board.offline');
  });
  conn.store.addEventListener('change', render);
  conn.start();
}

function fatal(message) {
  fill(ui.main, h('div', { class: 'board-fatal' }, h('p', { text: message })));
}

// MARK: rendering

function screenKey() {
  const { focus = { screen: 'lobby' }, activeRound } = state();
  const round = focus.screen === 'round' ? activeRound : '';
  return [focus.screen, focus.view, focus.dimension, focus.competence, focus.caseID, round].join('|');
}

function render() {
  if (!conn?.store.workshop) return;
  const st = state();
  ui.count.textContent = String(st.participants ?? 0);
  ui.countLabel.textContent = t('board.participants', { n: st.participants ?? 0 });
  const key = screenKey();
  if (!screen || screen.key !== key) {
    const focus = st.focus || { screen: 'lobby' };
    const built = build(focus);
    built.key = key;
    screen = built;
    ui.main.dataset.screen = focus.screen;
    ui.main.dataset.view = focus.screen === 'results' ? (focus.view || 'wheel') : '';
    ui.mini.hidden = focus.screen === 'lobby';
    fill(ui.main, built.el);
  }
  screen.update?.();
}

function build(focus) {
  switch (focus.screen) {
    case 'intro':
      if (focus.caseID) return caseScreen(focus.caseID);
      if (focus.competence) return competenceScreen(focus.competence);
      if (focus.dimension) return dimensionScreen(focus.dimension);
      return overviewScreen();
    case 'round': return roundScreen();
    case 'results': return resultsScreen(focus.view || 'wheel');
    case 'actions': return actionsScreen();
    default: return lobbyScreen();
  }
}

// Lobby: the join code, QR code and link, and who has joined.
function lobbyScreen() {
  const people = h('ul', { class: 'people', data: { people: '' } });
  const count = h('p', { class: 'lobby-count' });
  const el = h('section', { class: 'lobby', data: { screen: 'lobby' } },
    h('div', { class: 'lobby-join' },
      h('h2', { class: 'lobby-title', text: t('board.joinTitle') }),
      h('ol', { class: 'lobby-steps' },
        h('li', { text: t('board.stepScan') }),
        h('li', {}, t('board.stepOpen'), ' ', h('strong', { class: 'join-url', data: { joinUrl: '' }, text: displayUrl(snapshot.joinUrl.split('?')[0]) }))),
      h('p', { class: 'code-label', text: t('board.codeLabel') }),
      h('p', { class: 'join-code', data: { joinCode: '' }, text: snapshot.workshop.joinCode, 'aria-label': snapshot.workshop.joinCode.split('').join(' ') }),
      h('p', { class: 'join-url-full', data: { joinUrlFull: '' }, text: snapshot.joinUrl }),
      count, people),
    h('figure', { class: 'lobby-qr' },
      h('img', { src: `/api/workshops/${encodeURIComponent(workshopId)}/qr.svg`, alt: t('board.qrAlt'), data: { qr: '' }, width: 560, height: 560 }),
      h('figcaption', { text: t('board.qrCaption') })));
  return { el, update: () => {
    const st = state();
    count.textContent = t('board.joined', { n: st.participants ?? 0 });
    renderPeople(people, st.people || []);
  } };
}

function renderPeople(list, people) {
  // Rebuild only when someone joined or renamed: chips animate in, and must not blink on every vote.
  const signature = JSON.stringify(people);
  if (list.signature === signature) return;
  list.signature = signature;
  const named = people.filter((p) => p.name);
  const anonymous = people.length - named.length;
  const shown = named.slice(-48);
  fill(list,
    shown.map((p) => h('li', { class: p.proxy ? 'person proxy' : 'person', data: { person: p.id } }, p.name)),
    named.length > shown.length ? h('li', { class: 'person more', text: t('board.morePeople', { n: named.length - shown.length }) }) : null,
    anonymous ? h('li', { class: 'person anon', text: t('board.anonymous', { n: anonymous }) }) : null);
}

// A round in progress: the wheel fills with the share who answered (blind) or the results.
function roundScreen() {
  const round = state().activeRound;
  if (!round) return lobbyScreen();
  const holder = h('div', { class: 'wheel-holder' });
  const wheel = createWheel(holder, fw, { title: t(`round.${round}.question`) });
  const answered = h('p', { class: 'big-number', data: { answered: round } });
  const bar = h('div', { class: 'progress' }, h('span'));
  const phase = h('span', { class: 'chip chip-big', data: { phase: '' } });
  const legend = h('p', { class: 'wheel-legend' });
  const el = h('section', { class: 'round', data: { screen: 'round', round } },
    holder,
    h('aside', { class: 'side' },
      h('p', { class: 'eyebrow', text: t(`round.${round}.name`) }),
      h('h2', { class: 'side-title', text: t(`round.${round}.question`) }),
      phase,
      answered, bar, legend,
      joinBox()));
  return { el, update: () => {
    const st = state();
    const p = st.rounds?.[round] || 'idle';
    phase.dataset.phase = p;
    phase.textContent = t(`phase.${p}`);
    const n = st.answered?.[round] ?? 0;
    const total = st.participants ?? 0;
    answered.textContent = t('board.answered', { n, total });
    bar.firstChild.style.width = `${total ? (n / total) * 100 : 0}%`;
    const showResults = visible(round);
    legend.textContent = showResults ? t(`board.legend.${round}`) : t('board.legend.progress');
    wheel.update(roundValues(round, showResults));
    wheel.setCenter(showResults ? t('board.result') : `${n}/${total}`, showResults ? '' : t('board.answeredShort'));
  } };
}

function roundValues(round, showResults) {
  const st = state();
  const values = {};
  const total = st.participants || 0;
  const rows = st.results?.competences || [];
  const maxOf = (key) => Math.max(1, ...rows.map((r) => r[key] || 0));
  for (const c of fw.competences) {
    const row = tallyOf(st.results, c.id);
    if (showResults && (round === 'importance' || round === 'level')) {
      const mean = row?.[round]?.mean ?? null;
      values[c.id] = { fill: mean ? mean / 5 : 0, text: mean === null ? '–' : num(mean), data: { value: mean === null ? '' : mean.toFixed(2), round } };
    } else if (showResults && (round === 'dots' || round === 'points')) {
      const v = row?.[round] || 0;
      values[c.id] = { fill: v / maxOf(round), text: String(v), data: { value: v, round } };
    } else {
      const n = round === 'ideas' ? 0 : st.progress?.[c.id] || 0;
      values[c.id] = { fill: total ? n / total : 0, text: round === 'ideas' ? '' : `${n}/${total}`, data: { answered: n, value: null, round } };
    }
  }
  return values;
}

function joinBox() {
  return h('div', { class: 'join-box' },
    h('img', { src: `/api/workshops/${encodeURIComponent(workshopId)}/qr.svg`, alt: t('board.qrAlt'), width: 150, height: 150 }),
    h('div', {},
      h('p', { class: 'join-box-label', text: t('board.joinAt') }),
      h('p', { class: 'join-box-url', text: displayUrl(snapshot.joinUrl.split('?')[0]) }),
      h('p', { class: 'join-box-code', text: snapshot.workshop.joinCode })));
}

// MARK: results

const VIEWS = ['wheel', 'ranking', 'matrix', 'dots', 'ideas'];

function resultsScreen(view) {
  const chosen = VIEWS.includes(view) ? view : 'wheel';
  const body = h('div', { class: 'results-body' });
  const notes = [];
  if (isRerun() && chosen !== 'ideas') notes.push(t(chosen === 'matrix' ? 'board.changeNoteMatrix' : 'board.changeNote'));
  if (profile() && chosen === 'ranking') notes.push(t('board.expectedNote', { profile: pick(profile().title) }));
  const head = h('header', { class: 'results-head' },
    h('h2', { text: t(`view.${chosen}.title`) }),
    h('p', { class: 'results-sub', text: t(`view.${chosen}.help`) }),
    notes.length ? h('p', { class: 'results-note', data: { resultsNote: '' }, text: notes.join(' ') }) : null);
  const el = h('section', { class: `results results-${chosen}`, data: { screen: 'results', view: chosen } }, head, body);
  const views = { wheel: wheelView, ranking: rankingView, matrix: matrixView, dots: dotsView, ideas: ideasView };
  const inner = views[chosen](body);
  return { el, update: inner.update };
}

function means(id) {
  const row = tallyOf(state().results, id);
  return { row, imp: row?.importance?.mean ?? null, lev: row?.level?.mean ?? null };
}

function wheelView(body) {
  const holder = h('div', { class: 'wheel-holder' });
  const chosen = profile();
  const rerun = isRerun();
  const legend = h('div', { class: 'wheel-key' },
    h('p', { class: 'key-both' }, h('span', { class: 'key-fill', 'aria-hidden': 'true' }), t('board.key.level')),
    h('p', { class: 'key-both' }, h('span', { class: 'key-line', 'aria-hidden': 'true' }), t('board.key.importance')),
    h('p', { class: 'key-imp' }, h('span', { class: 'key-fill', 'aria-hidden': 'true' }), t('board.key.importanceFill')),
    chosen ? h('p', {}, h('span', { class: 'key-dashed', 'aria-hidden': 'true' }), t('board.key.expected')) : null,
    rerun ? h('p', {}, h('span', { class: 'key-arrows', 'aria-hidden': 'true', text: '▲▼' }), t('board.key.change')) : null,
    h('p', { class: 'key-note', text: t('board.key.note') }));
  fill(body, holder, legend);
  const wheel = createWheel(holder, fw, { title: t('view.wheel.title'), sub: rerun });
  return { update: () => {
    const values = {};
    // Fill: today's level, with importance as a line; while only importance is known, fill with it.
    const anyLevel = fw.competences.some((c) => means(c.id).lev !== null);
    legend.dataset.mode = anyLevel ? 'both' : 'importance';
    for (const c of fw.competences) {
      const { row, imp, lev } = means(c.id);
      const expected = row?.expectedLevel ?? chosen?.levels?.[c.id] ?? null;
      const ch = row?.change || {};
      const sub = rerun && (imp !== null || lev !== null)
        ? (anyLevel ? `${change(ch.importance) || '–'} · ${change(ch.level) || '–'}` : change(ch.importance)) : '';
      values[c.id] = {
        fill: anyLevel ? (lev ?? 0) / 5 : (imp ?? 0) / 5,
        marker: anyLevel && imp !== null ? imp / 5 : null,
        expected: chosen && expected ? expected / 5 : null,
        text: imp === null && lev === null ? '' : anyLevel ? t('board.wheelValue', { imp: num(imp), lev: num(lev) }) : num(imp),
        sub,
        data: {
          importance: imp === null ? null : imp.toFixed(2), level: lev === null ? null : lev.toFixed(2),
          expected: chosen ? expected : null,
          changeImportance: typeof ch.importance === 'number' ? ch.importance.toFixed(2) : null,
          changeLevel: typeof ch.level === 'number' ? ch.level.toFixed(2) : null,
        },
      };
    }
    wheel.update(values);
    wheel.setCenter(t('board.team'), '');
  } };
}

function rankingView(body) {
  const chosen = profile();
  const rerun = isRerun();
  const columns = ['importance', 'level', ...(chosen ? ['expected'] : []), 'gap'];
  // Number columns: a mean with its change needs more room than the expected level alone.
  const widths = columns.map((k) => (k === 'expected' ? 7 : rerun ? 9.5 : 6.5));
  const layout = { '--nums': `${widths.reduce((a, w) => a + w, 0) + (widths.length - 1) * 0.8}rem`, '--num-cols': widths.map((w) => `${w}rem`).join(' ') };
  const list = h('ol', { class: 'ranking', style: layout, data: { ranking: '' } });
  const headRow = h('div', { class: 'rank-row rank-head', style: layout, 'aria-hidden': 'true' },
    h('span'), h('span', { text: t('board.col.competence') }),
    h('span', { class: 'rank-scale' }, h('span', { text: '1' }), h('span', { text: '5' })),
    h('span', { class: 'rank-nums' }, columns.map((k) => h('span', { text: t(`board.short.${k}`) }))));
  fill(body, h('div', { class: 'ranking-wrap' }, headRow, list));
  return { update: () => {
    const rows = fw.competences.map((c) => ({ c, ...means(c.id) }))
      .map((r) => ({ ...r, gap: r.imp !== null && r.lev !== null ? r.imp - r.lev : null, expected: r.row?.expectedLevel ?? chosen?.levels?.[r.c.id] ?? null }))
      .sort((a, b) => (b.gap ?? -99) - (a.gap ?? -99) || (b.imp ?? 0) - (a.imp ?? 0));
    const pos = (v) => `${((v - 1) / 4) * 100}%`;
    const fixed = (v) => (typeof v === 'number' ? v.toFixed(2) : null);
    fill(list, rows.map((r, i) => {
      const ch = r.row?.change || {};
      const cell = (key) => {
        if (key === 'importance') return h('span', { class: 'rank-num' }, h('span', { text: num(r.imp) }), changeTag(ch.importance));
        if (key === 'level') return h('span', { class: 'rank-num' }, h('span', { text: num(r.lev) }), changeTag(ch.level));
        if (key === 'expected') return h('span', { class: 'rank-num rank-expected' }, h('span', { text: r.expected ? String(r.expected) : '–' }));
        return h('strong', { class: 'rank-num' }, h('span', { text: r.gap === null ? '–' : signed(r.gap) }), changeTag(ch.gap));
      };
      return h('li', {
        class: 'rank-row', style: { '--dim': r.c.dim.colour },
        data: {
          rankRow: '', competence: r.c.id, importance: r.imp?.toFixed(2) ?? '', level: r.lev?.toFixed(2) ?? '', gap: r.gap?.toFixed(2) ?? '',
          expected: chosen ? (r.expected ?? '') : null,
          changeImportance: fixed(ch.importance), changeLevel: fixed(ch.level), changeGap: fixed(ch.gap),
        },
      },
      h('span', { class: 'rank-no', text: String(i + 1) }),
      h('span', { class: 'rank-title', text: pick(r.c.title) }),
      h('span', { class: 'rank-track', 'aria-hidden': 'true' },
        r.imp !== null && r.lev !== null ? h('span', { class: 'rank-span', style: { left: pos(Math.min(r.imp, r.lev)), width: `${(Math.abs(r.imp - r.lev) / 4) * 100}%` } }) : null,
        chosen && r.expected ? h('span', { class: 'rank-exp', style: { left: pos(r.expected) } }) : null,
        r.lev !== null ? h('span', { class: 'rank-dot rank-lev', style: { left: pos(r.lev) } }) : null,
        r.imp !== null ? h('span', { class: 'rank-dot rank-imp', style: { left: pos(r.imp) } }) : null),
      h('span', { class: 'rank-nums' }, columns.map(cell)));
    }));
  } };
}

function matrixView(body) {
  const svg = s('svg', { class: 'matrix', role: 'img', 'aria-label': t('view.matrix.title') });
  fill(body, svg);
  return { update: () => {
    const points = fw.competences.map((c) => {
      const { row, imp, lev } = means(c.id);
      const ch = row?.change;
      const from = ch && typeof ch.importance === 'number' && typeof ch.level === 'number' ? { imp: imp - ch.importance, lev: lev - ch.level } : null;
      return { c, imp, lev, from };
    }).filter((p) => p.imp !== null && p.lev !== null);
    drawMatrix(svg, points, { width: 1640, height: 820 });
  } };
}

function dotsView(body) {
  const list = h('ol', { class: 'bars', data: { dotsList: '' } });
  fill(body, list);
  return { update: () => {
    const st = state();
    const usePoints = !visible('dots') && visible('points');
    const key = usePoints ? 'points' : 'dots';
    const rows = fw.competences.map((c) => ({ c, row: tallyOf(st.results, c.id) }))
      .map((r) => ({ ...r, v: r.row?.[key] || 0, points: r.row?.points || 0 }))
      .sort((a, b) => b.v - a.v);
    const max = Math.max(1, ...rows.map((r) => r.v));
    // The change since the earlier run exists for dots only (`change` has no points), and
    // means something only once this board may see the dots (before, it is 0 minus the earlier total).
    const changeOf = (r) => (key === 'dots' && visible('dots') ? r.row?.change?.dots : undefined);
    list.classList.toggle('with-change', rows.some((r) => typeof changeOf(r) === 'number'));
    fill(list, rows.map((r) => h('li', {
      class: r.v ? 'bar-row' : 'bar-row zero', style: { '--dim': r.c.dim.colour },
      data: { dotsRow: '', competence: r.c.id, dots: r.row?.dots || 0, points: r.points, changeDots: changeOf(r) },
    },
    h('span', { class: 'bar-title', text: pick(r.c.title) }),
    h('span', { class: 'bar-track', 'aria-hidden': 'true' }, h('span', { style: { width: `${(r.v / max) * 100}%` } })),
    h('strong', { class: 'bar-value', text: t(`board.unit.${key}`, { n: r.v }) }),
    typeof changeOf(r) === 'number' ? changeTag(changeOf(r), 0) : null)));
  } };
}

function ideasView(body) {
  const list = h('ul', { class: 'idea-wall', data: { ideaWall: '' } });
  fill(body, list);
  return { update: () => {
    const ideas = (state().ideas || []).filter((i) => i.status === 'approved');
    if (!ideas.length) { fill(list, h('li', { class: 'empty', text: t('board.noIdeas') })); return; }
    fill(list, ideas.map((idea) => {
      const c = idea.competence && fw.byId.get(idea.competence);
      return h('li', { class: 'idea-card', style: { '--dim': c ? c.dim.colour : 'var(--accent)' }, data: { idea: idea.id } },
        h('p', { class: 'idea-text', text: idea.text }),
        c ? h('p', { class: 'idea-tag', text: pick(c.title) }) : null);
    }));
  } };
}

// MARK: introduction

function overviewScreen() {
  const holder = h('div', { class: 'wheel-holder' });
  const el = h('section', { class: 'intro intro-overview', data: { screen: 'intro' } },
    holder,
    h('aside', { class: 'side' },
      h('p', { class: 'eyebrow', text: t('intro.eyebrow') }),
      h('h2', { class: 'side-title', text: t('intro.wheelTitle') }),
      h('p', { class: 'side-text', text: t('intro.wheelText') }),
      h('ul', { class: 'dim-list' }, fw.dimensions.map((d) => h('li', { style: { '--dim': d.colour } },
        h('strong', { text: pick(d.title) }), h('span', { text: ` · ${t('intro.competences', { n: d.competences.length })}` })))),
      fw.underlying.length ? h('div', { class: 'underlying' },
        h('h3', { text: t('intro.underlying') }),
        h('p', { text: fw.underlying.map((u) => pick(u.title)).join(' · ') })) : null));
  createWheel(holder, fw, { title: t('intro.wheelTitle') });
  return { el };
}

function dimensionScreen(id) {
  const dim = fw.dimById.get(id);
  if (!dim) return overviewScreen();
  const el = h('section', { class: 'intro intro-dimension', style: { '--dim': dim.colour }, data: { screen: 'intro', dimension: id } },
    h('header', { class: 'dim-head' },
      h('p', { class: 'eyebrow', text: t('intro.dimension', { i: fw.dimensions.indexOf(dim) + 1, n: fw.dimensions.length }) }),
      h('h2', { text: pick(dim.title) }),
      dim.description ? h('p', { class: 'dim-desc', text: pick(dim.description) }) : null),
    h('div', { class: 'comp-grid', style: { '--cols': Math.min(4, dim.competences.length) } },
      dim.competences.map((c) => h('article', { class: 'comp-card', data: { competence: c.id } },
        h('h3', { text: pick(c.title) }),
        h('p', { text: pick(c.description) }),
        c.examples?.length ? h('div', { class: 'examples' }, h('p', { class: 'examples-label', text: t('intro.examples') }),
          h('ul', {}, c.examples.slice(0, 3).map((e) => h('li', { text: pick(e) })))) : null))));
  // Text on a projector must stay large: drop examples that do not fit rather than shrink the type.
  const fitCards = () => {
    for (const card of el.querySelectorAll('.comp-card')) {
      let items = card.querySelectorAll('.examples li');
      while (card.scrollHeight > card.clientHeight + 1 && items.length) {
        items[items.length - 1].remove();
        items = card.querySelectorAll('.examples li');
      }
      if (!items.length) card.querySelector('.examples')?.remove();
    }
  };
  return { el, update: () => requestAnimationFrame(fitCards) };
}

function competenceScreen(id) {
  const c = fw.byId.get(id);
  if (!c) return overviewScreen();
  const ideas = fw.inspiration.filter((i) => i.competence === id);
  const el = h('section', { class: 'intro intro-competence', style: { '--dim': c.dim.colour }, data: { screen: 'intro', competence: id } },
    h('header', { class: 'dim-head' },
      h('p', { class: 'eyebrow', text: pick(c.dim.title) }),
      h('h2', { text: pick(c.title) }),
      h('p', { class: 'dim-desc', text: pick(c.description) })),
    h('div', { class: 'two-col' },
      c.examples?.length ? h('div', {}, h('h3', { text: t('intro.examples') }), h('ul', { class: 'big-list' }, c.examples.map((e) => h('li', { text: pick(e) })))) : null,
      ideas.length ? h('div', {}, h('h3', { text: t('intro.inspiration') }), h('ul', { class: 'big-list' }, ideas.map((i) => h('li', {},
        h('strong', { text: pick(i.title) }), i.description ? h('span', { text: ` – ${pick(i.description)}` }) : null)))) : null));
  return { el };
}

function caseScreen(id) {
  const found = fw.cases.find((c) => c.id === id);
  if (!found) return overviewScreen();
  const el = h('section', { class: 'intro intro-case', data: { screen: 'intro', case: id } },
    h('p', { class: 'eyebrow', text: t('intro.case') }),
    h('h2', { text: pick(found.title) }),
    h('p', { class: 'case-story', text: pick(found.story) }),
    h('div', { class: 'case-foot' },
      h('p', { class: 'case-prompt', text: t('intro.casePrompt') }),
      h('ul', { class: 'chips' }, found.competences.map((cid) => fw.byId.get(cid)).filter(Boolean).map((c) =>
        h('li', { class: 'chip-dim', style: { '--dim': c.dim.colour }, text: pick(c.title) })))));
  return { el };
}

// MARK: action plan

function actionsScreen() {
  const list = h('ol', { class: 'actions', data: { actions: '' } });
  const sub = h('p', { class: 'results-sub' });
  const el = h('section', { class: 'results', data: { screen: 'actions' } },
    h('header', { class: 'results-head' }, h('h2', { text: t('actions.title') }), sub),
    list);
  return { el, update: () => {
    const st = state();
    const plan = st.actions || [];
    if (plan.length) {
      // The agreed plan, grouped by competence in priority order.
      sub.textContent = t('actions.planHelp');
      const rank = (id) => tallyOf(st.results, id)?.rank ?? 999;
      const sorted = plan.slice().sort((a, b) => rank(a.competence) - rank(b.competence));
      fill(list, sorted.map((action) => {
        const c = fw.byId.get(action.competence);
        return h('li', { class: 'action-card', style: { '--dim': c?.dim.colour || 'var(--accent)' }, data: { action: action.id, competence: action.competence, status: action.status } },
          h('p', { class: 'eyebrow', text: pick(c?.title) || action.competence }),
          h('h3', { class: 'action-what', text: action.what }),
          h('p', { class: 'action-meta' },
            action.owner ? h('span', { text: t('actions.owner', { owner: action.owner }) }) : null,
            action.due ? h('span', { text: t('actions.due', { date: date(action.due) }) }) : null),
          h('span', { class: 'chip chip-big', data: { actionStatus: action.status }, text: t(`action.${action.status}`) }));
      }));
      return;
    }
    // No plan yet: the top priorities with suggestions, as a prompt.
    sub.textContent = t('actions.help');
    const rows = (st.results?.competences || []).filter((r) => r.importance.count || r.dots || r.points)
      .sort((a, b) => a.rank - b.rank).slice(0, 3);
    if (!rows.length) { fill(list, h('li', { class: 'empty', text: t('board.noResults') })); return; }
    fill(list, rows.map((row) => {
      const c = fw.byId.get(row.competence);
      if (!c) return null;
      const ideas = fw.inspiration.filter((i) => i.competence === c.id).slice(0, 2);
      return h('li', { class: 'action-card', style: { '--dim': c.dim.colour }, data: { competence: c.id, rank: row.rank } },
        h('p', { class: 'eyebrow', text: `${row.rank}. ${pick(c.dim.title)}` }),
        h('h3', { text: pick(c.title) }),
        h('p', { class: 'action-nums', text: t('actions.numbers', { imp: num(row.importance.mean), lev: num(row.level.mean), dots: row.dots }) }),
        ideas.length ? h('ul', {}, ideas.map((i) => h('li', { text: pick(i.title) }))) : null,
        h('p', { class: 'action-prompt', text: t('actions.prompt') }));
    }));
  } };
}

main();
