// The minimum group size (docs/results.md): figures from fewer answers than
// `results.minGroupSize` are withheld by the server, and every page says so the same way,
// "for få svar", never with a number. A rating's stats come in three shapes: normal
// ({count, dontKnow, notRelevant, mean, ...}), {suppressed: true} (too few answered at all)
// and {count, dontKnow, notRelevant, valuesSuppressed: true} (too few gave a number).

import { num, t } from './i18n.js';

/** Nothing of this rating may be shown: not even how many answered. */
export const suppressed = (stats) => Boolean(stats?.suppressed);

/** The mean, median, spread and distribution are withheld (the counts may be there). */
export const valuesWithheld = (stats) => Boolean(stats?.suppressed || stats?.valuesSuppressed);

/** The mean when it may be shown, else null (no answers, or withheld). */
export const meanOf = (stats) => (valuesWithheld(stats) ? null : stats?.mean ?? null);

/** A dots or points total that was withheld: the row exists, its figure does not. */
export const totalWithheld = (row, key) => Boolean(row) && (row[key] === null || row[key] === undefined);

/** The gap (importance − level) may not be shown: one of its means is withheld. */
export const gapWithheld = (row) => valuesWithheld(row?.importance) || valuesWithheld(row?.level);

/** The words a withheld slot shows instead of a number. */
export const tooFew = () => t('anon.tooFew');

/** A mean as text: "3,4", "–" when unknown, "for få svar" when withheld. */
export const meanText = (stats, digits = 1) => (valuesWithheld(stats) ? tooFew() : num(stats?.mean ?? null, digits));

/** A dots or points total as text, "for få svar" when withheld. */
export const totalText = (row, key) => (totalWithheld(row, key) ? tooFew() : String(row?.[key] ?? 0));

/**
 * The shares of "Ved ikke" and "Ikke relevant" among everyone who answered the rating
 * (numbers 0..1), or null when the counts are withheld or nobody answered.
 */
export function shares(stats) {
  if (!stats || stats.suppressed) return null;
  const dontKnow = stats.dontKnow || 0;
  const notRelevant = stats.notRelevant || 0;
  const total = (stats.count || 0) + dontKnow + notRelevant;
  if (!total) return null;
  return { dontKnow: dontKnow / total, notRelevant: notRelevant / total, total };
}

/** A share as "25 %". */
export const percent = (share) => `${Math.round(share * 100)} %`;

/** "Ved ikke: 25 % · Ikke relevant: 50 %" for the shares that are not zero ('' when none). */
export function sharesText(stats) {
  const s = shares(stats);
  if (!s) return '';
  return [s.dontKnow ? t('anon.dontKnowShare', { share: percent(s.dontKnow) }) : '',
    s.notRelevant ? t('anon.notRelevantShare', { share: percent(s.notRelevant) }) : ''].filter(Boolean).join(' · ');
}

/** Both rating rounds' shares, "Betydning – Ikke relevant: 50 % · Niveau – Ved ikke: 25 %" ('' when none). */
export function sharesLabel(row) {
  return ['importance', 'level'].map((round) => {
    const text = sharesText(row?.[round]);
    return text ? `${t(`board.short.${round}`)} – ${text}` : '';
  }).filter(Boolean).join(' · ');
}

/** A group's figures are all withheld: it has people, but fewer than the minimum. */
export const groupUnderMinimum = (group, results) =>
  (group?.participants || 0) > 0 && (group.participants < (results?.minGroupSize || 1));
