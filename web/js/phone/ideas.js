// Ideas on the phone: writing ideas (held for the facilitator's approval), the
// participant's own with their state, and backing the approved ideas: each with a
// back/withdraw toggle (aria-pressed), at most `settings.ideaBackings` of them, never
// one's own, while the ideas round is open and after its reveal. The backing list is
// repainted in place, so the button a person used keeps the focus; confirmations are
// announced politely.

import { fill, h } from '../dom.js';
import { pick, t } from '../i18n.js';
import { Connection } from '../connection.js';
import { LIMITS } from '../contract.js';

export function ideasScreen(ctx, intro) {
  const { fw, saves } = ctx;
  const max = LIMITS.ideaLength;
  ctx.head.meta.textContent = '';
  const area = h('textarea', { id: 'idea-text', class: 'input', rows: 4, maxlength: max, data: { ideaText: '' }, 'aria-describedby': 'idea-count' });
  const counter = h('p', { id: 'idea-count', class: 'help counter', 'aria-live': 'polite', data: { ideaCount: '' } });
  const select = h('select', { id: 'idea-competence', class: 'input', data: { ideaCompetence: '' } },
    h('option', { value: '', text: t('ideas.noCompetence') }),
    fw.dimensions.map((dim) => h('optgroup', { label: pick(dim.title) },
      dim.competences.map((c) => h('option', { value: c.id, text: pick(c.title) })))));
  const button = h('button', { type: 'submit', class: 'btn btn-primary btn-block', text: t('ideas.send'), data: { ideaSend: '' } });
  const list = h('ul', { class: 'idea-list', data: { myIdeas: '' } });
  const count = () => {
    const n = [...area.value].length;
    counter.textContent = t('ideas.count', { n, max });
    button.disabled = area.value.trim().length === 0 || n > max;
  };
  const renderList = () => fill(list, saves.ideas.map((idea) => {
    const { state, text } = saves.ideaState(idea);
    return h('li', { class: 'idea', data: { state } }, h('p', { text: idea.text }),
      h('p', { class: 'item-status', data: { status: state }, text }));
  }));
  area.addEventListener('input', count);
  const form = h('form', { class: 'card stack', on: {
    submit: (event) => {
      event.preventDefault();
      const text = area.value.trim();
      if (!text) return;
      const message = { type: 'submitIdea', text, opId: Connection.opId() };
      if (select.value) message.competence = select.value;
      saves.submitIdea(message);
      area.value = '';
      count();
      renderList();
      area.focus();
    },
  } },
  h('label', { for: 'idea-text', text: t('ideas.label') }), area, counter,
  h('label', { for: 'idea-competence', text: t('ideas.competence') }), select, button);
  count();
  const backing = backingSection(ctx, ctx.store);
  return {
    el: [intro, form, h('h2', { class: 'section-title', text: t('ideas.mine') }), list, backing?.el],
    update: () => { renderList(); backing?.update(); },
    // Approved ideas arrive while the round is open: the list follows, the form stays.
    changed: () => backing?.update(),
    ideas: () => { renderList(); backing?.update(); },
    confirmed: (msg) => backing?.confirmed(msg),
    refused: (msg, code) => backing?.refused(msg, code),
  };
}

// MARK: backing

const DEFAULT_BACKINGS = 3;
const slotOf = (id) => `back:${id}`;

/** What a refusal of a backing means, in words (the server's typed errors). */
const REFUSALS = {
  backing_limit: 'phone.back.limit',
  own_idea: 'phone.back.ownRefused',
  round_closed: 'phone.back.closed',
  unknown_idea: 'phone.back.gone',
};
export function backingRefusal(code, limit) {
  return REFUSALS[code] ? t(REFUSALS[code], { n: limit }) : null;
}

const backingLimit = (workshop) => workshop.settings?.ideaBackings ?? DEFAULT_BACKINGS;

/**
 * `ctx` is the screen's context ({fw, saves, workshop, state}); `store` the connection's
 * store, read again on every repaint. Returns {el, update(), confirmed(msg), refused(msg, code)}, or
 * null when backing is off.
 */
