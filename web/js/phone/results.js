// After a reveal: the team's results of that round.

import { h } from '../dom.js';
import { num, pick, t } from '../i18n.js';
import { RATING_ROUNDS, tallyOf } from '../framework.js';
import { dimensionSections, nextLine, planSection } from './common.js';

export function resultsScreen(ctx, round) {
  const { fw, state: { results, ideas } } = ctx;
  ctx.head.title.textContent = t(`round.${round}.name`);
  ctx.head.meta.textContent = t('results.revealed');
  const head = h('header', { class: 'round-head' }, h('h1', { text: t('results.title') }), h('p', { text: t(`results.${round}.help`) }));
  let body;
  if (RATING_ROUNDS.includes(round)) {
    body = dimensionSections(fw, (competence) => {
      const stats = tallyOf(results, competence.id)?.[round] || {};
      const mean = stats.mean ?? null;
      return h('div', { class: 'result', data: { competence: competence.id, mean: mean === null ? '' : mean.toFixed(2) } },
        h('p', { class: 'result-title', text: pick(competence.title) }),
        h('div', { class: 'bar', 'aria-hidden': 'true' }, h('span', { style: { width: `${mean ? (mean / 5) * 100 : 0}%` } })),
        h('p', { class: 'result-value' }, h('strong', { text: mean === null ? '–' : num(mean) }),
          ` · ${t('results.answers', { n: stats.count || 0 })}${stats.dontKnow ? ` · ${t('results.dontKnow', { n: stats.dontKnow })}` : ''}`));
    });
  } else if (round === 'dots' || round === 'points') {
    const rows = (results?.competences || []).map((row) => ({ row, c: fw.byId.get(row.competence) })).filter((x) => x.c)
      .sort((a, b) => b.row[round] - a.row[round]);
    const max = Math.max(1, ...rows.map((x) => x.row[round]));
    body = h('ol', { class: 'result-list' }, rows.map(({ row, c }) => h('li', { class: 'result', style: { '--dim': c.dim.colour }, data: { competence: c.id, total: row[round] } },
      h('p', { class: 'result-title', text: pick(c.title) }),
      h('div', { class: 'bar', 'aria-hidden': 'true' }, h('span', { style: { width: `${(row[round] / max) * 100}%` } })),
      h('p', { class: 'result-value' }, h('strong', { text: String(row[round]) }), ` ${t(`results.${round}.unit`, { n: row[round] })}`))));
  } else {
    const approved = (ideas || []).filter((i) => i.status === 'approved');
    body = approved.length
      ? h('ul', { class: 'idea-list' }, approved.map((idea) => h('li', { class: 'idea' }, h('p', { text: idea.text }),
        idea.competence && fw.byId.get(idea.competence) ? h('p', { class: 'help', text: pick(fw.byId.get(idea.competence).title) }) : null)))
      : h('p', { class: 'notice', text: t('results.noIdeas') });
  }
  return { el: [head, body, nextLine(ctx, 'next card'), planSection(ctx)] };
}
