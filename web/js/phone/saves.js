// What the participant changed and whether the server has it: per slot (a competence's
// rating, its dots, the points, an idea, the backing of an idea) the value the server confirmed and the state of the
// newest change (sending, queued, saved, error), shown beside the item and in the chip.

import { h } from '../dom.js';
import { errorText, t } from '../i18n.js';
import { RATING_ROUNDS } from '../framework.js';

/** The slots a round's answers use, for forgetting them after a reset. */
const PREFIX = { importance: 'rate:importance:', level: 'rate:level:', dots: 'dots:', points: 'points', ideas: 'idea:' };

export class Saves {
  /**
   * `chip` shows the overall state; the screen on show hears of changes through
   * `screen.ideas()` (an idea's state changed) and `screen.revert()` (a change was refused:
   * back to what the server has).
   */
  constructor(chip, screen) {
    this.chipEl = chip;
    this.screen = screen;
    this.conn = null;
    this.everOnline = false;
    /** slot -> value the server has confirmed (from the snapshot or an ack). */
    this.confirmed = {};
    /** slot -> {state: 'sending'|'queued'|'saved'|'error', opId, message} */
    this.slots = new Map();
    /** slot -> the element that shows the slot's status. */
    this.views = new Map();
    this.lastSaved = false;
    /** The participant's own ideas: {opId|id, text, state}. */
    this.ideas = [];
    this.lastPhases = {};
  }

  /** Follows a new connection; changes still queued from before a reload show as not yet saved. */
  attach(conn) {
    this.conn = conn;
    conn.addEventListener('status', (e) => this.status(e.detail.status));
    conn.addEventListener('ack', (e) => this.ack(e.detail));
    conn.addEventListener('refused', (e) => this.refused(e.detail));
    conn.addEventListener('retrying', (e) => { if (e.detail.slot) this.set(e.detail.slot, { state: 'queued' }); });
    conn.addEventListener('reissued', (e) => {
      if (e.detail.slot && this.slots.get(e.detail.slot)?.opId === e.detail.from) this.set(e.detail.slot, { opId: e.detail.opId });
      const idea = this.ideas.find((i) => i.opId === e.detail.from);
      if (idea) idea.opId = e.detail.opId;
    });
    for (const item of conn.pending.values()) if (item.slot) this.slots.set(item.slot, { state: 'queued', opId: item.msg.opId });
  }

  /** The participant's answers in a welcome: what the server has. */
  welcome(answers = {}) {
    this.confirmed = {};
    for (const round of RATING_ROUNDS) {
      for (const [competence, value] of Object.entries(answers[round] || {})) this.confirmed[`rate:${round}:${competence}`] = value;
    }
    for (const [competence, count] of Object.entries(answers.dots || {})) this.confirmed[`dots:${competence}`] = count;
    this.confirmed.points = answers.points || {};
    this.confirmed.group = answers.group ?? null;
    this.serverBacked = null; // the snapshot's list applies again: confirmed was just emptied
    this.backedFrom(answers.backed || []);
    const known = new Set(this.ideas.map((idea) => idea.id));
    for (const idea of answers.ideas || []) if (!known.has(idea.id)) this.ideas.push({ id: idea.id, text: idea.text, state: 'saved' });
  }

  /** The ideas the server says this participant backs (answers.backed). */
  backedFrom(ids) {
    // Only a new list from the server counts: an ack may be ahead of the update that carries it.
    if (!Array.isArray(ids) || ids === this.serverBacked) return;
    this.serverBacked = ids;
    for (const slot of Object.keys(this.confirmed)) if (slot.startsWith('back:')) delete this.confirmed[slot];
    for (const id of ids) this.confirmed[`back:${id}`] = true;
  }

  /** A reset deletes a round's answers on the server: forget them here too. */
  forgetResetRounds(phases) {
    for (const [round, phase] of Object.entries(phases)) {
      if (phase === 'idle' && this.lastPhases[round] && this.lastPhases[round] !== 'idle') {
        const prefix = PREFIX[round];
        for (const slot of Object.keys(this.confirmed)) if (slot.startsWith(prefix)) delete this.confirmed[slot];
        for (const slot of [...this.slots.keys()]) if (slot.startsWith(prefix)) this.slots.delete(slot);
        if (round === 'points') this.confirmed.points = {};
        if (round === 'ideas') {
          this.ideas = [];
          this.backedFrom([]);
          for (const slot of [...this.slots.keys()]) if (slot.startsWith('back:')) this.slots.delete(slot);
        }
      }
    }
    this.lastPhases = { ...phases };
  }

