// The introduction: the wheel, a dimension, a competence, a case.

import { h } from '../dom.js';
import { pick, t } from '../i18n.js';
import { createWheel } from '../wheel.js';

export function overviewScreen({ fw }) {
  const holder = h('div', { class: 'wheel-holder' });
  const el = h('section', { class: 'intro intro-overview', data: { screen: 'intro' } },
    holder,
    h('aside', { class: 'side' },
      h('p', { class: 'eyebrow', text: t('intro.eyebrow') }),
      h('h2', { class: 'side-title', text: t('intro.wheelTitle') }),
      h('p', { class: 'side-text', text: t('intro.wheelText') }),
      h('ul', { class: 'dim-list' }, fw.dimensions.map((d) => h('li', { style: { '--dim': d.colour } },
        h('strong', { text: pick(d.title) }), h('span', { text: ` · ${t('intro.competences', { n: d.competences.length })}` })))),
      fw.underlying.length ? h('div', { class: 'underlying' },
        h('h3', { text: t('intro.underlying') }),
        h('p', { text: fw.underlying.map((u) => pick(u.title)).join(' · ') })) : null));
  createWheel(holder, fw, { title: t('intro.wheelTitle') });
  return { el };
}

export function dimensionScreen(ctx, id) {
  const { fw } = ctx;
  const dim = fw.dimById.get(id);
  if (!dim) return overviewScreen(ctx);
  const el = h('section', { class: 'intro intro-dimension', style: { '--dim': dim.colour }, data: { screen: 'intro', dimension: id } },
    h('header', { class: 'dim-head' },
      h('p', { class: 'eyebrow', text: t('intro.dimension', { i: fw.dimensions.indexOf(dim) + 1, n: fw.dimensions.length }) }),
      h('h2', { text: pick(dim.title) }),
      dim.description ? h('p', { class: 'dim-desc', text: pick(dim.description) }) : null),
    h('div', { class: 'comp-grid', style: { '--cols': Math.min(4, dim.competences.length) } },
      dim.competences.map((c) => h('article', { class: 'comp-card', data: { competence: c.id } },
        h('h3', { text: pick(c.title) }),
        h('p', { text: pick(c.description) }),
        c.examples?.length ? h('div', { class: 'examples' }, h('p', { class: 'examples-label', text: t('intro.examples') }),
          h('ul', {}, c.examples.slice(0, 3).map((e) => h('li', { text: pick(e) })))) : null))));
  // Text on a projector must stay large: drop examples that do not fit rather than shrink the type.
  const fitCards = () => {
    for (const card of el.querySelectorAll('.comp-card')) {
      let items = card.querySelectorAll('.examples li');
      while (card.scrollHeight > card.clientHeight + 1 && items.length) {
        items[items.length - 1].remove();
        items = card.querySelectorAll('.examples li');
      }
      if (!items.length) card.querySelector('.examples')?.remove();
    }
  };
  return { el, update: () => requestAnimationFrame(fitCards) };
}

export function competenceScreen(ctx, id) {
  const { fw } = ctx;
  const c = fw.byId.get(id);
  if (!c) return overviewScreen(ctx);
  const ideas = fw.inspiration.filter((i) => i.competence === id);
  const el = h('section', { class: 'intro intro-competence', style: { '--dim': c.dim.colour }, data: { screen: 'intro', competence: id } },
    h('header', { class: 'dim-head' },
      h('p', { class: 'eyebrow', text: pick(c.dim.title) }),
      h('h2', { text: pick(c.title) }),
      h('p', { class: 'dim-desc', text: pick(c.description) })),
    h('div', { class: 'two-col' },
      c.examples?.length ? h('div', {}, h('h3', { text: t('intro.examples') }), h('ul', { class: 'big-list' }, c.examples.map((e) => h('li', { text: pick(e) })))) : null,
      ideas.length ? h('div', {}, h('h3', { text: t('intro.inspiration') }), h('ul', { class: 'big-list' }, ideas.map((i) => h('li', {},
        h('strong', { text: pick(i.title) }), i.description ? h('span', { text: ` – ${pick(i.description)}` }) : null)))) : null));
  return { el };
}

export function caseScreen(ctx, id) {
  const { fw } = ctx;
  const found = fw.cases.find((c) => c.id === id);
  if (!found) return overviewScreen(ctx);
  const el = h('section', { class: 'intro intro-case', data: { screen: 'intro', case: id } },
    h('p', { class: 'eyebrow', text: t('intro.case') }),
    h('h2', { text: pick(found.title) }),
    h('p', { class: 'case-story', text: pick(found.story) }),
    h('div', { class: 'case-foot' },
      h('p', { class: 'case-prompt', text: t('intro.casePrompt') }),
      h('ul', { class: 'chips' }, found.competences.map((cid) => fw.byId.get(cid)).filter(Boolean).map((c) =>
        h('li', { class: 'chip-dim', style: { '--dim': c.dim.colour }, text: pick(c.title) })))));
  return { el };
}
