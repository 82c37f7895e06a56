// Pieces the phone's round and result screens share: a competence's title that opens its
// description, and one section a dimension.

import { h } from '../dom.js';
import { pick } from '../i18n.js';

/** The competence's title as a button that shows and hides its description. */
export function describe(competence) {
  const id = `desc-${competence.id}`;
  const desc = h('div', { class: 'desc', id, hidden: true },
    h('p', { text: pick(competence.description) }),
    competence.examples?.length ? h('ul', { class: 'examples' }, competence.examples.slice(0, 3).map((e) => h('li', { text: pick(e) }))) : null);
  const button = h('button', {
    type: 'button', class: 'item-title', 'aria-expanded': 'false', 'aria-controls': id,
    on: { click: () => { const open = desc.hidden; desc.hidden = !open; button.setAttribute('aria-expanded', String(open)); } },
  }, h('span', { text: pick(competence.title) }), h('span', { class: 'more', 'aria-hidden': 'true', text: 'i' }));
  return { button, desc };
}

/** One section a dimension, `build(competence)` an item each. */
export function dimensionSections(fw, build) {
  return fw.dimensions.map((dim) => h('section', { class: 'dim', style: { '--dim': dim.colour }, data: { dimension: dim.id } },
    h('h2', { class: 'dim-title', text: pick(dim.title) }),
    dim.competences.map((c) => build(fw.byId.get(c.id)))));
}

// Rating rounds (importance, level): 1-5 and "don't know" per competence.