  status(status) {
    if (status === 'online') this.everOnline = true;
    for (const [slot, info] of this.slots) {
      if (info.state === 'sending' && status !== 'online') this.set(slot, { state: 'queued' });
      if (info.state === 'queued' && status === 'online') this.set(slot, { state: 'sending' });
    }
    this.paintChip();
  }

  /** Sends a change to a slot; returns its opId. */
  submit(message, slot) {
    this.lastSaved = false;
    const opId = this.conn.submit(message, slot);
    this.set(slot, { state: this.conn.online ? 'sending' : 'queued', opId });
    return opId;
  }

  /** Sends a new idea, listed at once as on its way. */
  submitIdea(message) {
    this.ideas.push({ opId: message.opId, text: message.text, state: this.conn.online ? 'sending' : 'queued' });
    this.submit(message, `idea:${message.opId}`);
  }

  ack({ opId, slot, msg, idea: ideaId }) {
    if (!slot || this.slots.get(slot)?.opId !== opId) return; // an older change to the same thing
    if (msg.type === 'rate') this.confirmed[slot] = msg.value;
    if (msg.type === 'setDots') this.confirmed[slot] = msg.count;
    if (msg.type === 'allocatePoints') this.confirmed.points = msg.points;
    if (msg.type === 'backIdea') this.confirmed[slot] = msg.backed;
    if (msg.type === 'setGroup') this.confirmed.group = msg.group ?? null;
    if (msg.type === 'submitIdea') {
      const idea = this.ideas.find((i) => i.opId === opId);
      if (idea) { idea.state = 'saved'; idea.id = ideaId; }
      this.screen.ideas();
    }
    this.lastSaved = true;
    this.set(slot, { state: 'saved', opId });
    this.screen.confirmed?.(msg);
    if (msg.type === 'setGroup') this.screen.render?.(); // the group under the screen
  }

  refused({ opId, slot, code, message, msg }) {
    if (!slot || this.slots.get(slot)?.opId !== opId) return;
    this.lastSaved = false;
    if (msg?.type === 'backIdea') {
      // Explained once in the list's live region; the idea may not even be listed any more,
      // so it leaves no "not saved" behind in the chip.
      this.slots.delete(slot);
      this.paint(slot);
      this.paintChip();
      this.screen.revert();
      this.screen.refused?.(msg, code);
      return;
    }
    this.set(slot, { state: 'error', opId, message: errorText(code, message) });
    if (msg?.type === 'submitIdea') {
      const idea = this.ideas.find((i) => i.opId === opId);
      if (idea) idea.state = 'error';
      this.screen.ideas();
    } else {
      this.screen.revert();
    }
  }

  set(slot, info) {
    if (!slot) return;
    this.slots.set(slot, { ...this.slots.get(slot), ...info });
    this.paint(slot);
    this.paintChip();
  }

  paint(slot) {
    if (slot.startsWith('idea:')) { this.screen.ideas(); return; }
    const el = this.views.get(slot);
    const info = this.slots.get(slot);
    if (!el) return;
    el.dataset.status = info?.state || '';
    el.dataset.opId = info?.opId || '';
    el.textContent = info ? (info.state === 'error' ? info.message : t(`save.${info.state}`)) : '';
  }

  paintChip() {
    const states = [...this.slots.values()].map((s) => s.state);
    let key = '';
    if (this.conn?.status === 'offline' && this.everOnline) key = 'offline';
    else if (states.includes('sending') || states.includes('queued')) key = 'sending';
    else if (states.includes('error')) key = 'error';
    else if (this.lastSaved) key = 'saved';
    this.chipEl.dataset.status = key;
    this.chipEl.textContent = key ? t(`chip.${key}`) : '';
  }

  /** A line under an item that shows its slot's state. */
  statusLine(slot) {
    const el = h('p', { class: 'item-status', data: { itemStatus: slot } });
    this.views.set(slot, el);
    this.paint(slot);
    return el;
  }

  /** The value a slot shows: the newest unacked change, else what the server confirmed. */
  valueOf(slot) {
    const pending = this.conn.pendingFor(slot);
    if (pending) {
      if (pending.type === 'backIdea') return pending.backed;
      return pending.type === 'rate' ? pending.value : pending.type === 'setDots' ? pending.count : pending.points;
    }
    return this.confirmed[slot];
  }

  /** An idea's state and text for the list of the participant's ideas. */
  ideaState(idea) {
    const info = idea.opId ? this.slots.get(`idea:${idea.opId}`) : null;
    const state = info?.state || idea.state;
    const text = state === 'saved' ? t('ideas.saved') : state === 'error' ? (info?.message || t('error.generic')) : t(`save.${state}`);
    return { state, text };
  }
}
