// Rating rounds (importance, level): 1-5 and "don't know" per competence.

import { h } from '../dom.js';
import { pick, t } from '../i18n.js';
import { describe, dimensionSections } from './common.js';

export function ratingScreen(ctx, round, intro) {
  const { fw, saves } = ctx;
  const radios = [];
  const meta = () => {
    const done = fw.competences.filter((c) => saves.valueOf(`rate:${round}:${c.id}`) !== undefined).length;
    ctx.head.meta.textContent = t('round.progress', { done, total: fw.competences.length });
  };
  const item = (competence) => {
    const slot = `rate:${round}:${competence.id}`;
    const { button, desc } = describe(competence);
    const name = `r-${round}-${competence.id}`;
    const options = [1, 2, 3, 4, 5, 0].map((value) => {
      const input = h('input', { type: 'radio', name, value: String(value), class: 'sr-only', data: { value } });
      input.addEventListener('change', () => {
        saves.submit({ type: 'rate', round, competence: competence.id, value }, slot);
        meta();
      });
      radios.push({ input, slot, value });
      const text = value === 0 ? t('scale.dontKnow') : String(value);
      const spoken = value === 0 ? t('scale.dontKnow') : t(`scale.${round}.${value}`);
      return h('label', { class: value === 0 ? 'opt opt-dk' : 'opt' }, input,
        h('span', { 'aria-hidden': 'true', text }), h('span', { class: 'sr-only', text: spoken }));
    });
    return h('fieldset', { class: 'item', data: { competence: competence.id } },
      h('legend', { class: 'sr-only', text: pick(competence.title) }),
      button, desc,
      h('div', { class: 'scale', data: { scale: round } }, options),
      saves.statusLine(slot));
  };
  const legend = h('p', { class: 'scale-legend', 'aria-hidden': 'true' },
    h('span', { text: `1 = ${t(`scale.${round}.1`)}` }), h('span', { text: `5 = ${t(`scale.${round}.5`)}` }));
  return {
    el: [intro, legend, dimensionSections(fw, item)],
    update: () => {
      for (const { input, slot, value } of radios) input.checked = saves.valueOf(slot) === value;
      meta();
    },
  };
}
