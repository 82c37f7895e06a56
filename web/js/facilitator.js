// Composition root of the facilitator console (facilitator.html): create a workshop,
// then run it: rounds, what the board shows, moderation, proxy votes, exports.

import { $, $$, fill, getJSON, h, param, randomString, storage } from './dom.js';
import { date, errorText, i18n, initI18n, num, pick, signed, t, wireLangToggle } from './i18n.js';
import { Connection } from './connection.js';
import { index, loadWheel, ROUNDS, tallyOf } from './framework.js';
import { createWheel } from './wheel.js';

const KNOWN = 'wheelhouse.facilitator'; // {id: {token, title, code, created, rerunOf?}}
const AUTO = 'wheelhouse.autoFocus';
const VIEWS = ['wheel', 'ranking', 'matrix', 'dots', 'ideas'];

const ui = {
  create: $('[data-view="create"]'),
  token: $('[data-view="token"]'),
  console: $('[data-view="console"]'),
  toast: $('[data-toast]'),
  chip: $('[data-conn-chip]'),
};

let conn = null;
let fw = null;
let workshopId = null;
let facilitatorToken = null;
let snapshot = null;
let earlierTitle = null; // a re-run's earlier workshop
const parts = {};        // the console's live pieces, updated in place
let toastTimer = null;

function toast(message, kind = 'info') {
  ui.toast.hidden = false;
  ui.toast.dataset.kind = kind;
  ui.toast.textContent = message;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { ui.toast.hidden = true; }, kind === 'error' ? 8000 : 3500);
}

function show(view) {
  for (const name of ['create', 'token', 'console']) ui[name].hidden = name !== view;
}

async function main() {
  await initI18n();
  wireLangToggle($('[data-lang-toggle]'));
  const id = param('w');
  if (id) {
    const known = storage.get(KNOWN, {})[id];
    if (known?.token) return openConsole(id, known.token);
    return showTokenForm(id);
  }
  showCreate();
}

// MARK: creating a workshop

let catalog = [];
let previewTimer = null;

async function showCreate() {
  show('create');
  const form = $('[data-create-form]');
  const list = $('[data-plugin-list]');
  try {
    catalog = (await getJSON('/api/plugins')).plugins;
  } catch {
    fill(list, h('li', { class: 'form-error', text: t('fac.pluginsFailed') }));
    return;
  }
  const renderPlugins = () => {
    const checked = new Set($$('[data-plugin]:checked', list).map((el) => el.value));
    if (!checked.size) checked.add('kl-base');
    // The base wheel first, then the sector plugins.
    const sorted = [...catalog].sort((a, b) => (a.dependencies.length - b.dependencies.length) || a.id.localeCompare(b.id));
    fill(list, sorted.map((plugin) => {
      const failed = plugin.state !== 'loaded';
      const inputId = `plugin-${plugin.id}`;
      return h('li', { class: failed ? 'plugin failed' : 'plugin', data: { pluginRow: plugin.id } },
        h('input', { type: 'checkbox', id: inputId, value: plugin.id, data: { plugin: plugin.id }, checked: checked.has(plugin.id) && !failed, disabled: failed }),
        h('label', { for: inputId },
          h('span', { class: 'plugin-name', text: pick(plugin.name) || plugin.id }),
          h('span', { class: 'plugin-meta', text: [plugin.id, plugin.version && `v${plugin.version}`, plugin.dependencies.length ? t('fac.dependsOn', { ids: plugin.dependencies.join(', ') }) : ''].filter(Boolean).join(' · ') })),
        h('span', { class: 'chip', data: { status: failed ? 'error' : 'saved' }, text: failed ? t('fac.pluginFailed') : t('fac.pluginLoaded') }),
        failed && plugin.errors?.length ? h('ul', { class: 'plugin-errors' }, plugin.errors.slice(0, 3).map((e) => h('li', { text: typeof e === 'string' ? e : [e.file, e.path, e.message || e.rule].filter(Boolean).join(' – ') }))) : null);
    }));
  };
  renderPlugins();
  list.addEventListener('change', schedulePreview);
  i18n.addEventListener('change', () => { if (!ui.create.hidden) { renderPlugins(); schedulePreview(); renderMine(); } });
  $('[data-dots-input]').addEventListener('input', () => {
    const dots = Number($('[data-dots-input]').value) || 1;
    const max = $('[data-maxdots-input]');
    max.max = String(dots);
    if (Number(max.value) > dots) max.value = String(dots);
  });
  form.addEventListener('submit', onCreate);
  $('[data-profile-input]').addEventListener('change', describeProfile);
  const rerun = param('rerun');
  loadMine({ rerun }).then(() => { if (rerun) $(`[data-rerun-title="${CSS.escape(rerun)}"]`)?.focus(); });
  schedulePreview();
  if (!rerun) $('[data-title-input]').focus();
}

function chosenPlugins() {
  return $$('[data-plugin]:checked').map((el) => el.value);
}

function schedulePreview() {
  clearTimeout(previewTimer);
  previewTimer = setTimeout(renderPreview, 150);
}

let previewData = null;
async function renderPreview() {
  const ids = chosenPlugins();
  const holder = $('[data-preview-wheel]');
  const summary = $('[data-preview-summary]');
  const dims = $('[data-preview-dims]');
  const profile = $('[data-profile-input]');
  if (!ids.length) {
    holder.replaceChildren();
    summary.textContent = t('fac.choosePlugin');
    dims.replaceChildren();
    return;
  }
  try {
    previewData = index(await getJSON(`/api/plugins/preview?plugins=${encodeURIComponent(ids.join(','))}`));
  } catch (error) {
    summary.textContent = error.message;
    return;
  }
  createWheel(holder, previewData, { labels: false, title: t('fac.preview') });
  summary.textContent = t('fac.previewSummary', {
    dims: previewData.dimensions.length, comps: previewData.competences.length,
    cases: previewData.cases.length, profiles: previewData.roleProfiles.length,
  });
  fill(dims, previewData.dimensions.map((d) => h('li', { style: { '--dim': d.colour } },
    h('strong', { text: pick(d.title) }), h('span', { text: d.competences.map((c) => pick(c.title)).join(' · ') }))));
  const current = profile.value;
  fill(profile, h('option', { value: '', text: t('fac.noProfile') }),
    previewData.roleProfiles.map((p) => h('option', { value: p.id, text: pick(p.title), selected: p.id === current })));
  profile.disabled = !previewData.roleProfiles.length;
  describeProfile();
}

