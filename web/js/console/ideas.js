// The ideas: the ones awaiting moderation, and the decided ones (a decision can be turned).

import { fill, h } from '../dom.js';
import { pick, t } from '../i18n.js';
import { panel } from './panel.js';

export function ideasPanel(room) {
  const pending = h('ul', { class: 'idea-queue', data: { ideaQueue: '' } });
  const done = h('ul', { class: 'idea-queue done', data: { ideasDone: '' } });
  const moderate = (idea, approve) => room.send({ type: 'moderateIdea', idea: idea.id, approve });
  const update = (st) => {
    const ideas = st.ideas || [];
    const waiting = ideas.filter((i) => i.status === 'pending');
    fill(pending, waiting.length ? waiting.map((idea) => {
      const c = idea.competence && room.fw.byId.get(idea.competence);
      return h('li', { class: 'idea-item', data: { idea: idea.id } },
        h('p', { class: 'idea-text', text: idea.text }),
        c ? h('p', { class: 'help', text: pick(c.title) }) : null,
        h('div', { class: 'btn-row' },
          h('button', { type: 'button', class: 'btn btn-small btn-primary', data: { approve: idea.id }, text: t('fac.approve'), on: { click: () => moderate(idea, true) } }),
          h('button', { type: 'button', class: 'btn btn-small', data: { reject: idea.id }, text: t('fac.reject'), on: { click: () => moderate(idea, false) } })));
    }) : h('li', { class: 'help', text: t('fac.noPending') }));
    fill(done, ideas.filter((i) => i.status !== 'pending').map((idea) => h('li', { class: 'idea-item', data: { idea: idea.id, status: idea.status } },
      h('p', { class: 'idea-text', text: idea.text }),
      h('div', { class: 'btn-row' }, h('span', { class: 'chip', data: { status: idea.status === 'approved' ? 'saved' : 'error' }, text: t(`fac.idea.${idea.status}`) }),
        h('button', { type: 'button', class: 'btn btn-small', text: idea.status === 'approved' ? t('fac.reject') : t('fac.approve'),
          on: { click: () => moderate(idea, idea.status !== 'approved') } })))));
  };
  return { el: panel(t('fac.ideas'), pending, h('details', {}, h('summary', { text: t('fac.ideasDone') }), done)), update };
}
