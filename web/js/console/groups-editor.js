// The create form's groups (settings.groups): groups added by name (Danish, optionally
// English) or taken from the chosen plugins' role profiles, each removable. `value()` is
// what POST /api/workshops takes: {roleProfile} for a profile's group (the server names
// it), {id, name} for the others.

import { $, fill, h } from '../dom.js';
import { pick, t } from '../i18n.js';

export const MAX_GROUPS = 12;

/** A group id from its name: a-z, 0-9 and '-', at most 40 characters ("SOSU-hjælper" -> "sosu-hjaelper"). */
export function groupId(name) {
  return name.toLowerCase()
    .replace(/æ/g, 'ae').replace(/ø/g, 'oe').replace(/å/g, 'aa')
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
    .slice(0, 40).replace(/-+$/, '');
}

/** Wires the editor in the form; `profiles()` gives the chosen plugins' role profiles. */
export function groupsEditor(profiles) {
  const list = $('[data-group-list]');
  const da = $('[data-group-name-da]');
  const en = $('[data-group-name-en]');
  const error = $('[data-group-error]');
  const fromProfiles = $('[data-groups-from-profiles]');
  /** [{id, name: {da, en?}, roleProfile?}] */
  let groups = [];
  const say = (message) => { error.hidden = !message; error.textContent = message || ''; };

  const render = () => {
    fill(list, groups.length ? groups.map((g) => h('li', { class: 'group-item', data: { group: g.id } },
      h('span', { class: 'group-name', text: pick(g.name) || g.id }),
      g.roleProfile ? h('span', { class: 'chip', text: t('fac.groupProfileTag') }) : null,
      h('button', {
        type: 'button', class: 'btn btn-quiet btn-small', data: { groupRemove: g.id },
        'aria-label': t('fac.groupRemove', { name: pick(g.name) || g.id }), text: '×',
        on: { click: () => { groups = groups.filter((x) => x.id !== g.id); say(''); render(); da.focus(); } },
      }))) : h('li', { class: 'help', data: { groupsNone: '' }, text: t('fac.groupsNone') }));
    fromProfiles.hidden = !profiles().length;
  };

  const add = (group) => {
    if (groups.length >= MAX_GROUPS) { say(t('fac.groupsFull', { n: MAX_GROUPS })); return false; }
    if (groups.some((g) => g.id === group.id)) { say(t('fac.groupDuplicate')); return false; }
    groups.push(group);
    return true;
  };

  $('[data-group-add]').addEventListener('click', () => {
    const nameDa = da.value.trim();
    const nameEn = en.value.trim();
    say('');
    if (!nameDa) { say(t('fac.groupNameMissing')); da.focus(); return; }
    const id = groupId(nameDa) || groupId(nameEn) || `gruppe-${groups.length + 1}`;
    if (add({ id, name: nameEn ? { da: nameDa, en: nameEn } : { da: nameDa } })) {
      da.value = '';
      en.value = '';
      da.focus();
    }
    render();
  });
  // Enter in a name field adds the group instead of submitting the whole form.
  for (const input of [da, en]) {
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') { event.preventDefault(); $('[data-group-add]').click(); }
    });
  }
  fromProfiles.addEventListener('click', () => {
    say('');
    for (const p of profiles()) {
      if (groups.some((g) => g.id === p.id || g.roleProfile === p.id)) continue;
      if (!add({ id: p.id, name: p.title, roleProfile: p.id })) break;
    }
    render();
  });
  render();

  return {
    render,
    /** The chosen plugins changed: a role profile's group whose profile is gone goes too. */
    profilesChanged: () => {
      const offered = new Set(profiles().map((p) => p.id));
      groups = groups.filter((g) => !g.roleProfile || offered.has(g.roleProfile));
      render();
    },
    value: () => groups.map((g) => (g.roleProfile ? { roleProfile: g.roleProfile } : { id: g.id, name: g.name })),
  };
}
