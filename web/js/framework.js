// The workshop's wheel (GET /api/workshops/{id}/wheel), indexed for the pages.

import { api } from './api.js';

export const ROUNDS = ['importance', 'level', 'dots', 'points', 'ideas'];
export const RATING_ROUNDS = ['importance', 'level'];

/** Colours for dimensions whose plugin gives none (calm, AA-contrast against white text at large sizes). */
const FALLBACK_COLOURS = ['#2F6FD6', '#8A4FD8', '#C2571A', '#2A8A4A', '#B83A6E', '#1C8A90', '#7A6A0A'];

export function index(framework) {
  const competences = [];
  const byId = new Map();
  const dimById = new Map();
  framework.dimensions.forEach((dimension, i) => {
    const colour = dimension.color || FALLBACK_COLOURS[i % FALLBACK_COLOURS.length];
    const dim = { ...dimension, colour };
    dimById.set(dim.id, dim);
    for (const competence of dimension.competences) {
      const entry = { ...competence, dim };
      competences.push(entry);
      byId.set(competence.id, entry);
    }
  });
  return {
    raw: framework,
    dimensions: [...dimById.values()],
    competences,
    byId,
    dimById,
    cases: framework.cases || [],
    inspiration: framework.inspiration || [],
    underlying: framework.underlying || [],
    roleProfiles: framework.roleProfiles || [],
  };
}

export async function loadWheel(workshopId) {
  return index(await api.wheel(workshopId));
}

/** The tally row of a competence, if results carry one. */
export function tallyOf(results, competenceId) {
  return results?.competences?.find((row) => row.competence === competenceId) || null;
}
