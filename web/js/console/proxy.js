// Proxy participants: people without a phone, added by name; the facilitator votes for
// them in the active round.

import { fill, h } from '../dom.js';
import { pick, t } from '../i18n.js';
import { LIMITS } from '../contract.js';
import { panel } from './panel.js';

/**
 * What the proxy panel keeps across rebuilds (a language switch): who is chosen, what was
 * entered for whom, and the names of proxies still being added (opId -> name).
 */
export function proxyMemory() {
  return { selected: '', key: '', values: {}, adding: new Map() };
}

/** An ack for an added proxy: tell, choose the new proxy; true when the panel should repaint. */
export function proxyAdded(memory, { opId, participant }, toast) {
  if (!memory.adding.has(opId)) return false;
  toast(t('fac.proxyAdded', { name: memory.adding.get(opId) }));
  memory.adding.delete(opId);
  memory.selected = participant;
  return true;
}

export function proxyPanel(room, memory, repaint) {
  memory.key = '';
  const name = h('input', { class: 'input', id: 'proxy-name', maxlength: LIMITS.nameLength, data: { proxyName: '' } });
  const form = h('form', { class: 'inline-field', on: { submit: (e) => {
    e.preventDefault();
    const value = name.value.trim();
    if (!value) return;
    memory.adding.set(room.send({ type: 'addProxy', name: value }), value);
    name.value = '';
  } } }, h('label', { for: 'proxy-name', text: t('fac.proxyName') }), name,
  h('button', { type: 'submit', class: 'btn btn-small', data: { addProxy: '' }, text: t('fac.proxyAdd') }));
  const select = h('select', { class: 'input', id: 'proxy-select', data: { proxySelect: '' } });
  select.addEventListener('change', () => { memory.selected = select.value; memory.key = ''; repaint(); });
  const votes = h('div', { class: 'proxy-votes', data: { proxyVotes: '' } });
  const el = panel(t('fac.proxy'), h('p', { class: 'help', text: t('fac.proxyHelp') }), form,
    h('div', { class: 'inline-field' }, h('label', { for: 'proxy-select', text: t('fac.proxyFor') }), select), votes);

  const update = (st) => {
    const proxies = (st.people || []).filter((p) => p.proxy);
    if (!proxies.find((p) => p.id === memory.selected)) memory.selected = proxies[0]?.id || '';
    const options = proxies.map((p) => p.id + (p.name || '')).join();
    if (select.dataset.options !== options) {
      select.dataset.options = options;
      fill(select, proxies.length ? proxies.map((p) => h('option', { value: p.id, text: p.name || t('fac.anonymous') })) : h('option', { value: '', text: t('fac.noProxies') }));
    }
    select.value = memory.selected;
    select.disabled = !proxies.length;
    const round = st.activeRound;
    const open = round && st.rounds?.[round] === 'open';
    const key = [memory.selected, round, open, room.store.workshop.settings.dotsPerParticipant].join('|');
    if (key === memory.key) return;
    memory.key = key;
    if (!memory.selected) return fill(votes);
    if (!open) return fill(votes, h('p', { class: 'help', text: t('fac.proxyNoRound') }));
    const participant = memory.selected;
    const ballot = {
      room, round,
      mine: (memory.values[participant] ||= {}),
      vote: (v) => room.send({ type: 'proxyVote', participant, vote: v }),
    };
    const title = h('p', { class: 'help', text: t('fac.proxyRound', { round: t(`round.${round}.name`) }) });
    return fill(votes, title, BALLOTS[round](ballot));
  };
  return { el, update };
}

/** One input a competence, labelled with its title. */
const grid = (room, input) => h('div', { class: 'proxy-grid' }, room.fw.competences.map((c) => {
  const el = input(c);
  return [h('label', { for: el.id, text: pick(c.title) }), el];
}));

function rating({ room, round, mine, vote }) {
  return grid(room, (c) => {
    const select = h('select', { class: 'input input-small', id: `proxy-${round}-${c.id}`, data: { proxyRate: c.id } },
      h('option', { value: '', text: '–' }),
      [1, 2, 3, 4, 5].map((v) => h('option', { value: String(v), text: String(v) })),
      h('option', { value: '0', text: t('scale.dontKnow') }),
      h('option', { value: '-1', text: t('scale.notRelevant') }));
    select.value = mine[`${round}:${c.id}`] ?? '';
    select.addEventListener('change', () => {
      if (select.value === '') return;
      mine[`${round}:${c.id}`] = select.value;
      vote({ type: 'rate', round, competence: c.id, value: Number(select.value) });
    });
    return select;
  });
}

function dots({ room, mine, vote }) {
  const max = room.store.workshop.settings.maxDotsPerCompetence;
  return grid(room, (c) => {
    const input = h('input', { class: 'input input-small', type: 'number', min: 0, max, id: `proxy-dots-${c.id}`, value: mine[`dots:${c.id}`] ?? 0, data: { proxyDots: c.id } });
    input.addEventListener('change', () => {
      mine[`dots:${c.id}`] = input.value;
      vote({ type: 'setDots', competence: c.id, count: Number(input.value) || 0 });
    });
    return input;
  });
}

function points({ room, mine, vote }) {
  const total = LIMITS.pointsTotal;
  const sum = h('p', { class: 'help' });
  const inputs = [];
  const sendButton = h('button', { type: 'button', class: 'btn btn-small btn-primary', text: t('points.send') });
  const used = () => inputs.reduce((a, el) => a + (Number(el.value) || 0), 0);
  const paint = () => { sum.textContent = t('points.sum', { sum: used(), total }); sendButton.disabled = used() !== total; };
  const table = grid(room, (c) => {
    const input = h('input', { class: 'input input-small', type: 'number', min: 0, max: total, step: 5, id: `proxy-points-${c.id}`, value: mine[`points:${c.id}`] ?? 0, data: { competence: c.id } });
    input.addEventListener('input', () => { mine[`points:${c.id}`] = input.value; paint(); });
    inputs.push(input);
    return input;
  });
  sendButton.addEventListener('click', () => {
    const allocation = {};
    for (const el of inputs) if (Number(el.value) > 0) allocation[el.dataset.competence] = Number(el.value);
    vote({ type: 'allocatePoints', points: allocation });
  });
  paint();
  return [table, sum, sendButton];
}

function ideas({ vote }) {
  const text = h('textarea', { class: 'input', id: 'proxy-idea', rows: 3, maxlength: LIMITS.ideaLength });
  const submit = h('button', { type: 'button', class: 'btn btn-small btn-primary', text: t('ideas.send'),
    on: { click: () => { if (text.value.trim()) { vote({ type: 'submitIdea', text: text.value.trim() }); text.value = ''; } } } });
  return [h('label', { for: 'proxy-idea', text: t('ideas.label') }), text, submit];
}

const BALLOTS = { importance: rating, level: rating, dots, points, ideas };
