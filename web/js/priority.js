// The combined priority (docs/results.md, "The priority formula"): the server scores every
// competence 0-100 and ranks them (`priority`, `rank` in the results). The report's top 3
// and the board's priority view read it through these, so both list the same order.

/** True when a competence has any answer that feeds its priority. */
export const isRated = (row) => Boolean(row.importance?.count || row.level?.count || row.dots || row.points);

/**
 * A competence whose priority is withheld (fewer answers than the minimum group size): it
 * has no `priority` and no `rank`, and is in no ranking.
 */
export const priorityWithheld = (row) => row.priority === null || row.priority === undefined;

/** The results' competences in priority order (rank 1 first); withheld ones last, in wheel order. */
export const byPriority = (results) => (results?.competences || []).slice()
  .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));

/** The first `n` competences to develop, among those with answers and a priority shown. */
export const topPriorities = (results, n = 3) => byPriority(results).filter((r) => isRated(r) && !priorityWithheld(r)).slice(0, n);
