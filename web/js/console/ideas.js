// The ideas: the ones awaiting moderation; the approved ones, most backed first, each with
// its backing count and a way to merge it into a duplicate; and the rejected and merged
// ones (a rejection can be turned).

import { fill, h } from '../dom.js';
import { pick, t } from '../i18n.js';
import { panel } from './panel.js';

export function ideasPanel(room) {
  const pending = h('ul', { class: 'idea-queue', data: { ideaQueue: '' } });
  const approved = h('ul', { class: 'idea-queue', data: { ideasApproved: '' } });
  const done = h('ul', { class: 'idea-queue done', data: { ideasDone: '' } });
  /** idea id -> the idea chosen to merge it into (survives a redraw). */
  const chosen = new Map();
  let drawn = '';

  const button = (key, text, message, cls = 'btn btn-small') => room.commands.bind(
    h('button', { type: 'button', class: cls, text, on: { click: () => room.command(key, message) } }), key);
  const moderate = (idea, approve, cls) => {
    const b = button(`idea:${idea.id}:${approve ? 'approve' : 'reject'}`, t(approve ? 'fac.approve' : 'fac.reject'),
      { type: 'moderateIdea', idea: idea.id, approve }, cls);
    b.dataset[approve ? 'approve' : 'reject'] = idea.id;
    return b;
  };
  const competence = (idea) => {
    const c = idea.competence && room.fw.byId.get(idea.competence);
    return c ? h('p', { class: 'help', text: pick(c.title) }) : null;
  };

  const mergeControls = (idea, others) => {
    if (!others.length) return null;
    const id = `merge-${idea.id}`;
    const select = h('select', { class: 'input input-small', id, data: { mergeTarget: idea.id } },
      h('option', { value: '', text: t('fac.mergeChoose') }),
      others.map((o) => h('option', { value: o.id, text: o.text.length > 60 ? `${o.text.slice(0, 59)}…` : o.text })));
    select.value = others.some((o) => o.id === chosen.get(idea.id)) ? chosen.get(idea.id) : '';
    const key = `idea:${idea.id}:merge`;
    const merge = room.commands.bind(h('button', { type: 'button', class: 'btn btn-small', data: { merge: idea.id }, text: t('fac.merge'),
      on: { click: async () => {
        if (!select.value) { select.focus(); return; }
        if (await room.command(key, { type: 'mergeIdea', idea: idea.id, into: select.value })) room.toast(t('fac.merged'));
      } } }), key);
    select.addEventListener('change', () => chosen.set(idea.id, select.value));
    return h('div', { class: 'merge-row' }, h('label', { for: id, text: t('fac.mergeInto') }), select, merge);
  };

  const update = (st) => {
    const ideas = st.ideas || [];
    // Redraw only when the ideas changed: a redraw would close an open menu.
    const now = JSON.stringify(ideas);
    if (now === drawn) return;
    drawn = now;
    const waiting = ideas.filter((i) => i.status === 'pending');
    fill(pending, waiting.length ? waiting.map((idea) => h('li', { class: 'idea-item', data: { idea: idea.id } },
      h('p', { class: 'idea-text', text: idea.text }),
      competence(idea),
      h('div', { class: 'btn-row' }, moderate(idea, true, 'btn btn-small btn-primary'), moderate(idea, false))))
      : h('li', { class: 'help', text: t('fac.noPending') }));

    const live = ideas.filter((i) => i.status === 'approved').sort((a, b) => (b.backing ?? 0) - (a.backing ?? 0));
    fill(approved, live.length ? live.map((idea) => h('li', { class: 'idea-item', data: { idea: idea.id, status: idea.status, backing: idea.backing ?? 0 } },
      h('div', { class: 'idea-top' },
        h('p', { class: 'idea-text', text: idea.text }),
        h('span', { class: 'chip backing', data: { backingCount: idea.id }, text: t('fac.backing', { n: idea.backing ?? 0 }) })),
      competence(idea),
      h('div', { class: 'btn-row' }, moderate(idea, false)),
      mergeControls(idea, live.filter((o) => o.id !== idea.id))))
      : h('li', { class: 'help', text: t('fac.noApproved') }));

    const byId = new Map(ideas.map((i) => [i.id, i]));
    fill(done, ideas.filter((i) => i.status === 'rejected' || i.status === 'merged').map((idea) => h('li', { class: 'idea-item', data: { idea: idea.id, status: idea.status } },
      h('p', { class: 'idea-text', text: idea.text }),
      idea.status === 'merged'
        ? h('p', { class: 'help', data: { mergedInto: idea.mergedInto || '' }, text: t('fac.mergedInto', { text: byId.get(idea.mergedInto)?.text || '' }) })
        : h('div', { class: 'btn-row' }, h('span', { class: 'chip', data: { status: 'error' }, text: t('fac.idea.rejected') }), moderate(idea, true)))));
  };

  /** After a decision the idea's buttons are gone: the next idea waiting, else the list of approved ones. */
  const refocus = () => pending.querySelector('button') || approved.querySelector('button');
  return {
    el: panel(t('fac.ideas'), pending,
      h('h3', { text: t('fac.ideasApproved') }), approved,
      h('details', {}, h('summary', { text: t('fac.ideasDone') }), done)),
    update,
    refocus,
  };
}