/** The chosen role profile's description, under the picker. */
function describeProfile() {
  const chosen = previewData?.roleProfiles.find((p) => p.id === $('[data-profile-input]').value);
  const help = $('[data-profile-help]');
  help.textContent = chosen ? pick(chosen.description) || '' : t('fac.profileHelp');
}

async function onCreate(event) {
  event.preventDefault();
  const error = $('[data-create-error]');
  const button = $('[data-create-submit]');
  const title = $('[data-title-input]').value.trim();
  const plugins = chosenPlugins();
  const fail = (message) => { error.hidden = false; error.textContent = message; button.disabled = false; };
  error.hidden = true;
  if (!title) { $('[data-title-input]').focus(); return fail(t('fac.titleMissing')); }
  if (!plugins.length) return fail(t('fac.choosePlugin'));
  const dots = Number($('[data-dots-input]').value);
  const maxDots = Number($('[data-maxdots-input]').value);
  const body = {
    title, plugins, language: $('[data-language-input]').value,
    settings: {
      dotsPerParticipant: dots, maxDotsPerCompetence: Math.min(maxDots, dots),
      blindVoting: $('[data-blind-input]').checked,
      ...($('[data-profile-input]').value ? { roleProfile: $('[data-profile-input]').value } : {}),
    },
  };
  button.disabled = true;
  let created;
  try {
    const response = await fetch('/api/workshops', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    created = await response.json();
    if (!response.ok) return fail(errorText(created?.error?.code, created?.error?.message));
  } catch {
    return fail(t('error.generic'));
  }
  const known = storage.get(KNOWN, {});
  known[created.id] = { token: created.facilitatorToken, title, code: created.joinCode, created: Date.now() };
  storage.set(KNOWN, known);
  history.replaceState(null, '', `/facilitator.html?w=${encodeURIComponent(created.id)}`);
  openConsole(created.id, created.facilitatorToken);
}

// MARK: my workshops (the ones whose facilitator token this browser keeps)

/** id -> {snapshot, status: 'loading'|'ok'|'gone'|'refused'|'error', open: ''|'rerun'|'delete'} */
const mine = new Map();

const known = () => storage.get(KNOWN, {});
function remember(id, info) {
  const all = known();
  all[id] = { ...all[id], ...info };
  storage.set(KNOWN, all);
}
function forget(id) {
  const all = known();
  delete all[id];
  storage.set(KNOWN, all);
  mine.delete(id);
}

const reportUrl = (id, token) => `/report.html?w=${encodeURIComponent(id)}#token=${encodeURIComponent(token)}`;

/** Loads every known workshop's snapshot with its token, then keeps the list drawn. */
async function loadMine({ rerun } = {}) {
  const all = known();
  for (const id of Object.keys(all)) if (!mine.has(id)) mine.set(id, { status: 'loading', open: '' });
  if (rerun && mine.has(rerun)) mine.get(rerun).open = 'rerun';
  renderMine();
  await Promise.all(Object.entries(all).map(async ([id, info]) => {
    const entry = mine.get(id);
    try {
      const snapshot = await getJSON(`/api/workshops/${encodeURIComponent(id)}`, { Authorization: `Bearer ${info.token}` });
      entry.snapshot = snapshot;
      entry.status = snapshot.role === 'facilitator' ? 'ok' : 'refused';
      if (entry.status === 'ok') {
        remember(id, { title: snapshot.workshop.title, code: snapshot.workshop.joinCode, rerunOf: snapshot.workshop.rerunOf || undefined });
        // The snapshot has no creation date; a workshop this browser did not create gets it
        // once from its export.
        if (!info.created) {
          const exported = await getJSON(`/api/workshops/${encodeURIComponent(id)}/export.json`, { Authorization: `Bearer ${info.token}` }).catch(() => null);
          const created = exported?.createdAt && Date.parse(exported.createdAt);
          if (created) remember(id, { created });
        }
      }
    } catch (error) {
      entry.status = error.status === 404 ? 'gone' : 'error';
    }
    renderMine();
  }));
}

function renderMine() {
  const all = known();
  const section = $('[data-mine]');
  const ids = Object.keys(all).filter((id) => mine.has(id))
    .sort((a, b) => (all[b].created || 0) - (all[a].created || 0));
  section.hidden = !ids.length;
  // Snapshots arrive one by one and redraw the list: keep the focus (and a caret) in place.
  const active = document.activeElement;
  const focusAfter = active?.dataset?.mineFocus;
  const caret = focusAfter && typeof active.selectionStart === 'number' ? [active.selectionStart, active.selectionEnd] : null;
  fill($('[data-mine-list]'), ids.map((id) => mineItem(id, all[id], mine.get(id))));
  const again = focusAfter && $(`[data-mine-focus="${CSS.escape(focusAfter)}"]`);
  if (again) {
    again.focus();
    if (caret) again.setSelectionRange(...caret);
  }
}

function mineItem(id, info, entry) {
  const title = info.title || id;
  const st = entry.snapshot?.state;
  const earlier = info.rerunOf && known()[info.rerunOf];
  const meta = [
    t('fac.mine.code', { code: info.code || '–' }),
    info.created ? date(new Date(info.created).toISOString()) : null,
    entry.status === 'ok' ? t('fac.peopleCount', { n: st?.participants ?? 0 }) : null,
    entry.status === 'ok' && st?.actions?.length ? t('fac.mine.actions', { n: st.actions.length }) : null,
  ].filter(Boolean).join(' · ');
  const problem = { gone: t('fac.mine.gone'), refused: t('fac.mine.refused'), error: t('fac.mine.error') }[entry.status];
  const usable = entry.status === 'ok' || entry.status === 'loading';
  const item = h('li', { class: 'mine-item', data: { workshop: id, status: entry.status } },
    h('div', { class: 'mine-text' },
      h('a', { class: 'mine-title', href: `/facilitator.html?w=${encodeURIComponent(id)}`, data: { mineTitle: '' }, text: title }),
      h('p', { class: 'help', data: { mineMeta: '' }, text: meta }),
      info.rerunOf ? h('p', { class: 'help', data: { mineRerunOf: info.rerunOf }, text: t('fac.rerunOf', { title: earlier?.title || info.rerunOf }) }) : null,
      problem ? h('p', { class: 'mine-problem', text: problem }) : null),
    h('div', { class: 'btn-row mine-buttons' },
      usable ? [
        h('a', { class: 'btn btn-small btn-primary', href: `/facilitator.html?w=${encodeURIComponent(id)}`, data: { mineOpen: id }, text: t('fac.open') }),
        h('a', { class: 'btn btn-small', href: reportUrl(id, info.token), target: '_blank', rel: 'noopener', data: { mineReport: id }, text: t('fac.report') }),
        h('button', { type: 'button', class: 'btn btn-small', data: { mineRerun: id, mineFocus: `rerun-${id}` }, 'aria-expanded': String(entry.open === 'rerun'), text: t('fac.rerun'),
          on: { click: () => { entry.open = entry.open === 'rerun' ? '' : 'rerun'; renderMine(); $(`[data-rerun-title="${CSS.escape(id)}"]`)?.focus(); } } }),
      ] : null,
      h('button', { type: 'button', class: 'btn btn-small btn-danger', data: { mineDelete: id, mineFocus: `delete-${id}` },
        text: usable ? t('fac.delete') : t('fac.mine.forget'),
        on: { click: () => {
          if (!usable) { forget(id); renderMine(); return; }
          entry.open = entry.open === 'delete' ? '' : 'delete';
          renderMine();
          $(`[data-delete-confirm="${CSS.escape(id)}"]`)?.focus();
        } } })));
  if (entry.open === 'rerun' && usable) item.append(rerunForm(id, title, entry));
  if (entry.open === 'delete' && usable) item.append(deleteConfirm(id, title, info.token, entry));
  return item;
}

function rerunForm(id, title, entry) {
  const inputId = `rerun-title-${id}`;
  // What the facilitator typed survives the list being redrawn.
  entry.draft ??= t('fac.rerunTitle', { title }).slice(0, 120);
  const input = h('input', { class: 'input', id: inputId, maxlength: 120, required: true, data: { rerunTitle: id, mineFocus: `rerun-title-${id}` },
    value: entry.draft, on: { input: () => { entry.draft = input.value; } } });
  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const submit = h('button', { type: 'submit', class: 'btn btn-small btn-primary', data: { rerunSubmit: id }, text: t('fac.rerunCreate') });
  return h('form', { class: 'mine-panel stack', data: { rerunForm: id }, on: { submit: async (event) => {
    event.preventDefault();
    const newTitle = input.value.trim();
    if (!newTitle) { input.focus(); return; }
    submit.disabled = true;
    error.hidden = true;
    try {
      const response = await fetch('/api/workshops', { method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ title: newTitle, rerunOf: id }) });
      const created = await response.json().catch(() => null);
      if (!response.ok) throw Object.assign(new Error(), { code: created?.error?.code, text: created?.error?.message });
      remember(created.id, { token: created.facilitatorToken, title: newTitle, code: created.joinCode, created: Date.now(), rerunOf: id });
      history.replaceState(null, '', `/facilitator.html?w=${encodeURIComponent(created.id)}`);
      openConsole(created.id, created.facilitatorToken);
    } catch (failure) {
      error.hidden = false;
      error.textContent = errorText(failure.code, failure.text);
      submit.disabled = false;
    }
  } } },
  h('div', { class: 'field' }, h('label', { for: inputId, text: t('fac.rerunLabel') }), input,
    h('p', { class: 'help', text: t('fac.rerunHelp') })),
  error,
  h('div', { class: 'btn-row' }, submit,
    h('button', { type: 'button', class: 'btn btn-small', text: t('fac.cancel'), on: { click: () => { entry.open = ''; entry.draft = undefined; renderMine(); } } })));
}

