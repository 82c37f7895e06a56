// The team's ideas on the board: a live wall grouped by competence while the ideas round
// runs, and a ranking by backing (how many participants back each idea) for the results.
// Only approved ideas show; merged duplicates count for the idea they were merged into.

import { fill, h } from '../dom.js';
import { pick, t } from '../i18n.js';
import { fitter } from './fit.js';

const approved = (st) => (st.ideas || []).filter((i) => i.status === 'approved');
/** Most backed first; ties keep the order they were submitted in. */
const byBacking = (ideas) => ideas.map((idea, i) => ({ idea, i }))
  .sort((a, b) => (b.idea.backing || 0) - (a.idea.backing || 0) || a.i - b.i).map((x) => x.idea);

const backingTag = (idea) => h('span', { class: 'idea-backing', data: { backing: idea.backing || 0 }, text: t('board.backers', { n: idea.backing || 0 }) });

function ideaCard(ctx, idea, rank = null) {
  const c = idea.competence && ctx.fw.byId.get(idea.competence);
  return h('li', { class: 'idea-card', style: { '--dim': c ? c.dim.colour : 'var(--accent)' }, data: { idea: idea.id, backing: idea.backing || 0, rank } },
    h('p', { class: 'idea-text' }, rank ? h('span', { class: 'idea-rank', text: `${rank}.` }) : null, rank ? ' ' : null, idea.text),
    h('p', { class: 'idea-meta' }, backingTag(idea), c && rank ? h('span', { class: 'idea-tag', text: pick(c.title) }) : null));
}

/** Repaints `list` only when the ideas changed (every vote updates the state). */
function painter(list, paint) {
  const refit = fitter(list);
  let signature = null;
  return (ideas) => {
    const next = JSON.stringify(ideas) + list.clientWidth;
    if (next === signature) return refit();
    signature = next;
    paint(ideas);
    refit(true);
  };
}

/** The live wall: approved ideas under their competence (in the wheel's order), most backed first. */
export function ideaWall(ctx) {
  const list = h('ul', { class: 'idea-wall idea-groups', data: { ideaWall: '' } });
  const paint = painter(list, (ideas) => {
    if (!ideas.length) { fill(list, h('li', { class: 'empty', text: t('board.noIdeasYet') })); return; }
    const groups = [...ctx.fw.competences.map((c) => c.id), null].map((id) => ({
      c: id && ctx.fw.byId.get(id),
      ideas: byBacking(ideas.filter((i) => (id === null ? !ctx.fw.byId.get(i.competence) : i.competence === id))),
    })).filter((g) => g.ideas.length);
    fill(list, groups.map((g) => h('li', { class: 'idea-group', style: { '--dim': g.c ? g.c.dim.colour : 'var(--accent)' }, data: { ideaGroup: g.c?.id || '' } },
      h('h3', { class: 'idea-group-title', text: g.c ? pick(g.c.title) : t('board.ideasOther') }),
      h('ul', { class: 'idea-group-list' }, g.ideas.map((idea) => ideaCard(ctx, idea))))));
  });
  return { el: list, update: () => paint(approved(ctx.state())) };
}

/** Ideas ranked by backing (results view `ideas`, and the ideas round after its reveal). */
export function ideaRanking(ctx) {
  const list = h('ol', { class: 'idea-wall idea-ranking', data: { ideaWall: '', ideaRanking: '' } });
  const paint = painter(list, (ideas) => {
    if (!ideas.length) { fill(list, h('li', { class: 'empty', text: t('board.noIdeas') })); return; }
    fill(list, byBacking(ideas).map((idea, i) => ideaCard(ctx, idea, i + 1)));
  });
  return { el: list, update: () => paint(approved(ctx.state())) };
}

/** Results view `ideas`. */
export function ideasView(ctx, body) {
  const ranking = ideaRanking(ctx);
  fill(body, ranking.el);
  return { update: ranking.update };
}
