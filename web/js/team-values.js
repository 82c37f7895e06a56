// The team's results as the wheel and the matrix draw them: shared by the board and the
// printed report, so both show the same numbers the same way.

import { change, num, t } from './i18n.js';
import { meanOf, tooFew, valuesWithheld } from './anonymity.js';

/**
 * A competence's segment on the results wheel: the fill is today's level with importance as
 * a line (while no level is known, the fill is importance); `expected` is a role profile's
 * level (or null); in a re-run (`rerun`) the changes since the earlier run go under the values.
 */
export function wheelValue(row, { anyLevel, rerun, expected = null }) {
  const imp = meanOf(row?.importance);
  const lev = meanOf(row?.level);
  // A withheld mean (fewer answers than the minimum group size) draws nothing and says so.
  const impWithheld = valuesWithheld(row?.importance);
  const levWithheld = anyLevel && valuesWithheld(row?.level);
  const withheld = impWithheld && (levWithheld || !anyLevel) ? 'all' : impWithheld ? 'importance' : levWithheld ? 'level' : null;
  const ch = row?.change || {};
  const sub = rerun && (imp !== null || lev !== null)
    ? (anyLevel ? `${change(ch.importance) || '–'} · ${change(ch.level) || '–'}` : change(ch.importance)) : '';
  const shown = (value, isWithheld) => (isWithheld ? tooFew() : num(value));
  let text = '';
  if (withheld === 'all') text = tooFew();
  else if (imp !== null || lev !== null || withheld) text = anyLevel ? t('board.wheelValue', { imp: shown(imp, impWithheld), lev: shown(lev, levWithheld) }) : num(imp);
  return {
    fill: anyLevel ? (lev ?? 0) / 5 : (imp ?? 0) / 5,
    marker: anyLevel && imp !== null ? imp / 5 : null,
    expected: expected ? expected / 5 : null,
    text,
    sub: withheld === 'all' ? '' : sub,
    withheld: Boolean(withheld),
    data: {
      importance: imp === null ? null : imp.toFixed(2), level: lev === null ? null : lev.toFixed(2),
      withheld, mostlyNotRelevant: row?.mostlyNotRelevant ? 'yes' : null,
      expected,
      changeImportance: typeof ch.importance === 'number' ? ch.importance.toFixed(2) : null,
      changeLevel: typeof ch.level === 'number' ? ch.level.toFixed(2) : null,
    },
  };
}

/**
 * A point of the matrix (drawMatrix), with where it stood in the earlier run when known and
 * `trail` is on; null without both means.
 */
export function matrixPoint(c, row, trail = true) {
  const imp = meanOf(row?.importance);
  const lev = meanOf(row?.level);
  if (!c || imp === null || lev === null) return null;
  const ch = row?.change;
  const from = trail && ch && typeof ch.importance === 'number' && typeof ch.level === 'number' ? { imp: imp - ch.importance, lev: lev - ch.level } : null;
  return { c, imp, lev, from };
}