function deleteConfirm(id, title, token, entry) {
  const yes = h('button', { type: 'button', class: 'btn btn-small btn-danger-solid', data: { deleteConfirm: id }, text: t('fac.deleteForGood') });
  yes.addEventListener('click', async () => {
    yes.disabled = true;
    try {
      const response = await fetch(`/api/workshops/${encodeURIComponent(id)}`, { method: 'DELETE', headers: { Authorization: `Bearer ${token}` } });
      if (!response.ok && response.status !== 404) throw new Error(String(response.status));
      forget(id);
      renderMine();
      toast(t('fac.deleted', { title }));
    } catch {
      yes.disabled = false;
      toast(t('fac.deleteFailed'), 'error');
    }
  });
  return h('div', { class: 'mine-panel mine-confirm', role: 'group', 'aria-label': t('fac.delete'), data: { deletePanel: id } },
    h('p', {}, h('strong', { text: t('fac.deleteQuestion', { title }) }), ' ', t('fac.deleteWarning')),
    h('div', { class: 'btn-row' }, yes,
      h('button', { type: 'button', class: 'btn btn-small', data: { deleteCancel: id }, text: t('fac.cancel'), on: { click: () => { entry.open = ''; renderMine(); } } })));
}

function showTokenForm(id) {
  show('token');
  const form = $('[data-token-form]');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('[data-token-input]').value.trim();
    if (!token) return;
    openConsole(id, token);
  });
}

// MARK: the console

