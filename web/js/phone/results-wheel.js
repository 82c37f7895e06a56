// The team's wheel on the phone's result screen: the component the board and the report
// draw (wheel.js), as a fixed drawing narrow enough for a 320-360 px phone that scales
// with the screen's width. It shows the revealed round's figure per competence (one
// number, so the names keep room beside a wheel on a narrow screen); the readable list of
// figures stays under it. Loaded by screens.js when a result screen first needs it, with
// the wheel's style sheet; the service worker keeps both for a reload offline.

import { h } from '../dom.js';
import { num, t } from '../i18n.js';
import { RATING_ROUNDS, tallyOf } from '../framework.js';
import { createWheel } from '../wheel.js';

document.head.append(h('link', { rel: 'stylesheet', href: '/css/wheel.css' }));

// A portrait drawing (it may grow taller: the page scrolls), shown at about half its size.
const BOX = { w: 760, h: 1000 };
const FONTS = { name: 26, value: 24, sub: 18, dim: 22, centre: 27 };

/** The figure of `round` (a rating, dots or points round) per competence: {fill 0..1, text}. */
function figures(fw, results, round) {
  if (RATING_ROUNDS.includes(round)) {
    return fw.competences.map((c) => {
      const mean = tallyOf(results, c.id)?.[round]?.mean ?? null;
      return { id: c.id, fill: (mean ?? 0) / 5, text: mean === null ? '–' : num(mean), data: { mean: mean === null ? null : mean.toFixed(2) } };
    });
  }
  const totals = fw.competences.map((c) => tallyOf(results, c.id)?.[round] || 0);
  const max = Math.max(1, ...totals);
  return fw.competences.map((c, i) => ({ id: c.id, fill: totals[i] / max, text: String(totals[i]), data: { total: totals[i] } }));
}

/** The wheel figure for a revealed `round` (a rating, dots or points round), or null. */
export function resultsWheel(fw, results, round) {
  if (!RATING_ROUNDS.includes(round) && round !== 'dots' && round !== 'points') return null;
  const holder = h('div', { class: 'wheel-holder' });
  const key = h('p', { class: 'phone-wheel-key', text: t(`phone.wheel.key.${round}`) });
  const dims = h('p', { class: 'phone-wheel-key', hidden: true });
  const rows = figures(fw, results, round);
  const template = RATING_ROUNDS.includes(round) ? num(0) : String(Math.max(100, ...rows.map((r) => Number(r.text))));
  const figure = h('figure', { class: 'phone-wheel', data: { phoneWheel: round } }, holder, h('figcaption', {}, key, dims));
  const wheel = createWheel(holder, fw, { title: t('phone.wheel.title'), box: BOX, fonts: FONTS, tall: true, valueTemplate: template });
  wheel.update(Object.fromEntries(rows.map((r) => [r.id, r])));
  wheel.setCenter(t('board.team'), '');
  // The full names of dimensions the ring had to shorten.
  const shortened = wheel.shortened();
  if (shortened.length) {
    dims.hidden = false;
    dims.append(h('strong', { text: t('board.key.dimensions') }), ` ${shortened.map((d) => d.title).join(' · ')}`);
  }
  return figure;
}
