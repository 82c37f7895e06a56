// What the report's sections share: the competences by id, the section frame and heading.

import { h } from '../dom.js';
import { pick } from '../i18n.js';

/** The report's data with its lookups: {data, fw, plugins, earlier, competence, titleOf, swatch}. */
export function reportContext(report) {
  const competence = (id) => report.fw.byId.get(id);
  return {
    ...report,
    competence,
    titleOf: (id) => pick(competence(id)?.title) || id,
    swatch: (id) => h('span', { class: 'swatch', style: { '--dim': competence(id)?.dim.colour || '#888' }, 'aria-hidden': 'true' }),
  };
}

export const section = (key, ...children) => h('section', { class: `report-section report-${key}`, data: { section: key } }, ...children);
export const heading = (text, help) => [h('h2', { text }), help ? h('p', { class: 'section-help', text: help }) : null];
/** A round was used: opened at some point, or it has answers. */
export const used = (data, round) => data.rounds?.[round] !== 'idle' || (data.results.answered?.[round] ?? 0) > 0;

/** A table in a box that scrolls sideways by itself on a narrow screen, so the page never
 * does; named by its section's heading (`label`) for screen readers. */
export const wide = (label, table) => h('div', { class: 'table-scroll', role: 'region', 'aria-label': label }, table);

/** Boxes that do scroll take keyboard focus (arrow keys scroll them); the others stay out of the Tab order. */
export function focusScrollers(root) {
  for (const box of root.querySelectorAll('.table-scroll')) {
    if (box.scrollWidth > box.clientWidth + 1) box.setAttribute('tabindex', '0');
    else box.removeAttribute('tabindex');
  }
}