async function openConsole(id, token) {
  workshopId = id;
  facilitatorToken = token;
  try {
    [snapshot, fw] = await Promise.all([
      getJSON(`/api/workshops/${encodeURIComponent(id)}`, { Authorization: `Bearer ${token}` }),
      loadWheel(id),
    ]);
  } catch (error) {
    if (error.status === 404) { show('create'); toast(t('error.not_found'), 'error'); return showCreate(); }
    return toast(t('error.generic'), 'error');
  }
  if (snapshot.role !== 'facilitator') return tokenRefused();
  const rerunOf = snapshot.workshop.rerunOf || undefined;
  const stored = storage.get(KNOWN, {});
  stored[id] = { ...stored[id], token, title: snapshot.workshop.title, code: snapshot.workshop.joinCode, created: stored[id]?.created || Date.now(), rerunOf };
  storage.set(KNOWN, stored);
  // A re-run names the run it is compared with (anyone may read a workshop's title).
  earlierTitle = rerunOf ? stored[rerunOf]?.title
    || (await getJSON(`/api/workshops/${encodeURIComponent(rerunOf)}`).catch(() => null))?.workshop?.title || null : null;
  delete document.documentElement.dataset.pageTitle;
  document.title = `${snapshot.workshop.title} – ${t('fac.role')} – Wheelhouse`;
  show('console');
  buildConsole();
  i18n.addEventListener('change', () => { buildConsole(); update(); });

  conn = new Connection({ role: 'facilitator', hello: () => ({ workshop: workshopId, token: facilitatorToken }) });
  conn.addEventListener('fatal', (e) => (e.detail.code === 'not_facilitator' ? tokenRefused() : toast(errorText(e.detail.code, e.detail.message), 'error')));
  conn.addEventListener('status', (e) => {
    ui.chip.dataset.status = e.detail.status === 'online' ? 'saved' : 'offline';
    ui.chip.textContent = t(`status.${e.detail.status}`);
  });
  conn.addEventListener('refused', (e) => toast(errorText(e.detail.code, e.detail.message), 'error'));
  conn.addEventListener('ack', onAck);
  conn.store.addEventListener('change', update);
  conn.start();
}

function tokenRefused() {
  const known = storage.get(KNOWN, {});
  delete known[workshopId];
  storage.set(KNOWN, known);
  showTokenForm(workshopId);
  const error = $('[data-token-error]');
  error.hidden = false;
  error.textContent = t('fac.tokenWrong');
}

const pendingProxyNames = new Map(); // opId -> name

function onAck(event) {
  const { opId, participant } = event.detail;
  if (pendingProxyNames.has(opId)) {
    toast(t('fac.proxyAdded', { name: pendingProxyNames.get(opId) }));
    pendingProxyNames.delete(opId);
    proxyState.selected = participant;
    update();
  }
}

function send(message) {
  if (!conn) return null;
  const opId = conn.submit(message);
  if (!conn.online) toast(t('fac.queued'));
  return opId;
}

function setFocus(focus) { send({ type: 'focus', focus }); }

function section(title, ...children) {
  return h('section', { class: 'panel' }, h('h2', { text: title }), ...children);
}

