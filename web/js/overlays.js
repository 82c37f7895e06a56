// The extra layers the facilitator may put on the wheel and the matrix (`focus.overlays`,
// at most 3): the role profile's expected level, the earlier run of a re-run, one group's
// figures. Each layer has a look of its own that does not rest on colour alone (a dash
// pattern and a marker shape), the same on the board, in the legend and in downloaded
// files (the looks are SVG attributes, not CSS, so a saved SVG keeps them).
// A withheld figure stays withheld: a layer has a value only where the board has the
// figures it is made of (the earlier run: today's mean and its change).

import { s } from './dom.js';
import { pick, t } from './i18n.js';
import { tallyOf } from './framework.js';
import { groupUnderMinimum, meanOf, valuesWithheld } from './anonymity.js';
import { lineLook, markerLook, markerPath } from './wheel/marks.js';

export const MAX_OVERLAYS = 3;

/** Stroke, dash pattern and marker of each layer; groups take the looks in turn. */
const LOOKS = {
  roleProfile: { stroke: '#1a1f27', dash: '10 7', marker: 'diamond' },
  earlier: { stroke: '#4d5560', dash: '2 6', marker: 'circle' },
  group: [
    { stroke: '#6b1d8f', dash: null, marker: 'square' },
    { stroke: '#8a3b00', dash: '14 5 3 5', marker: 'triangle' },
    { stroke: '#005a70', dash: '18 7', marker: 'cross' },
  ],
};

/** The layers a workshop can have: [{key, kind, label}] (what the console offers). */
export function availableOverlays({ profile, rerun, groups }) {
  return [
    ...(profile ? [{ key: 'roleProfile', kind: 'roleProfile', label: t('overlay.roleProfile', { profile: pick(profile.title) }) }] : []),
    ...(rerun ? [{ key: 'earlier', kind: 'earlier', label: t('overlay.earlier') }] : []),
    ...(groups || []).map((g) => ({ key: `group:${g.id}`, kind: 'group', group: g.id, label: t('overlay.group', { name: pick(g.name) }) })),
  ];
}

/**
 * The layers to draw: the keys of `focus.overlays` this workshop has, in their order, each
 * with its look; without `overlays` in the focus, the role profile and the earlier run
 * (what the board always showed).
 */
export function chosenOverlays(focus, workshop) {
  const offered = availableOverlays(workshop);
  const keys = Array.isArray(focus?.overlays) ? focus.overlays : offered.filter((o) => o.kind !== 'group').map((o) => o.key);
  let groupIndex = 0;
  return keys.map((key) => offered.find((o) => o.key === key)).filter(Boolean).slice(0, MAX_OVERLAYS)
    .map((o) => ({ ...o, look: o.kind === 'group' ? LOOKS.group[groupIndex++ % LOOKS.group.length] : LOOKS[o.kind] }));
}

/**
 * One layer's figures for a competence: {imp, lev} (means 1-5, null when unknown or
 * withheld) and `withheld` when the board holds the figure back. `row` is the team's
 * tally row, `results` the results (for the groups), `profile` the role profile.
 */
export function overlayFigures(layer, competenceId, { row, results, profile }) {
  if (layer.kind === 'roleProfile') {
    const lev = row?.expectedLevel ?? profile?.levels?.[competenceId] ?? null;
    return { imp: null, lev, withheld: false };
  }
  if (layer.kind === 'earlier') {
    // Earlier = today's mean − the change; both must be there (a withheld mean has no earlier value here).
    const ch = row?.change || {};
    const before = (stats, delta) => { const m = meanOf(stats); return m !== null && typeof delta === 'number' ? m - delta : null; };
    return { imp: before(row?.importance, ch.importance), lev: before(row?.level, ch.level),
      withheld: valuesWithheld(row?.importance) || valuesWithheld(row?.level) };
  }
  const entry = (results?.groups || []).find((g) => g.group === layer.group);
  if (groupUnderMinimum(entry, results)) return { imp: null, lev: null, withheld: true };
  const groupRow = tallyOf(entry, competenceId);
  return { imp: meanOf(groupRow?.importance), lev: meanOf(groupRow?.level),
    withheld: valuesWithheld(groupRow?.importance) || valuesWithheld(groupRow?.level) };
}

/** A small SVG of the layer's line and marker, for a legend. */
export function overlaySwatch(look) {
  return s('svg', { class: 'overlay-swatch', viewBox: '0 0 44 20', width: '44', height: '20', 'aria-hidden': 'true', focusable: 'false' },
    s('path', { d: 'M2 10H42', ...lineLook(look, 3) }),
    s('path', { d: markerPath(look.marker, 22, 10, 6), ...markerLook(look, 1.5) }));
}
