// Creating a workshop: the title, the plugins (with a live preview of the wheel), the
// settings and an optional role profile.

import { $, $$, fill, h } from '../dom.js';
import { errorText, i18n, pick, t } from '../i18n.js';
import { api } from '../api.js';
import { LIMITS } from '../contract.js';
import { index } from '../framework.js';
import { knownWorkshops } from '../known-workshops.js';
import { createWheel } from '../wheel.js';
import { groupsEditor } from './groups-editor.js';

/**
 * Wires the form in `view` (facilitator.html's create view). `opened(id, token)` opens
 * the console of the new workshop; `redrawn()` runs when the language changes.
 */
export async function createForm(view, { opened, redrawn }) {
  const form = $('[data-create-form]');
  const list = $('[data-plugin-list]');
  $('[data-title-input]').maxLength = LIMITS.titleLength;
  let catalog;
  try {
    catalog = (await api.plugins()).plugins;
  } catch {
    fill(list, h('li', { class: 'form-error', text: t('fac.pluginsFailed') }));
    return false;
  }
  let groups = null;
  const preview = wheelPreview(() => groups?.profilesChanged());
  groups = groupsEditor(preview.profiles);
  const renderPlugins = () => {
    const checked = new Set($$('[data-plugin]:checked', list).map((el) => el.value));
    if (!checked.size) checked.add('kl-base');
    // The base wheel first, then the sector plugins.
    const sorted = [...catalog].sort((a, b) => (a.dependencies.length - b.dependencies.length) || a.id.localeCompare(b.id));
    fill(list, sorted.map((plugin) => pluginRow(plugin, checked.has(plugin.id))));
  };
  renderPlugins();
  list.addEventListener('change', preview.schedule);
  i18n.addEventListener('change', () => { if (!view.hidden) { renderPlugins(); preview.schedule(); groups.render(); redrawn(); } });
  $('[data-dots-input]').addEventListener('input', () => {
    const dots = Number($('[data-dots-input]').value) || 1;
    const max = $('[data-maxdots-input]');
    max.max = String(dots);
    if (Number(max.value) > dots) max.value = String(dots);
  });
  form.addEventListener('submit', (event) => create(event, opened, groups));
  $('[data-profile-input]').addEventListener('change', preview.describeProfile);
  preview.schedule();
  return true;
}

function pluginRow(plugin, checked) {
  const failed = plugin.state !== 'loaded';
  const inputId = `plugin-${plugin.id}`;
  return h('li', { class: failed ? 'plugin failed' : 'plugin', data: { pluginRow: plugin.id } },
    h('input', { type: 'checkbox', id: inputId, value: plugin.id, data: { plugin: plugin.id }, checked: checked && !failed, disabled: failed }),
    h('label', { for: inputId },
      h('span', { class: 'plugin-name', text: pick(plugin.name) || plugin.id }),
      h('span', { class: 'plugin-meta', text: [plugin.id, plugin.version && `v${plugin.version}`, plugin.dependencies.length ? t('fac.dependsOn', { ids: plugin.dependencies.join(', ') }) : ''].filter(Boolean).join(' · ') })),
    h('span', { class: 'chip', data: { status: failed ? 'error' : 'saved' }, text: failed ? t('fac.pluginFailed') : t('fac.pluginLoaded') }),
    failed && plugin.errors?.length ? h('ul', { class: 'plugin-errors' }, plugin.errors.slice(0, 3).map((e) => h('li', { text: typeof e === 'string' ? e : [e.file, e.path, e.message || e.rule].filter(Boolean).join(' – ') }))) : null);
}

const chosenPlugins = () => $$('[data-plugin]:checked').map((el) => el.value);

/** The preview of the chosen plugins' wheel, and the role profiles it offers (`profilesChanged()` after each). */
function wheelPreview(profilesChanged) {
  let timer = null;
  let previewData = null;
  const holder = $('[data-preview-wheel]');
  const summary = $('[data-preview-summary]');
  const dims = $('[data-preview-dims]');
  const profile = $('[data-profile-input]');
  /** The chosen role profile's description, under the picker. */
  const describeProfile = () => {
    const chosen = previewData?.roleProfiles.find((p) => p.id === profile.value);
    $('[data-profile-help]').textContent = chosen ? pick(chosen.description) || '' : t('fac.profileHelp');
  };
  const render = async () => {
    const ids = chosenPlugins();
    if (!ids.length) {
      holder.replaceChildren();
      summary.textContent = t('fac.choosePlugin');
      dims.replaceChildren();
      return;
    }
    try {
      previewData = index(await api.preview(ids));
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
    profilesChanged();
  };
  return {
    describeProfile,
    /** The role profiles of the chosen plugins (as far as the preview knows). */
    profiles: () => previewData?.roleProfiles || [],
    schedule: () => { clearTimeout(timer); timer = setTimeout(render, 150); },
  };
}

async function create(event, opened, groups) {
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
  const profile = $('[data-profile-input]').value;
  const minGroupSize = Math.round(Number($('[data-min-group-input]').value));
  if (!(minGroupSize >= 1 && minGroupSize <= 20)) { $('[data-min-group-input]').focus(); return fail(t('fac.minGroupSizeHelp')); }
  const chosenGroups = groups.value();
  const body = {
    title, plugins, language: $('[data-language-input]').value,
    settings: {
      dotsPerParticipant: dots, maxDotsPerCompetence: Math.min(maxDots, dots),
      blindVoting: $('[data-blind-input]').checked,
      minGroupSize,
      ...(chosenGroups.length ? { groups: chosenGroups } : {}),
      ...(profile ? { roleProfile: profile } : {}),
    },
  };
  button.disabled = true;
  let created;
  try {
    created = await api.createWorkshop(body);
  } catch (failure) {
    return fail(errorText(failure.code, failure.text));
  }
  // linkPending: the console shows the facilitator link once, until it is dismissed.
  knownWorkshops.remember(created.id, { token: created.facilitatorToken, title, code: created.joinCode, created: Date.now(), linkPending: true });
  opened(created.id, created.facilitatorToken, { replace: true });
}