function buildConsole() {
  const joinUrl = snapshot.joinUrl;
  const boardUrl = `/board.html?w=${encodeURIComponent(workshopId)}`;
  const head = h('header', { class: 'console-head' },
    h('div', { class: 'console-title' },
      h('p', { class: 'eyebrow', text: t('fac.workshop') }),
      h('h1', { data: { workshopTitle: '' }, text: snapshot.workshop.title }),
      snapshot.workshop.rerunOf ? h('p', { class: 'help', data: { rerunOf: snapshot.workshop.rerunOf },
        text: t('fac.rerunOf', { title: earlierTitle || snapshot.workshop.rerunOf }) }) : null),
    h('div', { class: 'console-code' },
      h('p', { class: 'eyebrow', text: t('fac.joinCode') }),
      h('p', { class: 'code', data: { joinCode: '' }, text: snapshot.workshop.joinCode }),
      h('p', { class: 'help url', data: { joinUrl: '' }, text: joinUrl })),
    h('div', { class: 'console-actions' },
      h('a', { class: 'btn btn-primary', href: boardUrl, target: 'wheelhouse-board', rel: 'noopener', data: { openBoard: '' }, text: t('fac.openBoard') }),
      h('p', { class: 'help', text: t('fac.openBoardHelp') })));

  // Rounds
  parts.rounds = {};
  const auto = h('input', { type: 'checkbox', id: 'auto-focus', checked: storage.get(AUTO, true), data: { autoFocus: '' } });
  auto.addEventListener('change', () => storage.set(AUTO, auto.checked));
  const rounds = section(t('fac.rounds'),
    h('ul', { class: 'rounds' }, ROUNDS.map((round) => {
      const phase = h('span', { class: 'chip', data: { phase: '' } });
      const answered = h('span', { class: 'help', data: { answered: '' } });
      const button = (action, cls = 'btn btn-small') => h('button', { type: 'button', class: cls, data: { action }, text: t(`fac.action.${action}`),
        'aria-label': `${t(`fac.action.${action}`)}: ${t(`round.${round}.name`)}`,
        on: { click: (e) => roundAction(round, action, e.currentTarget) } });
      const buttons = {
        open: button('open'), close: button('close'), reveal: button('reveal'), reset: button('reset', 'btn btn-small btn-danger'),
      };
      parts.rounds[round] = { phase, answered, buttons };
      return h('li', { class: 'round-card', data: { round } },
        h('div', { class: 'round-top' }, h('strong', { text: t(`round.${round}.name`) }), phase),
        answered,
        h('div', { class: 'btn-row' }, Object.values(buttons)));
    })),
    h('label', { class: 'check', for: 'auto-focus' }, auto, h('span', { text: t('fac.autoFocus') })));

  // Board focus
  parts.focusNow = h('p', { class: 'focus-now', data: { focusNow: '' }, 'aria-live': 'polite' });
  const dimButtons = fw.dimensions.map((d, i) => h('button', { type: 'button', class: 'btn btn-small dim-btn', style: { '--dim': d.colour }, data: { focusDimension: d.id },
    text: `${i + 1}. ${pick(d.title)}`, on: { click: () => setFocus({ screen: 'intro', dimension: d.id }) } }));
  const caseSelect = h('select', { class: 'input', id: 'case-select', data: { caseSelect: '' } },
    fw.cases.map((c) => h('option', { value: c.id, text: pick(c.title) })));
  const compSelect = h('select', { class: 'input', id: 'comp-select', data: { competenceSelect: '' } },
    fw.dimensions.map((d) => h('optgroup', { label: pick(d.title) }, d.competences.map((c) => h('option', { value: c.id, text: pick(c.title) })))));
  const focusButton = (label, focus, data) => h('button', { type: 'button', class: 'btn btn-small', data, text: label, on: { click: () => setFocus(focus) } });
  const board = section(t('fac.board'),
    parts.focusNow,
    h('div', { class: 'btn-row' },
      focusButton(t('fac.focus.lobby'), { screen: 'lobby' }, { focus: 'lobby' }),
      focusButton(t('fac.focus.wheel'), { screen: 'intro' }, { focus: 'intro' }),
      focusButton(t('fac.focus.round'), { screen: 'round' }, { focus: 'round' })),
    h('h3', { text: t('fac.intro') }),
    h('div', { class: 'btn-row' },
      h('button', { type: 'button', class: 'btn btn-small', data: { introStep: 'prev' }, text: `← ${t('fac.prev')}`, on: { click: () => stepIntro(-1) } }),
      h('button', { type: 'button', class: 'btn btn-small', data: { introStep: 'next' }, text: `${t('fac.next')} →`, on: { click: () => stepIntro(1) } })),
    h('div', { class: 'dim-buttons' }, dimButtons),
    h('div', { class: 'inline-field' },
      h('label', { for: 'comp-select', text: t('fac.competence') }), compSelect,
      h('button', { type: 'button', class: 'btn btn-small', text: t('fac.show'), data: { showCompetence: '' }, on: { click: () => setFocus({ screen: 'intro', competence: compSelect.value }) } })),
    fw.cases.length ? h('div', { class: 'inline-field' },
      h('label', { for: 'case-select', text: t('fac.case') }), caseSelect,
      h('button', { type: 'button', class: 'btn btn-small', text: t('fac.show'), data: { showCase: '' }, on: { click: () => setFocus({ screen: 'intro', caseID: caseSelect.value }) } })) : null,
    h('h3', { text: t('fac.results') }),
    h('div', { class: 'btn-row' }, VIEWS.map((view) => focusButton(t(`view.${view}.title`), { screen: 'results', view }, { focusView: view })),
      focusButton(t('fac.focus.actions'), { screen: 'actions' }, { focus: 'actions' })));

  // People
  parts.peopleCount = h('p', { class: 'help', data: { peopleCount: '' } });
  parts.people = h('ul', { class: 'people-list', data: { people: '' } });
  const people = section(t('fac.people'), parts.peopleCount, parts.people);

  // Ideas
  parts.ideas = h('ul', { class: 'idea-queue', data: { ideaQueue: '' } });
  parts.ideasDone = h('ul', { class: 'idea-queue done', data: { ideasDone: '' } });
  const ideas = section(t('fac.ideas'), parts.ideas,
    h('details', {}, h('summary', { text: t('fac.ideasDone') }), parts.ideasDone));

  // Proxy participants
  const proxyName = h('input', { class: 'input', id: 'proxy-name', maxlength: 40, data: { proxyName: '' } });
  const proxyForm = h('form', { class: 'inline-field', on: { submit: (e) => {
    e.preventDefault();
    const name = proxyName.value.trim();
    if (!name) return;
    const opId = send({ type: 'addProxy', name });
    pendingProxyNames.set(opId, name);
    proxyName.value = '';
  } } }, h('label', { for: 'proxy-name', text: t('fac.proxyName') }), proxyName,
  h('button', { type: 'submit', class: 'btn btn-small', data: { addProxy: '' }, text: t('fac.proxyAdd') }));
  parts.proxySelect = h('select', { class: 'input', id: 'proxy-select', data: { proxySelect: '' } });
  parts.proxySelect.addEventListener('change', () => { proxyState.selected = parts.proxySelect.value; proxyState.key = ''; update(); });
  parts.proxyVotes = h('div', { class: 'proxy-votes', data: { proxyVotes: '' } });
  const proxy = section(t('fac.proxy'), h('p', { class: 'help', text: t('fac.proxyHelp') }), proxyForm,
    h('div', { class: 'inline-field' }, h('label', { for: 'proxy-select', text: t('fac.proxyFor') }), parts.proxySelect), parts.proxyVotes);

  // Live results (only the facilitator sees them before a reveal)
  parts.results = h('table', { class: 'mini-results', data: { miniResults: '' } });
  const results = section(t('fac.liveResults'), h('p', { class: 'help', text: t('fac.liveResultsHelp') }), parts.results);

  // Action plan
  parts.actions = h('ul', { class: 'action-list', data: { actionList: '' } });
  const actions = section(t('fac.actions'), h('p', { class: 'help', text: t('fac.actionsHelp') }), parts.actions, actionForm());

  // Exports: the API needs the token in a header, so downloads go through fetch and a blob.
  const exportLink = (label, path, download, kind = download) => {
    const link = h('a', { href: path, class: download ? 'btn btn-small' : 'btn btn-small btn-primary', data: { export: kind || 'report' }, text: label });
    if (download) {
      link.addEventListener('click', async (event) => {
        event.preventDefault();
        try {
          const response = await fetch(path, { headers: { Authorization: `Bearer ${facilitatorToken}` } });
          if (!response.ok) throw new Error(String(response.status));
          const url = URL.createObjectURL(await response.blob());
          const a = h('a', { href: url, download });
          document.body.append(a);
          a.click();
          a.remove();
          setTimeout(() => URL.revokeObjectURL(url), 5000);
        } catch {
          toast(t('fac.exportMissing'), 'error');
        }
      });
    } else {
      link.target = '_blank';
      link.rel = 'noopener';
    }
    return link;
  };
  const id = encodeURIComponent(workshopId);
  const exports = section(t('fac.exports'),
    h('p', { class: 'help', text: t('fac.exportsHelp') }),
    h('div', { class: 'btn-row' },
      exportLink(t('fac.report'), reportUrl(workshopId, facilitatorToken)),
      exportLink(t('fac.exportCsv'), `/api/workshops/${id}/export.csv`, `wheelhouse-${workshopId}.csv`, 'csv'),
      exportLink(t('fac.exportCsvExcel'), `/api/workshops/${id}/export.csv?sep=semicolon`, `wheelhouse-${workshopId}-excel.csv`, 'csv-semicolon'),
      exportLink(t('fac.exportJson'), `/api/workshops/${id}/export.json`, `wheelhouse-${workshopId}.json`, 'json')),
    h('h3', { text: t('fac.afterwards') }),
    h('p', { class: 'help', text: t('fac.rerunHelp') }),
    h('div', { class: 'btn-row' },
      h('a', { class: 'btn btn-small', href: `/facilitator.html?rerun=${id}`, data: { consoleRerun: '' }, text: t('fac.rerun') }),
      h('a', { class: 'btn btn-small btn-quiet', href: '/facilitator.html', text: t('fac.mine') })));

  fill(ui.console, head, h('div', { class: 'console-grid' },
    h('div', { class: 'col' }, rounds, ideas),
    h('div', { class: 'col' }, board, people),
    h('div', { class: 'col' }, results, actions, exports, proxy)));
  proxyState.key = '';
}

