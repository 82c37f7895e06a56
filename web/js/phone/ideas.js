// The ideas round on the phone: writing ideas (held for the facilitator's approval), the
// participant's own with their state.

import { fill, h } from '../dom.js';
import { pick, t } from '../i18n.js';
import { Connection } from '../connection.js';
import { LIMITS } from '../contract.js';

export function ideasScreen(ctx, intro) {
  const { fw, saves } = ctx;
  const max = LIMITS.ideaLength;
  ctx.head.meta.textContent = '';
  const area = h('textarea', { id: 'idea-text', class: 'input', rows: 4, maxlength: max, data: { ideaText: '' }, 'aria-describedby': 'idea-count' });
  const counter = h('p', { id: 'idea-count', class: 'help counter', 'aria-live': 'polite', data: { ideaCount: '' } });
  const select = h('select', { id: 'idea-competence', class: 'input', data: { ideaCompetence: '' } },
    h('option', { value: '', text: t('ideas.noCompetence') }),
    fw.dimensions.map((dim) => h('optgroup', { label: pick(dim.title) },
      dim.competences.map((c) => h('option', { value: c.id, text: pick(c.title) })))));
  const button = h('button', { type: 'submit', class: 'btn btn-primary btn-block', text: t('ideas.send'), data: { ideaSend: '' } });
  const list = h('ul', { class: 'idea-list', data: { myIdeas: '' } });
  const count = () => {
    const n = [...area.value].length;
    counter.textContent = t('ideas.count', { n, max });
    button.disabled = area.value.trim().length === 0 || n > max;
  };
  const renderList = () => fill(list, saves.ideas.map((idea) => {
    const { state, text } = saves.ideaState(idea);
    return h('li', { class: 'idea', data: { state } }, h('p', { text: idea.text }),
      h('p', { class: 'item-status', data: { status: state }, text }));
  }));
  area.addEventListener('input', count);
  const form = h('form', { class: 'card stack', on: {
    submit: (event) => {
      event.preventDefault();
      const text = area.value.trim();
      if (!text) return;
      const message = { type: 'submitIdea', text, opId: Connection.opId() };
      if (select.value) message.competence = select.value;
      saves.submitIdea(message);
      area.value = '';
      count();
      renderList();
      area.focus();
    },
  } },
  h('label', { for: 'idea-text', text: t('ideas.label') }), area, counter,
  h('label', { for: 'idea-competence', text: t('ideas.competence') }), select, button);
  count();
  return { el: [intro, form, h('h2', { class: 'section-title', text: t('ideas.mine') }), list], update: renderList, ideas: renderList };
}
