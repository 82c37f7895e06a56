// The rows of the board's list views, for their SVG files (export/list-svg.js): the same
// results, order and withheld figures as the board's HTML views (board/ranking.js,
// board/results.js dots, board/tallies.js, board/priority-view.js, board/ideas.js).

import { num, pick, signed, t } from '../i18n.js';
import { tallyOf } from '../framework.js';
import { gapWithheld, tooFew, totalWithheld } from '../anonymity.js';
import { byPriority, priorityWithheld } from '../priority.js';

/** Gap view: importance minus level, largest first, the 1-5 track with the profile's ◇. */
function rankingRows(ctx) {
  const chosen = ctx.profile();
  return ctx.fw.competences.map((c) => ({ c, ...ctx.means(c.id) }))
    .map((r) => ({ ...r, gap: r.imp !== null && r.lev !== null ? r.imp - r.lev : null, expected: r.row?.expectedLevel ?? chosen?.levels?.[r.c.id] ?? null }))
    .sort((a, b) => (b.gap ?? -99) - (a.gap ?? -99) || (b.imp ?? 0) - (a.imp ?? 0))
    .map((r, i) => {
      const withheld = gapWithheld(r.row);
      const track = [
        ...(chosen && r.expected ? [{ at: r.expected, kind: 'exp' }] : []),
        ...(r.lev !== null ? [{ at: r.lev, kind: 'lev' }] : []), ...(r.imp !== null ? [{ at: r.imp, kind: 'imp' }] : [])];
      return {
        rank: i + 1, label: pick(r.c.title), colour: r.c.dim.colour, track, withheld,
        text: withheld ? tooFew() : r.gap === null ? '–' : signed(r.gap),
        data: { competence: r.c.id, gap: withheld || r.gap === null ? '' : r.gap.toFixed(2) },
      };
    });
}

/** Totals of `key` ('dots' or 'points'), most first, withheld last. */
function totalRows(ctx, key) {
  const rows = ctx.fw.competences.map((c) => ({ c, row: tallyOf(ctx.state().results, c.id) }))
    .map(({ c, row }) => ({ c, v: row?.[key] || 0, withheld: totalWithheld(row, key) }))
    .sort((a, b) => (a.withheld - b.withheld) || b.v - a.v);
  const max = Math.max(1, ...rows.map((r) => r.v));
  return rows.map((r, i) => ({
    rank: r.v && !r.withheld ? i + 1 : null, label: pick(r.c.title), colour: r.c.dim.colour, bar: r.withheld ? 0 : r.v / max,
    withheld: r.withheld, text: r.withheld ? tooFew() : t(`board.unit.${key}`, { n: r.v }),
    data: { competence: r.c.id, value: r.withheld ? '' : r.v },
  }));
}

/** The board's dots view shows the points when only they may be seen. */
const dotsKey = (ctx) => (!ctx.visible('dots') && ctx.visible('points') ? 'points' : 'dots');

function priorityRows(ctx) {
  return byPriority(ctx.state().results).filter((r) => ctx.fw.byId.has(r.competence)).map((r) => {
    const c = ctx.fw.byId.get(r.competence);
    const withheld = priorityWithheld(r);
    return {
      rank: withheld ? null : r.rank, label: pick(c.title), colour: c.dim.colour, bar: withheld ? 0 : (r.priority || 0) / 100,
      withheld, text: withheld ? tooFew() : num(r.priority ?? 0, 0),
      data: { competence: c.id, value: withheld ? '' : r.priority ?? 0 },
    };
  });
}

function ideaRows(ctx) {
  const ideas = (ctx.state().ideas || []).filter((i) => i.status === 'approved')
    .map((idea, i) => ({ idea, i })).sort((a, b) => (b.idea.backing || 0) - (a.idea.backing || 0) || a.i - b.i).map((x) => x.idea);
  const max = Math.max(1, ...ideas.map((i) => i.backing || 0));
  return ideas.map((idea, i) => {
    const c = idea.competence && ctx.fw.byId.get(idea.competence);
    return {
      rank: i + 1, label: c ? `${idea.text} (${pick(c.title)})` : idea.text, colour: c ? c.dim.colour : '#1f4e8c',
      bar: (idea.backing || 0) / max, withheld: false, text: t('board.backers', { n: idea.backing || 0 }),
      data: { idea: idea.id, value: idea.backing || 0 },
    };
  });
}

/** The rows of list view `view`, and how many lines a name may take. */
export function listRows(ctx, view) {
  switch (view) {
    case 'ranking': return { rows: rankingRows(ctx) };
    case 'dots': return { rows: totalRows(ctx, dotsKey(ctx)) };
    case 'points': return { rows: totalRows(ctx, 'points') };
    case 'priority': return { rows: priorityRows(ctx) };
    case 'ideas': return { rows: ideaRows(ctx), labelLines: 2 };
    default: return null;
  }
}