const CONFIRM_MS = 4000;
function roundAction(round, action, button) {
  if (action === 'reset' && button.dataset.confirm !== 'yes') {
    // Two steps for the destructive one, without a modal dialog.
    button.dataset.confirm = 'yes';
    button.textContent = t('fac.confirmReset');
    button.removeAttribute('aria-label');
    setTimeout(() => {
      button.dataset.confirm = '';
      button.textContent = t('fac.action.reset');
      button.setAttribute('aria-label', `${t('fac.action.reset')}: ${t(`round.${round}.name`)}`);
    }, CONFIRM_MS);
    return;
  }
  button.dataset.confirm = '';
  button.textContent = t(`fac.action.${action}`);
  send({ type: `${action}Round`, round });
  if (!parts.rounds || !$('[data-auto-focus]')?.checked) return;
  if (action === 'open') setFocus({ screen: 'round' });
  if (action === 'reveal') setFocus({ screen: 'results', view: round === 'ideas' ? 'ideas' : round === 'dots' || round === 'points' ? 'dots' : 'wheel' });
}

function stepIntro(delta) {
  const focus = conn?.store.state.focus || {};
  const ids = fw.dimensions.map((d) => d.id);
  let i = focus.screen === 'intro' && focus.dimension ? ids.indexOf(focus.dimension) : -1;
  if (focus.screen === 'intro' && focus.competence) i = ids.indexOf(fw.byId.get(focus.competence)?.dim.id);
  const next = i + delta;
  if (next < 0) return setFocus({ screen: 'intro' });
  setFocus({ screen: 'intro', dimension: ids[Math.min(next, ids.length - 1)] });
}

function describeFocus(focus) {
  if (!focus) return '';
  if (focus.screen === 'intro') {
    if (focus.caseID) return t('fac.now.case', { title: pick(fw.cases.find((c) => c.id === focus.caseID)?.title) });
    if (focus.competence) return t('fac.now.competence', { title: pick(fw.byId.get(focus.competence)?.title) });
    if (focus.dimension) return t('fac.now.dimension', { title: pick(fw.dimById.get(focus.dimension)?.title) });
    return t('fac.now.wheel');
  }
  if (focus.screen === 'results') return t('fac.now.results', { view: t(`view.${focus.view || 'wheel'}.title`) });
  return t(`fac.now.${focus.screen}`);
}

function update() {
  if (!conn?.store.workshop || !parts.rounds) return;
  const st = conn.store.state;
  const total = st.participants ?? 0;
  for (const round of ROUNDS) {
    const { phase, answered, buttons } = parts.rounds[round];
    const p = st.rounds?.[round] || 'idle';
    phase.dataset.phase = p;
    phase.textContent = t(`phase.${p}`);
    answered.textContent = round === st.activeRound ? `${t('fac.active')} · ${t('fac.answered', { n: st.answered?.[round] ?? 0, total })}` : t('fac.answered', { n: st.answered?.[round] ?? 0, total });
    const next = { idle: 'open', open: 'reveal', closed: 'reveal' }[p];
    for (const [action, el] of Object.entries(buttons)) {
      if (action !== 'reset') el.classList.toggle('btn-primary', action === next);
    }
    buttons.open.disabled = p === 'open';
    buttons.close.disabled = p !== 'open';
    buttons.reveal.disabled = !(p === 'open' || p === 'closed');
    buttons.reset.disabled = p === 'idle' && !(st.answered?.[round]);
  }
  parts.focusNow.textContent = t('fac.now', { what: describeFocus(st.focus) });
  for (const el of $$('[data-focus], [data-focus-view], [data-focus-dimension]', ui.console)) {
    const f = st.focus || {};
    const on = (el.dataset.focus && el.dataset.focus === f.screen && !f.dimension && !f.competence && !f.caseID && el.dataset.focus !== 'results')
      || (el.dataset.focusView && f.screen === 'results' && (f.view || 'wheel') === el.dataset.focusView)
      || (el.dataset.focusDimension && f.screen === 'intro' && f.dimension === el.dataset.focusDimension);
    el.setAttribute('aria-pressed', on ? 'true' : 'false');
  }

  // People (names only ever as text)
  const people = st.people || [];
  parts.peopleCount.textContent = `${t('fac.peopleCount', { n: people.length })} · ${t('fac.anonCount', { n: people.filter((p) => !p.name).length })}`;
  fill(parts.people, people.map((p) => h('li', { data: { person: p.id } },
    p.name ? h('span', { text: p.name }) : h('span', { class: 'muted', text: t('fac.anonymous') }),
    p.proxy ? h('span', { class: 'chip', text: t('fac.proxyTag') }) : null)));

  // Ideas awaiting moderation
  const ideas = st.ideas || [];
  const pending = ideas.filter((i) => i.status === 'pending');
  fill(parts.ideas, pending.length ? pending.map((idea) => h('li', { class: 'idea-item', data: { idea: idea.id } },
    h('p', { class: 'idea-text', text: idea.text }),
    idea.competence && fw.byId.get(idea.competence) ? h('p', { class: 'help', text: pick(fw.byId.get(idea.competence).title) }) : null,
    h('div', { class: 'btn-row' },
      h('button', { type: 'button', class: 'btn btn-small btn-primary', data: { approve: idea.id }, text: t('fac.approve'), on: { click: () => send({ type: 'moderateIdea', idea: idea.id, approve: true }) } }),
      h('button', { type: 'button', class: 'btn btn-small', data: { reject: idea.id }, text: t('fac.reject'), on: { click: () => send({ type: 'moderateIdea', idea: idea.id, approve: false }) } }))))
    : h('li', { class: 'help', text: t('fac.noPending') }));
  fill(parts.ideasDone, ideas.filter((i) => i.status !== 'pending').map((idea) => h('li', { class: 'idea-item', data: { idea: idea.id, status: idea.status } },
    h('p', { class: 'idea-text', text: idea.text }),
    h('div', { class: 'btn-row' }, h('span', { class: 'chip', data: { status: idea.status === 'approved' ? 'saved' : 'error' }, text: t(`fac.idea.${idea.status}`) }),
      h('button', { type: 'button', class: 'btn btn-small', text: idea.status === 'approved' ? t('fac.reject') : t('fac.approve'),
        on: { click: () => send({ type: 'moderateIdea', idea: idea.id, approve: idea.status !== 'approved' }) } })))));

  renderMiniResults(st);
  renderActions(st);
  renderProxy(st);
}

