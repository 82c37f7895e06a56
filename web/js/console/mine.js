// "My workshops": the ones whose facilitator token this browser keeps, each read with its
// token; open, report, re-run (a new workshop compared with this one) and delete.

import { $, fill, h } from '../dom.js';
import { date, errorText, t } from '../i18n.js';
import { api } from '../api.js';
import { LIMITS } from '../contract.js';
import { knownWorkshops } from '../known-workshops.js';
import { links } from '../links.js';

/**
 * The list in facilitator.html's create view. `opened(id, token)` opens a console (a new
 * re-run's); `toast(message, kind)` tells what happened. Returns {load, render}.
 */
export function mineList({ opened, toast }) {
  /** id -> {snapshot, status: 'loading'|'ok'|'gone'|'refused'|'error', open: ''|'rerun'|'delete', draft} */
  const mine = new Map();
  const forget = (id) => { knownWorkshops.forget(id); mine.delete(id); };

  /** Loads every known workshop's snapshot with its token, then keeps the list drawn. */
  async function load({ rerun } = {}) {
    const all = knownWorkshops.all();
    for (const id of Object.keys(all)) if (!mine.has(id)) mine.set(id, { status: 'loading', open: '' });
    if (rerun && mine.has(rerun)) mine.get(rerun).open = 'rerun';
    render();
    await Promise.all(Object.entries(all).map(async ([id, info]) => {
      const entry = mine.get(id);
      try {
        const snapshot = await api.workshop(id, info.token);
        entry.snapshot = snapshot;
        entry.status = snapshot.role === 'facilitator' ? 'ok' : 'refused';
        if (entry.status === 'ok') {
          knownWorkshops.remember(id, { title: snapshot.workshop.title, code: snapshot.workshop.joinCode, rerunOf: snapshot.workshop.rerunOf || undefined });
          // The snapshot has no creation date; a workshop this browser did not create gets it
          // once from its export.
          if (!info.created) {
            const exported = await api.exportJSON(id, info.token).catch(() => null);
            const created = exported?.createdAt && Date.parse(exported.createdAt);
            if (created) knownWorkshops.remember(id, { created });
          }
        }
      } catch (error) {
        entry.status = error.status === 404 ? 'gone' : 'error';
      }
      render();
    }));
  }

  function render() {
    const all = knownWorkshops.all();
    const ids = Object.keys(all).filter((id) => mine.has(id))
      .sort((a, b) => (all[b].created || 0) - (all[a].created || 0));
    $('[data-mine]').hidden = !ids.length;
    // Snapshots arrive one by one and redraw the list: keep the focus (and a caret) in place.
    const active = document.activeElement;
    const focusAfter = active?.dataset?.mineFocus;
    const caret = focusAfter && typeof active.selectionStart === 'number' ? [active.selectionStart, active.selectionEnd] : null;
    fill($('[data-mine-list]'), ids.map((id) => item(id, all, mine.get(id))));
    const again = focusAfter && $(`[data-mine-focus="${CSS.escape(focusAfter)}"]`);
    if (again) {
      again.focus();
      if (caret) again.setSelectionRange(...caret);
    }
  }

  /** Opens or closes an item's panel ('rerun' or 'delete') and focuses what is in it. */
  function toggle(id, entry, panel, focus) {
    entry.open = entry.open === panel ? '' : panel;
    render();
    $(`[${focus}="${CSS.escape(id)}"]`)?.focus();
  }

  function item(id, all, entry) {
    const info = all[id];
    const title = info.title || id;
    const st = entry.snapshot?.state;
    const earlier = info.rerunOf && all[info.rerunOf];
    const meta = [
      t('fac.mine.code', { code: info.code || '–' }),
      info.created ? date(new Date(info.created).toISOString()) : null,
      entry.status === 'ok' ? t('fac.peopleCount', { n: st?.participants ?? 0 }) : null,
      entry.status === 'ok' && st?.actions?.length ? t('fac.mine.actions', { n: st.actions.length }) : null,
    ].filter(Boolean).join(' · ');
    const problem = { gone: t('fac.mine.gone'), refused: t('fac.mine.refused'), error: t('fac.mine.error') }[entry.status];
    const usable = entry.status === 'ok' || entry.status === 'loading';
    const el = h('li', { class: 'mine-item', data: { workshop: id, status: entry.status } },
      h('div', { class: 'mine-text' },
        h('a', { class: 'mine-title', href: links.console(id), data: { mineTitle: '' }, text: title }),
        h('p', { class: 'help', data: { mineMeta: '' }, text: meta }),
        info.rerunOf ? h('p', { class: 'help', data: { mineRerunOf: info.rerunOf }, text: t('fac.rerunOf', { title: earlier?.title || info.rerunOf }) }) : null,
        problem ? h('p', { class: 'mine-problem', text: problem }) : null),
      h('div', { class: 'btn-row mine-buttons' },
        usable ? [
          h('a', { class: 'btn btn-small btn-primary', href: links.console(id), data: { mineOpen: id }, text: t('fac.open') }),
          h('a', { class: 'btn btn-small', href: links.report(id, info.token), target: '_blank', rel: 'noopener', data: { mineReport: id }, text: t('fac.report') }),
          h('button', { type: 'button', class: 'btn btn-small', data: { mineRerun: id, mineFocus: `rerun-${id}` }, 'aria-expanded': String(entry.open === 'rerun'), text: t('fac.rerun'),
            on: { click: () => toggle(id, entry, 'rerun', 'data-rerun-title') } }),
        ] : null,
        h('button', { type: 'button', class: 'btn btn-small btn-danger', data: { mineDelete: id, mineFocus: `delete-${id}` },
          text: usable ? t('fac.delete') : t('fac.mine.forget'),
          on: { click: () => { if (usable) toggle(id, entry, 'delete', 'data-delete-confirm'); else { forget(id); render(); } } } })));
    if (entry.open === 'rerun' && usable) el.append(rerunForm(id, title, entry));
    if (entry.open === 'delete' && usable) el.append(deleteConfirm(id, title, info.token, entry));
    return el;
  }

  function rerunForm(id, title, entry) {
    const inputId = `rerun-title-${id}`;
    // What the facilitator typed survives the list being redrawn.
    entry.draft ??= t('fac.rerunTitle', { title }).slice(0, LIMITS.titleLength);
    const input = h('input', { class: 'input', id: inputId, maxlength: LIMITS.titleLength, required: true, data: { rerunTitle: id, mineFocus: `rerun-title-${id}` },
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
        const created = await api.createWorkshop({ title: newTitle, rerunOf: id });
        knownWorkshops.remember(created.id, { token: created.facilitatorToken, title: newTitle, code: created.joinCode, created: Date.now(), rerunOf: id, linkPending: true });
        opened(created.id, created.facilitatorToken, { replace: true });
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
      h('button', { type: 'button', class: 'btn btn-small', text: t('fac.cancel'), on: { click: () => { entry.open = ''; entry.draft = undefined; render(); } } })));
  }

  function deleteConfirm(id, title, token, entry) {
    const yes = h('button', { type: 'button', class: 'btn btn-small btn-danger-solid', data: { deleteConfirm: id }, text: t('fac.deleteForGood') });
    yes.addEventListener('click', async () => {
      yes.disabled = true;
      try {
        await api.deleteWorkshop(id, token).catch((failure) => { if (failure.status !== 404) throw failure; });
        forget(id);
        render();
        toast(t('fac.deleted', { title }));
      } catch {
        yes.disabled = false;
        toast(t('fac.deleteFailed'), 'error');
      }
    });
    return h('div', { class: 'mine-panel mine-confirm', role: 'group', 'aria-label': t('fac.delete'), data: { deletePanel: id } },
      h('p', {}, h('strong', { text: t('fac.deleteQuestion', { title }) }), ' ', t('fac.deleteWarning')),
      h('div', { class: 'btn-row' }, yes,
        h('button', { type: 'button', class: 'btn btn-small', data: { deleteCancel: id }, text: t('fac.cancel'), on: { click: () => { entry.open = ''; render(); } } })));
  }

  return { load, render };
}
