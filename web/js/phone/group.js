// Groups (settings.groups, e.g. SOSU-hjælper, sygeplejerske): after joining, a phone with no
// group is asked once which group it belongs to (or skips); "Skift gruppe" under the screen
// asks again. The choice is a `setGroup` change like any other (acked, kept while offline);
// the server says the current group in `answers.group`.

import { h, storage } from '../dom.js';
import { pick, t } from '../i18n.js';

const askedKey = (workshopId) => `wheelhouse.groupAsked.${workshopId}`;

/** The workshop's groups ([] when it has none). */
export const groupsOf = (workshop) => workshop?.settings?.groups || [];

/**
 * The participant's group id (null for none): a change on its way, else what the server's
 * answers say, else the last the server confirmed (the welcome's, or the ack of a setGroup).
 */
export function currentGroup(conn, saves) {
  const pending = conn.pendingFor('group');
  if (pending) return pending.group ?? null;
  const answers = conn.store.state.answers;
  if (answers && 'group' in answers) return answers.group ?? null;
  return saves.confirmed.group ?? conn.store.you?.group ?? null;
}

/** This phone was asked already (it chose or skipped): the picker does not come back by itself. */
export const groupAsked = (workshop) => Boolean(storage.get(askedKey(workshop.id)));

export const groupName = (workshop, id) => pick(groupsOf(workshop).find((g) => g.id === id)?.name) || id;

/**
 * The picker: a button per group and "Spring over". `done()` runs after a choice (the
 * screens then show what they would have shown).
 */
export function groupScreen(ctx, done) {
  const { workshop, saves } = ctx;
  const current = currentGroup(saves.conn, saves);
  ctx.head.title.textContent = workshop.title;
  ctx.head.meta.textContent = t('group.choose');
  const finish = (message) => {
    storage.set(askedKey(workshop.id), true);
    if (message) saves.submit(message, 'group');
    done();
  };
  const option = (group) => h('button', {
    type: 'button', class: 'btn btn-block', 'aria-pressed': String(group.id === current),
    data: { groupOption: group.id, focusKey: `group:${group.id}` },
    on: { click: () => finish(group.id === current ? null : { type: 'setGroup', group: group.id }) },
  }, pick(group.name) || group.id);
  return { el: [
    h('section', { class: 'card group-picker', data: { groupPicker: '' } },
      h('h1', { text: t('group.title') }),
      h('p', { text: t('group.help') }),
      h('div', { class: 'group-options', role: 'group', 'aria-label': t('group.title') }, groupsOf(workshop).map(option)),
      h('button', { type: 'button', class: 'link', data: { groupSkip: '' }, text: t('group.skip'), on: { click: () => finish(null) } }))] };
}
