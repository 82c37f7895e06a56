// A round in progress: the wheel fills with the share who answered (blind) or the results.

import { h } from '../dom.js';
import { num, t } from '../i18n.js';
import { RATING_ROUNDS, tallyOf } from '../framework.js';
import { createWheel } from '../wheel.js';
import { joinBox, lobbyScreen } from './lobby.js';

export function roundScreen(ctx) {
  const round = ctx.state().activeRound;
  if (!round) return lobbyScreen(ctx);
  const holder = h('div', { class: 'wheel-holder' });
  const wheel = createWheel(holder, ctx.fw, { title: t(`round.${round}.question`) });
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
  return { el, update: () => {
    const st = ctx.state();
    const p = st.rounds?.[round] || 'idle';
    phase.dataset.phase = p;
    phase.textContent = t(`phase.${p}`);
    const n = st.answered?.[round] ?? 0;
    const total = st.participants ?? 0;
    answered.textContent = t('board.answered', { n, total });
    bar.firstChild.style.width = `${total ? (n / total) * 100 : 0}%`;
    const showResults = ctx.visible(round);
    legend.textContent = showResults ? t(`board.legend.${round}`) : t('board.legend.progress');
    wheel.update(roundValues(ctx, round, showResults));
    wheel.setCenter(showResults ? t('board.result') : `${n}/${total}`, showResults ? '' : t('board.answeredShort'));
  } };
}

function roundValues(ctx, round, showResults) {
  const st = ctx.state();
  const values = {};
  const total = st.participants || 0;
  const rows = st.results?.competences || [];
  const maxOf = (key) => Math.max(1, ...rows.map((r) => r[key] || 0));
  for (const c of ctx.fw.competences) {
    const row = tallyOf(st.results, c.id);
    if (showResults && RATING_ROUNDS.includes(round)) {
      const mean = row?.[round]?.mean ?? null;
      values[c.id] = { fill: mean ? mean / 5 : 0, text: mean === null ? '–' : num(mean), data: { value: mean === null ? '' : mean.toFixed(2), round } };
    } else if (showResults && (round === 'dots' || round === 'points')) {
      const v = row?.[round] || 0;
      values[c.id] = { fill: v / maxOf(round), text: String(v), data: { value: v, round } };
    } else {
      const n = round === 'ideas' ? 0 : st.progress?.[c.id] || 0;
      values[c.id] = { fill: total ? n / total : 0, text: round === 'ideas' ? '' : `${n}/${total}`, data: { answered: n, value: null, round } };
    }
  }
  return values;
}
