// The board's wheel values and matrix points with the overlays the focus names: one place,
// so the projector and the console's downloads (js/export/views.js) draw the same figures.

import { chosenOverlays, overlayFigures } from '../overlays.js';
import { matrixPoint, wheelValue } from '../team-values.js';

/** The overlays the board's focus asks for that this workshop has (overlays.js). */
export const boardLayers = (ctx) => chosenOverlays(ctx.state().focus,
  { profile: ctx.profile(), rerun: ctx.isRerun(), groups: ctx.groups() });

/**
 * {values, anyLevel}: each competence's wheel value (team-values.js wheelValue) with its
 * overlays: a layer's value is the level (importance while no level is known; a role
 * profile's is always a level), 0..1, null when unknown or withheld.
 */
export function wheelValues(ctx, layers) {
  const { fw } = ctx;
  const chosen = ctx.profile();
  const rerun = ctx.isRerun();
  const results = ctx.state().results;
  const anyLevel = fw.competences.some((c) => ctx.means(c.id).lev !== null);
  const values = {};
  for (const c of fw.competences) {
    const { row } = ctx.means(c.id);
    const expected = chosen ? row?.expectedLevel ?? chosen.levels?.[c.id] ?? null : null;
    const value = wheelValue(row, { anyLevel, rerun, expected });
    value.expected = null; // the role profile is a layer of its own (data-expected stays)
    value.layers = {};
    for (const layer of layers) {
      const f = overlayFigures(layer, c.id, { row, results, profile: chosen });
      const v = layer.kind === 'roleProfile' || anyLevel ? f.lev : f.imp;
      value.layers[layer.key] = typeof v === 'number' ? v / 5 : null;
    }
    values[c.id] = value;
  }
  return { values, anyLevel };
}

/** The matrix's points (team-values.js matrixPoint) with each overlay's figures; trails only with the earlier layer. */
export function matrixPoints(ctx, layers) {
  const results = ctx.state().results;
  const trail = layers.some((l) => l.kind === 'earlier');
  return ctx.fw.competences.map((c) => {
    const { row } = ctx.means(c.id);
    const point = matrixPoint(c, row, trail);
    if (!point) return null;
    point.layers = Object.fromEntries(layers.map((layer) => [layer.key, overlayFigures(layer, c.id, { row, results, profile: ctx.profile() })]));
    return point;
  }).filter(Boolean);
}