// MARK: action plan

const STATUSES = ['planned', 'doing', 'done'];

function actionForm() {
  const competence = h('select', { class: 'input', id: 'action-competence', data: { actionCompetence: '' } });
  const inspiration = h('select', { class: 'input', id: 'action-inspiration', data: { actionInspiration: '' } });
  const what = h('textarea', { class: 'input', id: 'action-what', rows: 2, maxlength: 280, required: true, data: { actionWhat: '' } });
  const owner = h('input', { class: 'input', id: 'action-owner', maxlength: 80, data: { actionOwner: '' } });
  const due = h('input', { class: 'input', id: 'action-due', type: 'date', data: { actionDue: '' } });
  const fillInspiration = () => {
    const options = fw.inspiration.filter((i) => i.competence === competence.value);
    fill(inspiration, h('option', { value: '', text: t('fac.noInspiration') }),
      options.map((i) => h('option', { value: i.id, text: pick(i.title) })));
    inspiration.disabled = !options.length;
  };
  competence.addEventListener('change', () => { competence.dataset.touched = 'yes'; fillInspiration(); });
  inspiration.addEventListener('change', () => {
    const chosen = fw.inspiration.find((i) => i.id === inspiration.value);
    if (chosen && !what.value.trim()) what.value = pick(chosen.title);
  });
  parts.actionCompetence = competence;
  parts.fillInspiration = fillInspiration;
  return h('form', { class: 'action-form stack', data: { actionForm: '' }, on: { submit: (event) => {
    event.preventDefault();
    if (!what.value.trim()) { what.focus(); return; }
    const action = { id: `a${randomString(11)}`, competence: competence.value, what: what.value.trim(), status: 'planned' };
    if (owner.value.trim()) action.owner = owner.value.trim();
    if (due.value) action.due = due.value;
    if (inspiration.value) action.inspiration = inspiration.value;
    send({ type: 'saveAction', action });
    what.value = ''; owner.value = ''; due.value = ''; inspiration.value = '';
  } } },
  h('h3', { text: t('fac.actionNew') }),
  h('div', { class: 'field' }, h('label', { for: 'action-competence', text: t('fac.competence') }), competence),
  h('div', { class: 'field' }, h('label', { for: 'action-inspiration', text: t('fac.actionInspiration') }), inspiration),
  h('div', { class: 'field' }, h('label', { for: 'action-what', text: t('fac.actionWhat') }), what),
  h('div', { class: 'two' },
    h('div', { class: 'field' }, h('label', { for: 'action-owner', text: t('fac.actionOwner') }), owner),
    h('div', { class: 'field' }, h('label', { for: 'action-due', text: t('fac.actionDue') }), due)),
  h('button', { type: 'submit', class: 'btn btn-small btn-primary', data: { actionAdd: '' }, text: t('fac.actionAdd') }));
}

function renderActions(st) {
  // The competence list follows the current priority, so the top ones come first.
  const ranked = (st.results?.competences || []).slice().sort((a, b) => a.rank - b.rank).map((r) => r.competence);
  const order = ranked.length ? ranked : fw.competences.map((c) => c.id);
  const select = parts.actionCompetence;
  if (select.dataset.order !== order.join()) {
    const current = select.value;
    select.dataset.order = order.join();
    fill(select, order.map((id, i) => h('option', { value: id, text: `${ranked.length ? `${i + 1}. ` : ''}${pick(fw.byId.get(id)?.title)}` })));
    // Until the facilitator picks one, the top priority is preselected.
    if (current && select.dataset.touched === 'yes') select.value = current;
    parts.fillInspiration();
  }
  const actions = st.actions || [];
  fill(parts.actions, actions.length ? actions.map((action) => {
    const c = fw.byId.get(action.competence);
    const status = h('select', { class: 'input input-small', 'aria-label': t('fac.actionStatus'), data: { actionStatus: action.id } },
      STATUSES.map((s) => h('option', { value: s, text: t(`action.${s}`), selected: s === action.status })));
    status.addEventListener('change', () => send({ type: 'saveAction', action: { ...action, status: status.value } }));
    return h('li', { class: 'action-item', style: { '--dim': c?.dim.colour || '#888' }, data: { action: action.id } },
      h('p', { class: 'eyebrow', text: pick(c?.title) || action.competence }),
      h('p', { class: 'action-what', text: action.what }),
      h('p', { class: 'help', text: [action.owner, action.due && date(action.due)].filter(Boolean).join(' · ') }),
      h('div', { class: 'btn-row' }, status,
        h('button', { type: 'button', class: 'btn btn-small', data: { actionRemove: action.id }, text: t('fac.actionRemove'),
          on: { click: () => send({ type: 'removeAction', action: action.id }) } })));
  }) : h('li', { class: 'help', text: t('fac.noActions') }));
}

