// The screens a phone needs only after its first answers: a round's results after the
// reveal, the action plan, and the ideas round (phone/ideas.js). phone/screens.js loads
// this module when one of them is first due, and in the background soon after joining, so
// the first load up to the first vote stays small (scripts/phone-weight).

import { fill, h } from '../dom.js';
import { num, pick, t } from '../i18n.js';
import { RATING_ROUNDS, tallyOf } from '../framework.js';
import { meanOf, suppressed, tooFew, totalWithheld, valuesWithheld } from '../anonymity.js';
import { planCards } from '../plan.js';
import { dimensionSections } from './answer-screens.js';
import { backingSection } from './ideas.js';
import { nextLine } from './screens.js';

export { ideasScreen } from './ideas.js';

/** The board shows the action plan: so does the phone. */
export function planScreen(ctx) {
  const actions = ctx.state.actions || [];
  ctx.head.title.textContent = t('phone.plan.title');
  ctx.head.meta.textContent = t('phone.plan.count', { n: actions.length });
  return { el: [
    h('header', { class: 'round-head' },
      h('h1', { text: t('actions.title') }),
      h('p', { text: actions.length ? t('actions.planHelp') : t('phone.plan.empty') })),
    actions.length ? planList(ctx) : null] };
}

export function resultsScreen(ctx, round) {
  const { fw, state: { results, ideas } } = ctx;
  ctx.head.title.textContent = t(`round.${round}.name`);
  ctx.head.meta.textContent = t('results.revealed');
  const head = h('header', { class: 'round-head' }, h('h1', { text: t('results.title') }), h('p', { text: t(`results.${round}.help`) }));
  let body;
  if (RATING_ROUNDS.includes(round)) {
    body = dimensionSections(fw, (competence) => {
      const row = tallyOf(results, competence.id);
      const stats = row?.[round] || {};
      const mean = meanOf(stats);
      // Too few answers: the slot says so and carries no number (not even the count).
      const withheld = valuesWithheld(stats);
      const counts = suppressed(stats) ? '' : [t('results.answers', { n: stats.count || 0 }),
        stats.dontKnow ? t('results.dontKnow', { n: stats.dontKnow }) : '',
        stats.notRelevant ? t('results.notRelevant', { n: stats.notRelevant }) : ''].filter(Boolean).join(' · ');
      return h('div', { class: 'result', data: { competence: competence.id, mean: mean === null ? '' : mean.toFixed(2), withheld: withheld ? 'yes' : null } },
        h('p', { class: 'result-title', text: pick(competence.title) }),
        h('div', { class: 'bar', 'aria-hidden': 'true' }, h('span', { style: { width: `${mean ? (mean / 5) * 100 : 0}%` } })),
        h('p', { class: 'result-value' }, h('strong', { class: withheld ? 'result-withheld' : null, text: withheld ? tooFew() : mean === null ? '–' : num(mean) }),
          counts ? ` · ${counts}` : ''),
        row?.mostlyNotRelevant ? h('span', { class: 'tag-not-relevant', data: { mostlyNotRelevant: '' }, text: t('anon.mostlyNotRelevant') }) : null);
    });
  } else if (round === 'dots' || round === 'points') {
    const rows = (results?.competences || []).map((row) => ({ row, c: fw.byId.get(row.competence), withheld: totalWithheld(row, round) })).filter((x) => x.c)
      .sort((a, b) => (a.withheld - b.withheld) || (b.row[round] || 0) - (a.row[round] || 0));
    const max = Math.max(1, ...rows.map((x) => x.row[round] || 0));
    body = h('ol', { class: 'result-list' }, rows.map(({ row, c, withheld }) => h('li', { class: 'result', style: { '--dim': c.dim.colour }, data: { competence: c.id, total: withheld ? null : row[round], withheld: withheld ? 'yes' : null } },
      h('p', { class: 'result-title', text: pick(c.title) }),
      h('div', { class: 'bar', 'aria-hidden': 'true' }, h('span', { style: { width: `${withheld ? 0 : (row[round] / max) * 100}%` } })),
      h('p', { class: 'result-value' }, withheld ? h('strong', { class: 'result-withheld', text: tooFew() })
        : [h('strong', { text: String(row[round]) }), ` ${t(`results.${round}.unit`, { n: row[round] })}`]))));
  } else {
    // After the reveal the approved ideas can still be backed (when backing is on).
    const backing = backingSection(ctx, ctx.store);
    if (backing) return { ...backing, el: [head, backing.el, nextLine(ctx, 'next card'), planSection(ctx)], changed: backing.update };
    const approved = (ideas || []).filter((i) => i.status === 'approved');
    body = approved.length
      ? h('ul', { class: 'idea-list' }, approved.map((idea) => h('li', { class: 'idea' }, h('p', { text: idea.text }),
        idea.competence && fw.byId.get(idea.competence) ? h('p', { class: 'help', text: pick(fw.byId.get(idea.competence).title) }) : null)))
      : h('p', { class: 'notice', text: t('results.noIdeas') });
  }
  // The wheel as the board draws it, the figures in words under it.
  return { el: [head, wheelSlot(fw, results, round), body, nextLine(ctx, 'next card'), planSection(ctx)] };
}

/** The team's wheel (phone/results-wheel.js and the wheel's modules load when first needed:
 * the phone's first load stays small, scripts/phone-weight); without it the list suffices. */
function wheelSlot(fw, results, round) {
  if (!RATING_ROUNDS.includes(round) && round !== 'dots' && round !== 'points') return null;
  const slot = h('div', { class: 'wheel-slot' });
  import('./results-wheel.js').then(({ resultsWheel }) => fill(slot, resultsWheel(fw, results, round)), () => {});
  return slot;
}

/** The agreed actions, in the order of the team's priorities. */
const planList = ({ fw, state }) => h('ol', { class: 'plan', data: { phonePlan: '' } }, planCards(state.actions, fw, state.results, 'phone'));

/** Below the waiting and result screens, once the team has agreed on something. */
export function planSection(ctx) {
  if (!ctx.state.actions?.length) return null;
  return h('section', { class: 'plan-section', data: { planSection: '' } },
    h('h2', { class: 'section-title', text: t('actions.title') }),
    planList(ctx));
}
