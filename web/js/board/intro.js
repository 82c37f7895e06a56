// The introduction: the wheel, a dimension, a competence, a case. Plugin texts vary in
// length, so every screen fits itself to the projector (board/fit.js).

import { h } from '../dom.js';
import { pick, t } from '../i18n.js';
import { createWheel } from '../wheel.js';
import { fitter } from './fit.js';

/** A screen that refits whenever it is updated (cheap when the size did not change). */
const fitted = (el) => ({ el, update: fitter(el) });

export function overviewScreen({ fw }) {
  const holder = h('div', { class: 'wheel-holder' });
  const side = h('aside', { class: 'side intro-side' },
    h('p', { class: 'eyebrow', text: t('intro.eyebrow') }),
    h('h2', { class: 'side-title', text: t('intro.wheelTitle') }),
    h('p', { class: 'side-text', text: t('intro.wheelText') }),
    h('ul', { class: 'dim-list' }, fw.dimensions.map((d) => h('li', { style: { '--dim': d.colour } },
      h('strong', { text: pick(d.title) }), h('span', { text: ` · ${t('intro.competences', { n: d.competences.length })}` })))),
    fw.underlying.length ? h('div', { class: 'underlying', data: { droppable: '' } },
      h('h3', { text: t('intro.underlying') }),
      h('p', { text: fw.underlying.map((u) => pick(u.title)).join(' · ') })) : null);
  const el = h('section', { class: 'intro intro-overview', data: { screen: 'intro' } }, holder, side);
  createWheel(holder, fw, { title: t('intro.wheelTitle') });
  // The wheel scales itself; only the side panel's text needs fitting.
  return { el, update: fitter(side) };
}

export function dimensionScreen(ctx, id) {
  const { fw } = ctx;
  const dim = fw.dimById.get(id);
  if (!dim) return overviewScreen(ctx);
  const n = dim.competences.length;
  // Up to four cards in a row; five or more wrap into two even rows.
  const cols = n <= 4 ? n : Math.ceil(n / 2);
  return fitted(h('section', { class: 'intro intro-dimension', style: { '--dim': dim.colour }, data: { screen: 'intro', dimension: id } },
    h('header', { class: 'dim-head' },
      h('p', { class: 'eyebrow', text: t('intro.dimension', { i: fw.dimensions.indexOf(dim) + 1, n: fw.dimensions.length }) }),
      h('h2', { text: pick(dim.title) }),
      dim.description ? h('p', { class: 'dim-desc', text: pick(dim.description) }) : null),
    h('div', { class: 'comp-grid', style: { '--cols': cols } },
      dim.competences.map((c) => h('article', { class: 'comp-card', data: { competence: c.id } },
        h('h3', { text: pick(c.title) }),
        h('p', { text: pick(c.description) }),
        c.examples?.length ? h('div', { class: 'examples', data: { droppable: '' } }, h('p', { class: 'examples-label', text: t('intro.examples') }),
          h('ul', {}, c.examples.slice(0, 3).map((e) => h('li', { text: pick(e) })))) : null)))));
}

export function competenceScreen(ctx, id) {
  const { fw } = ctx;
  const c = fw.byId.get(id);
  if (!c) return overviewScreen(ctx);
  const ideas = fw.inspiration.filter((i) => i.competence === id);
  // Later examples and inspirations go first when the screen is too full.
  const item = (k, ...children) => h('li', { data: { droppable: k >= 2 ? '' : null } }, ...children);
  return fitted(h('section', { class: 'intro intro-competence', style: { '--dim': c.dim.colour }, data: { screen: 'intro', competence: id } },
    h('header', { class: 'dim-head' },
      h('p', { class: 'eyebrow', text: pick(c.dim.title) }),
      h('h2', { text: pick(c.title) }),
      h('p', { class: 'dim-desc', text: pick(c.description) })),
    h('div', { class: 'two-col' },
      c.examples?.length ? h('div', {}, h('h3', { text: t('intro.examples') }),
        h('ul', { class: 'big-list' }, c.examples.map((e, k) => item(k, pick(e))))) : null,
      ideas.length ? h('div', {}, h('h3', { text: t('intro.inspiration') }), h('ul', { class: 'big-list' }, ideas.map((i, k) => item(k,
        h('strong', { text: pick(i.title) }), i.description ? h('span', { text: ` – ${pick(i.description)}` }) : null)))) : null)));
}

export function caseScreen(ctx, id) {
  const { fw } = ctx;
  const found = fw.cases.find((c) => c.id === id);
  if (!found) return overviewScreen(ctx);
  return fitted(h('section', { class: 'intro intro-case', data: { screen: 'intro', case: id } },
    h('p', { class: 'eyebrow', text: t('intro.case') }),
    h('h2', { text: pick(found.title) }),
    h('p', { class: 'case-story', text: pick(found.story) }),
    h('div', { class: 'case-foot' },
      h('p', { class: 'case-prompt', text: t('intro.casePrompt') }),
      h('ul', { class: 'chips' }, found.competences.map((cid) => fw.byId.get(cid)).filter(Boolean).map((c) =>
        h('li', { class: 'chip-dim', style: { '--dim': c.dim.colour }, text: pick(c.title) }))))));
}
