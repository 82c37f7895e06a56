// A round in progress. The rating rounds fill the wheel with the share who answered (blind)
// or the results; while the team prioritises (dots, points) the gap ranking stays in view;
// the ideas round shows its live wall. After a reveal, dots and points show as ranked bars
// and ideas ranked by backing.

import { fill, h } from '../dom.js';
import { num, t } from '../i18n.js';
import { RATING_ROUNDS, tallyOf } from '../framework.js';
import { meanOf, sharesText, tooFew, valuesWithheld } from '../anonymity.js';
import { createWheel } from '../wheel.js';
import { joinBox, lobbyScreen } from './lobby.js';
import { rankingView } from './ranking.js';
import { tallyBars } from './tallies.js';
import { ideaRanking, ideaWall } from './ideas.js';

const PRIORITISING = ['dots', 'points'];

export function roundScreen(ctx) {
  const round = ctx.state().activeRound;
  if (!round) return lobbyScreen(ctx);
  const holder = h('div', { class: 'round-main' });
  const answered = h('p', { class: 'big-number', data: { answered: round } });
  const bar = h('div', { class: 'progress' }, h('span'));
  const phase = h('span', { class: 'chip chip-big', data: { phase: '' } });
  const legend = h('p', { class: 'wheel-legend' });
  const el = h('section', { class: 'round', data: { screen: 'round', round } },
    holder,
    h('aside', { class: 'side' },
      h('p', { class: 'eyebrow', text: t(`round.${round}.name`) }),
      h('h2', { class: 'side-title', text: t(`round.${round}.question`) }),
      phase,
      answered, bar, legend,
      joinBox(ctx)));
  let shown = null; // {kind, update}: what the main area holds
  return { el, update: () => {
    const st = ctx.state();
    const p = st.rounds?.[round] || 'idle';
    phase.dataset.phase = p;
    phase.textContent = t(`phase.${p}`);
    const n = st.answered?.[round] ?? 0;
    const total = st.participants ?? 0;
    answered.textContent = t('board.answered', { n, total });
    bar.firstChild.style.width = `${total ? (n / total) * 100 : 0}%`;
    const kind = mainKind(ctx, round);
    if (shown?.kind !== kind) {
      shown = { kind, ...mainView(ctx, round, kind, holder) };
      el.dataset.main = kind;
    }
    legend.textContent = t(legendKey(round, kind));
    shown.update();
  } };
}

/** What the main area shows for `round` now. */
function mainKind(ctx, round) {
  const revealed = ctx.visible(round);
  if (round === 'ideas') return revealed ? 'idea-ranking' : 'idea-wall';
  if (PRIORITISING.includes(round)) {
    if (revealed) return `tally-${round}`;
    // The gaps the team is choosing from, once both ratings are on the board.
    const anyGap = ctx.fw.competences.some((c) => { const m = ctx.means(c.id); return m.imp !== null && m.lev !== null; });
    if (anyGap) return 'gaps';
  }
  return revealed ? 'wheel-result' : 'wheel-progress';
}

function legendKey(round, kind) {
  if (kind === 'gaps') return 'board.legend.gaps';
  if (kind === 'idea-wall') return 'board.legend.ideasLive';
  if (kind === 'idea-ranking') return 'board.legend.ideasRanked';
  if (kind === 'wheel-progress') return 'board.legend.progress';
  return `board.legend.${round}`;
}

function mainView(ctx, round, kind, holder) {
  if (kind === 'gaps') {
    const body = h('div', { class: 'round-gaps' });
    fill(holder, body);
    return rankingView(ctx, body);
  }
  if (kind.startsWith('tally-')) {
    const list = h('ol', { class: 'bars tally-bars', data: { tallyList: round } });
    fill(holder, list);
    return { update: tallyBars(ctx, list, round) };
  }
  if (kind === 'idea-wall' || kind === 'idea-ranking') {
    const view = kind === 'idea-wall' ? ideaWall(ctx) : ideaRanking(ctx);
    fill(holder, view.el);
    return view;
  }
  const wheelHolder = h('div', { class: 'wheel-holder' });
  fill(holder, wheelHolder);
  const wheel = createWheel(wheelHolder, ctx.fw, { title: t(`round.${round}.question`) });
  return { update: () => {
    const st = ctx.state();
    const showResults = kind === 'wheel-result';
    const n = st.answered?.[round] ?? 0;
    wheel.update(roundValues(ctx, round, showResults));
    wheel.setCenter(showResults ? t('board.result') : `${n}/${st.participants ?? 0}`, showResults ? '' : t('board.answeredShort'));
  } };
}

function roundValues(ctx, round, showResults) {
  const st = ctx.state();
  const values = {};
  const total = st.participants || 0;
  for (const c of ctx.fw.competences) {
    const row = tallyOf(st.results, c.id);
    if (showResults && RATING_ROUNDS.includes(round)) {
      const stats = row?.[round];
      const mean = meanOf(stats);
      const withheld = valuesWithheld(stats);
      values[c.id] = {
        fill: mean ? mean / 5 : 0, text: withheld ? tooFew() : mean === null ? '–' : num(mean), withheld,
        data: { value: mean === null ? '' : mean.toFixed(2), round, withheld: withheld ? 'yes' : null, shares: sharesText(stats) || null, mostlyNotRelevant: row?.mostlyNotRelevant ? 'yes' : null },
      };
    } else {
      const n = st.progress?.[c.id] || 0;
      values[c.id] = { fill: total ? n / total : 0, text: `${n}/${total}`, data: { answered: n, value: null, round } };
    }
  }
  return values;
}