export function backingSection(ctx, store) {
  const { fw, saves, workshop } = ctx;
  const limit = backingLimit(workshop);
  if (limit <= 0) return null;
  const list = h('ul', { class: 'idea-list', data: { backList: '' } });
  const left = h('p', { class: 'help', data: { backLeft: '' } });
  // One polite live region for what happened to the last tap.
  const said = h('p', { class: 'back-said', role: 'status', 'aria-live': 'polite', data: { backSaid: '' } });
  const rows = new Map();
  let listKey = null;

  const approved = () => (store.state.ideas || []).filter((i) => i.status === 'approved');
  const own = () => new Set(saves.ideas.map((i) => i.id).filter(Boolean));
  // A merged idea passes its backing on to the one it went into (the server counts it
  // there), unless this phone has said otherwise about that one since.
  const carried = () => new Set((store.state.ideas || [])
    .filter((i) => i.status === 'merged' && i.mergedInto && saves.valueOf(slotOf(i.id)) === true).map((i) => i.mergedInto));
  const isBacked = (id, via = carried()) => {
    const value = saves.valueOf(slotOf(id));
    return value === undefined ? via.has(id) : value === true;
  };
  const backedCount = () => { const via = carried(); return approved().filter((i) => isBacked(i.id, via)).length; };

  const toggle = (idea) => {
    const backed = isBacked(idea.id);
    if (!backed && backedCount() >= limit) {
      // Kept on the phone: the server would refuse it the same way.
      said.textContent = t('phone.back.limit', { n: limit });
      said.dataset.kind = 'refused';
      return;
    }
    said.textContent = '';
    saves.submit({ type: 'backIdea', idea: idea.id, backed: !backed }, slotOf(idea.id));
    paint();
  };

  const row = (idea, mine) => {
    const textId = `back-text-${idea.id}`;
    const competence = idea.competence && fw.byId.get(idea.competence);
    const parts = [h('p', { id: textId, text: idea.text }),
      competence ? h('p', { class: 'help', text: pick(competence.title) }) : null];
    if (mine) {
      parts.push(h('p', { class: 'help own-idea', text: t('phone.back.own') }));
      rows.set(idea.id, {});
      return h('li', { class: 'idea', data: { backIdea: idea.id, own: '' } }, parts);
    }
    const button = h('button', {
      type: 'button', class: 'btn back-toggle', 'aria-pressed': 'false', 'aria-describedby': textId,
      data: { backToggle: idea.id, focusKey: `back:${idea.id}` }, text: t('phone.back.button'),
    });
    button.addEventListener('click', () => toggle(idea));
    rows.set(idea.id, { button });
    return h('li', { class: 'idea', data: { backIdea: idea.id } }, parts,
      h('div', { class: 'back-row' }, button, saves.statusLine(slotOf(idea.id))));
  };

  const paint = () => {
    const ideas = approved();
    const mine = own();
    const key = JSON.stringify(ideas.map((i) => [i.id, i.text, i.competence, mine.has(i.id)]));
    if (key !== listKey) {
      listKey = key;
      const focused = document.activeElement?.dataset?.backToggle;
      rows.clear();
      list.replaceChildren(...ideas.map((idea) => row(idea, mine.has(idea.id))));
      if (!ideas.length) list.append(h('li', { class: 'notice', text: t('phone.back.empty') }));
      // A new idea arriving must not take the focus away from the toggle in use.
      if (focused) list.querySelector(`[data-back-toggle="${CSS.escape(focused)}"]`)?.focus();
    }
    const via = carried();
    for (const [id, { button }] of rows) {
      if (!button) continue;
      const backed = isBacked(id, via);
      button.setAttribute('aria-pressed', String(backed));
      button.textContent = t('phone.back.button');
    }
    const n = Math.max(0, limit - backedCount());
    left.textContent = n > 0 ? t('phone.back.left', { n }) : t('phone.back.none');
    left.dataset.left = String(n);
  };

  return {
    el: h('section', { class: 'back-section', data: { backing: '' } },
      h('h2', { class: 'section-title', text: t('phone.back.title') }),
      h('p', { class: 'help', text: t('phone.back.help', { n: limit }) }),
      left, list, said),
    update: paint,
    confirmed(msg) {
      if (msg?.type !== 'backIdea') return;
      said.textContent = t(msg.backed ? 'phone.back.backed' : 'phone.back.withdrawn');
      said.dataset.kind = 'ok';
      paint();
    },
    refused(msg, code) {
      if (msg?.type !== 'backIdea') return;
      said.textContent = backingRefusal(code, limit) || t('error.generic');
      said.dataset.kind = 'refused';
      paint();
    },
  };
}
