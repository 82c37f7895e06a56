// The rounds: open, close, reveal and reset each; with "auto focus", the board follows.

import { h, storage } from '../dom.js';
import { t } from '../i18n.js';
import { ROUND_ACTIONS } from '../contract.js';
import { ROUNDS } from '../framework.js';
import { panel } from './panel.js';

const AUTO = 'wheelhouse.autoFocus';
const CONFIRM_MS = 4000;
/** What the board shows after a round's reveal. */
export const REVEALED_VIEW = { ideas: 'ideas', dots: 'dots', points: 'points' };

/**
 * Runs a round's action as the command `round:<round>:<action>` (the rounds panel, the
 * remote and the keyboard share it, so each of their buttons shows it pending); with "auto
 * focus" on, the board follows an open (the round) and a reveal (its results).
 */
export function roundAction(room, round, action) {
  return room.command(`round:${round}:${action}`, { type: ROUND_ACTIONS[action], round }).then((done) => {
    if (!done || !storage.get(AUTO, true)) return done;
    if (action === 'open') room.setFocus({ screen: 'round' });
    if (action === 'reveal') room.setFocus({ screen: 'results', view: REVEALED_VIEW[round] || 'wheel' });
    return done;
  });
}

export function roundsPanel(room) {
  const cards = {};
  const auto = h('input', { type: 'checkbox', id: 'auto-focus', checked: storage.get(AUTO, true), data: { autoFocus: '' } });
  auto.addEventListener('change', () => storage.set(AUTO, auto.checked));

  const act = (round, action, button) => {
    if (room.commands.busy(`round:${round}:${action}`)) return;
    if (action === 'reset' && button.dataset.confirm !== 'yes') {
      // Two steps for the destructive one, without a modal dialog.
      button.dataset.confirm = 'yes';
      button.textContent = t('fac.confirmReset');
      button.removeAttribute('aria-label');
      setTimeout(() => {
        button.dataset.confirm = '';
        button.textContent = t('fac.action.reset');
        button.setAttribute('aria-label', `${t('fac.action.reset')}: ${t(`round.${round}.name`)}`);
      }, CONFIRM_MS);
      return;
    }
    button.dataset.confirm = '';
    button.textContent = t(`fac.action.${action}`);
    roundAction(room, round, action);
  };

  const el = panel(t('fac.rounds'),
    h('ul', { class: 'rounds' }, ROUNDS.map((round) => {
      const phase = h('span', { class: 'chip', data: { phase: '' } });
      const answered = h('span', { class: 'help', data: { answered: '' } });
      const button = (action, cls = 'btn btn-small') => room.commands.bind(h('button', { type: 'button', class: cls, data: { action }, text: t(`fac.action.${action}`),
        'aria-label': `${t(`fac.action.${action}`)}: ${t(`round.${round}.name`)}`,
        on: { click: (e) => act(round, action, e.currentTarget) } }), `round:${round}:${action}`);
      const buttons = {
        open: button('open'), close: button('close'), reveal: button('reveal'), reset: button('reset', 'btn btn-small btn-danger'),
      };
      cards[round] = { phase, answered, buttons };
      return h('li', { class: 'round-card', data: { round } },
        h('div', { class: 'round-top' }, h('strong', { text: t(`round.${round}.name`) }), phase),
        answered,
        h('div', { class: 'btn-row' }, Object.values(buttons)));
    })),
    h('label', { class: 'check', for: 'auto-focus' }, auto, h('span', { text: t('fac.autoFocus') })));

  const update = (st) => {
    const total = st.participants ?? 0;
    for (const round of ROUNDS) {
      const { phase, answered, buttons } = cards[round];
      const p = st.rounds?.[round] || 'idle';
      const count = t('fac.answered', { n: st.answered?.[round] ?? 0, total });
      phase.dataset.phase = p;
      phase.textContent = t(`phase.${p}`);
      answered.textContent = round === st.activeRound ? `${t('fac.active')} · ${count}` : count;
      const next = { idle: 'open', open: 'reveal', closed: 'reveal' }[p];
      for (const [action, button] of Object.entries(buttons)) {
        if (action !== 'reset') button.classList.toggle('btn-primary', action === next);
      }
      buttons.open.disabled = p === 'open';
      buttons.close.disabled = p !== 'open';
      buttons.reveal.disabled = !(p === 'open' || p === 'closed');
      buttons.reset.disabled = p === 'idle' && !(st.answered?.[round]);
    }
  };
  /**
   * The control to focus when the used one was disabled by the change it made: the round's
   * next step ("Vis resultat" after "Åbn"), else the next round's "Åbn".
   */
  const refocus = (used) => {
    const card = used.closest('[data-round]');
    if (!card) return null;
    const enabled = (el) => el && !el.disabled;
    const own = [...card.querySelectorAll('button')];
    const next = card.nextElementSibling?.querySelector('[data-action="open"]');
    return own.find((b) => enabled(b) && b.classList.contains('btn-primary')) || (enabled(next) ? next : null) || own.find(enabled) || null;
  };
  return { el, update, refocus };
}