function renderMiniResults(st) {
  const rows = (st.results?.competences || []).slice().sort((a, b) => a.rank - b.rank);
  fill(parts.results,
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', text: '#' }), h('th', { scope: 'col', text: t('fac.col.competence') }),
      h('th', { scope: 'col' }, h('abbr', { title: t('board.short.importance'), text: t('fac.col.importance') })),
      h('th', { scope: 'col' }, h('abbr', { title: t('board.short.level'), text: t('fac.col.level') })),
      h('th', { scope: 'col', text: t('board.short.gap') }), h('th', { scope: 'col', text: t('fac.col.dots') }))),
    h('tbody', {}, rows.map((row) => {
      const c = fw.byId.get(row.competence);
      return h('tr', { data: { competence: row.competence, importance: row.importance.mean?.toFixed(2) ?? '', level: row.level.mean?.toFixed(2) ?? '' } },
        h('td', { text: String(row.rank) }),
        h('td', { style: { '--dim': c?.dim.colour || '#888' } }, h('span', { class: 'swatch', 'aria-hidden': 'true' }), pick(c?.title) || row.competence,
          row.disagreement ? h('span', { class: 'split', title: t('fac.split'), text: ' ⚡', 'aria-label': t('fac.split') }) : null),
        h('td', { text: num(row.importance.mean) }), h('td', { text: num(row.level.mean) }),
        h('td', { text: row.gap === null || row.gap === undefined ? '–' : signed(row.gap) }), h('td', { text: String(row.dots) }));
    })));
}

// MARK: proxy votes

const proxyState = { selected: '', key: '', values: {} };

function renderProxy(st) {
  const proxies = (st.people || []).filter((p) => p.proxy);
  const select = parts.proxySelect;
  if (!proxies.find((p) => p.id === proxyState.selected)) proxyState.selected = proxies[0]?.id || '';
  const options = proxies.map((p) => p.id + (p.name || '')).join();
  if (select.dataset.options !== options) {
    select.dataset.options = options;
    fill(select, proxies.length ? proxies.map((p) => h('option', { value: p.id, text: p.name || t('fac.anonymous') })) : h('option', { value: '', text: t('fac.noProxies') }));
  }
  select.value = proxyState.selected;
  select.disabled = !proxies.length;
  const round = st.activeRound;
  const open = round && st.rounds?.[round] === 'open';
  const key = [proxyState.selected, round, open, conn.store.workshop.settings.dotsPerParticipant].join('|');
  if (key === proxyState.key) return;
  proxyState.key = key;
  if (!proxyState.selected) return fill(parts.proxyVotes);
  if (!open) return fill(parts.proxyVotes, h('p', { class: 'help', text: t('fac.proxyNoRound') }));
  const participant = proxyState.selected;
  const mine = (proxyState.values[participant] ||= {});
  const vote = (v) => send({ type: 'proxyVote', participant, vote: v });
  const title = h('p', { class: 'help', text: t('fac.proxyRound', { round: t(`round.${round}.name`) }) });
  if (round === 'importance' || round === 'level') {
    return fill(parts.proxyVotes, title, h('div', { class: 'proxy-grid' }, fw.competences.map((c) => {
      const id = `proxy-${round}-${c.id}`;
      const select = h('select', { class: 'input input-small', id, data: { proxyRate: c.id } },
        h('option', { value: '', text: '–' }),
        [1, 2, 3, 4, 5].map((v) => h('option', { value: String(v), text: String(v) })),
        h('option', { value: '0', text: t('scale.dontKnow') }));
      select.value = mine[`${round}:${c.id}`] ?? '';
      select.addEventListener('change', () => {
        if (select.value === '') return;
        mine[`${round}:${c.id}`] = select.value;
        vote({ type: 'rate', round, competence: c.id, value: Number(select.value) });
      });
      return [h('label', { for: id, text: pick(c.title) }), select];
    })));
  }
  if (round === 'dots') {
    const max = conn.store.workshop.settings.maxDotsPerCompetence;
    return fill(parts.proxyVotes, title, h('div', { class: 'proxy-grid' }, fw.competences.map((c) => {
      const id = `proxy-dots-${c.id}`;
      const input = h('input', { class: 'input input-small', type: 'number', min: 0, max, id, value: mine[`dots:${c.id}`] ?? 0, data: { proxyDots: c.id } });
      input.addEventListener('change', () => {
        mine[`dots:${c.id}`] = input.value;
        vote({ type: 'setDots', competence: c.id, count: Number(input.value) || 0 });
      });
      return [h('label', { for: id, text: pick(c.title) }), input];
    })));
  }
  if (round === 'points') {
    const sum = h('p', { class: 'help' });
    const inputs = fw.competences.map((c) => h('input', { class: 'input input-small', type: 'number', min: 0, max: 100, step: 5, id: `proxy-points-${c.id}`, value: mine[`points:${c.id}`] ?? 0, data: { competence: c.id } }));
    const sendButton = h('button', { type: 'button', class: 'btn btn-small btn-primary', text: t('points.send') });
    const total = () => inputs.reduce((a, el) => a + (Number(el.value) || 0), 0);
    const paint = () => { sum.textContent = t('points.sum', { sum: total(), total: 100 }); sendButton.disabled = total() !== 100; };
    for (const el of inputs) el.addEventListener('input', () => { mine[`points:${el.dataset.competence}`] = el.value; paint(); });
    sendButton.addEventListener('click', () => {
      const points = {};
      for (const el of inputs) if (Number(el.value) > 0) points[el.dataset.competence] = Number(el.value);
      vote({ type: 'allocatePoints', points });
    });
    fill(parts.proxyVotes, title, h('div', { class: 'proxy-grid' }, fw.competences.map((c, i) => [h('label', { for: inputs[i].id, text: pick(c.title) }), inputs[i]])), sum, sendButton);
    return paint();
  }
  const text = h('textarea', { class: 'input', id: 'proxy-idea', rows: 3, maxlength: 280 });
  const submit = h('button', { type: 'button', class: 'btn btn-small btn-primary', text: t('ideas.send'),
    on: { click: () => { if (text.value.trim()) { vote({ type: 'submitIdea', text: text.value.trim() }); text.value = ''; } } } });
  return fill(parts.proxyVotes, title, h('label', { for: 'proxy-idea', text: t('ideas.label') }), text, submit);
}

main();
