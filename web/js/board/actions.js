// The action plan on the projector; before there is one, the top priorities as a prompt.

import { fill, h } from '../dom.js';
import { pick, t } from '../i18n.js';
import { planCards } from '../plan.js';
import { topPriorities } from '../priority.js';
import { meanText, totalText } from '../anonymity.js';
import { fitter } from './fit.js';

export function actionsScreen(ctx) {
  const list = h('ol', { class: 'actions', data: { actions: '' } });
  const sub = h('p', { class: 'results-sub' });
  const el = h('section', { class: 'results', data: { screen: 'actions' } },
    h('header', { class: 'results-head' }, h('h2', { text: t('actions.title') }), sub),
    list);
  const refit = fitter(list);
  return { el, update: () => {
    const st = ctx.state();
    if (st.actions?.length) {
      // The agreed plan, grouped by competence in priority order.
      sub.textContent = t('actions.planHelp');
      fill(list, planCards(st.actions, ctx.fw, st.results, 'board'));
    } else {
      sub.textContent = t('actions.help');
      fill(list, prompts(ctx.fw, st.results));
    }
    refit(true); // a long plan shrinks its cards (.actions > li zooms by --fit)
  } };
}

/** No plan yet: the top three priorities (the report's top 3) with suggestions. */
function prompts(fw, results) {
  const rows = topPriorities(results, 3);
  if (!rows.length) return h('li', { class: 'empty', text: t('board.noResults') });
  return rows.map((row) => {
    const c = fw.byId.get(row.competence);
    if (!c) return null;
    const ideas = fw.inspiration.filter((i) => i.competence === c.id).slice(0, 2);
    return h('li', { class: 'action-card', style: { '--dim': c.dim.colour }, data: { competence: c.id, rank: row.rank } },
      h('p', { class: 'eyebrow', text: `${row.rank}. ${pick(c.dim.title)}` }),
      h('h3', { text: pick(c.title) }),
      h('p', { class: 'action-nums', text: t('actions.numbers', { imp: meanText(row.importance), lev: meanText(row.level), dots: totalText(row, 'dots') }) }),
      ideas.length ? h('ul', {}, ideas.map((i) => h('li', { text: pick(i.title) }))) : null,
      h('p', { class: 'action-prompt', text: t('actions.prompt') }));
  });
}
