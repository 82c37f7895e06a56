// Who has joined (names only ever as text), proxies marked.

import { fill, h } from '../dom.js';
import { t } from '../i18n.js';
import { panel } from './panel.js';

export function peoplePanel() {
  const count = h('p', { class: 'help', data: { peopleCount: '' } });
  const list = h('ul', { class: 'people-list', data: { people: '' } });
  const update = (st) => {
    const people = st.people || [];
    count.textContent = `${t('fac.peopleCount', { n: people.length })} · ${t('fac.anonCount', { n: people.filter((p) => !p.name).length })}`;
    fill(list, people.map((p) => h('li', { data: { person: p.id } },
      p.name ? h('span', { text: p.name }) : h('span', { class: 'muted', text: t('fac.anonymous') }),
      p.proxy ? h('span', { class: 'chip', text: t('fac.proxyTag') }) : null)));
  };
  return { el: panel(t('fac.people'), count, list), update };
}
