// The live connection: one WebSocket per page, `hello` first, a full snapshot (`welcome`),
// then deltas (`update`) numbered by `seq`. A gap in `seq` asks for a new snapshot
// (`resync`). Changes carry an opId; unacknowledged changes are kept (in localStorage when
// a queue key is given) and re-sent with the SAME opId after a reconnect: the server
// treats a repeated opId as the same change.
//
// Honest state: a socket can look open for minutes on dead Wi-Fi, so the page watches the
// path itself. It sends {"type":"ping"} when it has sent nothing for 2 s (the server
// answers "pong"); when no frame at all has arrived for 5 s, or a change is not acked
// within 5 s, or a new socket has not opened within 6 s, the path is dead: the status
// turns 'offline' at once, the socket is dropped, and a new one is tried with backoff
// (resuming by token; the queue is re-sent).
//
// API (used by the phone, the console and the board):
//   new Connection({role, hello, queueKey}).start(); .stop(); .reconnectNow()
//   .submit(message, slot?) -> opId   .pendingFor(slot)   .online   .status   .store
// Events (CustomEvent, detail):
//   'status'   {status: 'connecting'|'online'|'offline'|'failed', reason?}  reason when a
//              dead path was noticed: 'silent' (no frame), 'ack' (a change not acked),
//              'connect' (socket did not open), 'closed', 'browser-offline'
//   'welcome'  the welcome message (every (re)connect)
//   'ack'      {...ack, slot, msg}       'refused' {...error, slot, msg}
//   'retrying' {...error, slot}          a transient refusal; resent by itself later
//   'reissued' {slot, from, opId}        'fatal' {code, message}   'notice' {code, message}
//   'op'       {opId, slot, msg, state: 'queued'|'sent'|'acked'|'refused'}  every change's
//              life, for pending/failed marks on buttons ('queued': kept until online)

import { randomString, storage } from './dom.js';
import { FATAL_ERRORS, TRANSIENT_ERRORS } from './contract.js';

/** The workshop state as this role may see it; fires 'change' with detail.keys. */
export class Store extends EventTarget {
  constructor() {
    super();
    this.state = {};
    this.workshop = null;
    this.you = null;
    this.role = null;
    this.clockOffset = 0; // the server's clock minus this device's, ms (js/countdown.js)
  }

  /** A live frame's `serverTime`: short by its travel time, so the largest of the last few counts. */
  heard(serverTime) {
    this.clockSamples = [...(this.clockSamples || []).slice(-5), serverTime - Date.now()];
    this.clockOffset = Math.max(...this.clockSamples);
  }

  replace(welcome) {
    this.workshop = welcome.workshop;
    this.you = welcome.you || null;
    this.role = welcome.role;
    this.state = { ...welcome.state };
    this.dispatchEvent(new CustomEvent('change', { detail: { keys: Object.keys(this.state), welcome: true } }));
  }

  merge(state) {
    Object.assign(this.state, state);
    this.dispatchEvent(new CustomEvent('change', { detail: { keys: Object.keys(state), welcome: false } }));
  }
}

/** Hello errors that no retry can fix: stop reconnecting and tell the person. */
const FATAL = new Set(FATAL_ERRORS);
/** Refusals that are worth retrying later with the same opId. */
const TRANSIENT = new Set(TRANSIENT_ERRORS);

/** How the path is watched (ms); see the head of this file. */
export const TIMING = { pingEvery: 2000, deadAfter: 5000, ackWithin: 5000, connectWithin: 6000, tick: 250, retryAfter: 3000 };

export class Connection extends EventTarget {
  /**
   * @param {object} options
   * @param {'participant'|'board'|'facilitator'} options.role
   * @param {() => object} options.hello  the hello fields (code/workshop, token, name)
   * @param {string} [options.queueKey]  localStorage key that keeps unacked changes across reloads
   */
  constructor({ role, hello, queueKey }) {
    super();
    this.role = role;
    this.hello = hello;
    this.queueKey = queueKey;
    this.store = new Store();
    this.status = 'connecting';
    this.socket = null;
    this.attempt = 0;
    this.lastSeq = null;     // null until a welcome arrived on this socket
    this.buffer = [];        // updates that arrived before the (re)sync welcome
    this.resyncing = false;
    this.stopped = false;
    this.lastHeard = 0;
    this.lastSent = 0;
    this.openedAt = 0;
    /** Sockets in a row that died before their welcome: a very slow link gets more time. */
    this.strikes = 0;
    /** opId -> {msg, slot, ackBy, retryAt}; in send order. ackBy: 0 when not on the wire. */
    this.pending = new Map();
    for (const item of (queueKey ? storage.get(queueKey, []) : [])) {
      this.pending.set(item.msg.opId, { msg: item.msg, slot: item.slot, ackBy: 0, retryAt: 0 });
    }
    this.timer = null;
    this.wake = () => { if (this.status === 'offline' && !this.stopped) this.reconnectNow(); };
    this.visible = () => { if (document.visibilityState === 'visible') this.wake(); };
    this.lost = () => { if (!this.stopped && this.socket) this.pathDead('browser-offline'); };
  }

  start() {
    this.stopped = false;
    this.open();
    this.heartbeat = setInterval(() => this.tick(), TIMING.tick);
    window.addEventListener('online', this.wake);
    window.addEventListener('offline', this.lost);
    document.addEventListener('visibilitychange', this.visible);
    return this;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    window.removeEventListener('online', this.wake);
    window.removeEventListener('offline', this.lost);
    document.removeEventListener('visibilitychange', this.visible);
    this.drop();
  }

  url() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    return `${scheme}://${location.host}/ws/${this.role}`;
  }

  open() {
    clearTimeout(this.timer);
    this.setStatus(this.attempt === 0 && this.status !== 'offline' ? 'connecting' : 'offline');
    let socket;
    try {
      socket = new WebSocket(this.url());
    } catch {
      return this.scheduleReconnect();
    }
    this.socket = socket;
    this.openedAt = Date.now();
    this.lastSeq = null;
    this.buffer = [];
    this.resyncing = false;
    socket.onopen = () => {
      this.lastHeard = Date.now();
      this.helloAt = Date.now();
      this.raw({ type: 'hello', protocol: 1, ...this.hello() });
    };
    socket.onmessage = (event) => {
      this.lastHeard = Date.now();
      let message;
      try { message = JSON.parse(event.data); } catch { return; }
      this.receive(message);
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.pathDead('closed');
    };
    socket.onerror = () => { /* onclose follows */ };
  }

  /** Forgets the current socket: its late frames and its close are no longer ours. */
  drop() {
    const old = this.socket;
    this.socket = null;
    this.lastSeq = null;
    if (!old) return;
    old.onopen = null;
    old.onmessage = null;
    old.onclose = null;
    // On a dead path the close handshake never completes; the browser gives up on its own.
    try { old.close(); } catch { /* already closing */ }
  }

  /** The path is gone (or never came): say so now, and try again with backoff. */
  pathDead(reason) {
    if (this.stopped) return;
    if (this.lastSeq === null) this.strikes += 1;
    this.drop();
    for (const item of this.pending.values()) item.ackBy = 0;
    this.setStatus('offline', reason);
    this.scheduleReconnect();
  }

  scheduleReconnect() {
    if (this.stopped) return;
    clearTimeout(this.timer);
    // 0.5 s, 1 s, 2 s ... at most 10 s, with jitter so a room of phones does not reconnect in step.
    const base = Math.min(10000, 500 * 2 ** this.attempt);
    this.attempt += 1;
    this.timer = setTimeout(() => this.open(), base * (0.5 + Math.random() * 0.5));
  }

  reconnectNow() {
    this.attempt = 0;
    this.drop();
    for (const item of this.pending.values()) item.ackBy = 0;
    this.open();
  }

  setStatus(status, reason) {
    if (this.status === status) return;
    this.status = status;
    this.dispatchEvent(new CustomEvent('status', { detail: reason ? { status, reason } : { status } }));
  }

  get online() { return this.status === 'online' && this.socket?.readyState === WebSocket.OPEN; }

  raw(message) {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    this.lastSent = Date.now();
    return true;
  }

  op(opId, item, state) {
    this.dispatchEvent(new CustomEvent('op', { detail: { opId, slot: item?.slot, msg: item?.msg, state } }));
  }

  // MARK: receiving

  receive(message) {
    if (typeof message.serverTime === 'number') this.store.heard(message.serverTime);
    switch (message.type) {
      case 'welcome': return this.welcome(message);
      case 'update': return this.update(message);
      case 'ack': return this.ack(message);
      case 'error': return this.error(message);
      default: return undefined; // pong: lastHeard is enough
    }
  }

  welcome(message) {
    const first = this.status !== 'online';
    this.helloAt = 0;
    this.lastSeq = message.seq;
    this.resyncing = false;
    this.attempt = 0;
    this.store.replace(message);
    // Updates may overtake the snapshot on the wire: apply the ones that are newer.
    const later = this.buffer.filter((u) => u.seq > this.lastSeq).sort((a, b) => a.seq - b.seq);
    this.buffer = [];
    for (const update of later) this.update(update);
    this.strikes = 0;
    this.setStatus('online');
    this.dispatchEvent(new CustomEvent('welcome', { detail: message }));
    if (first) this.flush(true);
  }

  update(message) {
    if (this.lastSeq === null || this.resyncing) { this.buffer.push(message); return; }
    if (message.seq <= this.lastSeq) return; // already seen
    if (message.seq !== this.lastSeq + 1) {
      // Frames were dropped (a slow phone): ask for a fresh snapshot.
      this.resyncing = true;
      this.buffer.push(message);
      this.raw({ type: 'resync' });
      return;
    }
    this.lastSeq = message.seq;
    this.store.merge(message.state);
  }

  ack(message) {
    const item = this.pending.get(message.opId);
    this.pending.delete(message.opId);
    this.save();
    if (item) this.op(message.opId, item, 'acked');
    this.dispatchEvent(new CustomEvent('ack', { detail: { ...message, slot: item?.slot, msg: item?.msg } }));
  }

  error(message) {
    if (!message.opId) {
      if (this.lastSeq === null && this.status !== 'online' && FATAL.has(message.code)) {
        this.stopped = true;
        this.setStatus('failed');
        this.dispatchEvent(new CustomEvent('fatal', { detail: message }));
        this.drop();
        return;
      }
      if (this.lastSeq === null && message.code !== 'rate_limited') {
        // The hello failed for a passing reason: try again shortly.
        this.pathDead('closed');
        return;
      }
      // Unread (rate_limited, too_large): what is on the wire may be lost; send it again a
      // little later, and do not count the wait as a dead path.
      if (TRANSIENT.has(message.code) || message.code === 'too_large') this.deferAll();
      this.dispatchEvent(new CustomEvent('notice', { detail: message }));
      return;
    }
    const item = this.pending.get(message.opId);
    if (message.code === 'op_reused' && item) {
      // The id was used before for something else: the same change under a new id.
      this.pending.delete(message.opId);
      const opId = this.submit({ ...item.msg, opId: undefined }, item.slot);
      this.dispatchEvent(new CustomEvent('reissued', { detail: { slot: item.slot, from: message.opId, opId } }));
      return;
    }
    if (TRANSIENT.has(message.code)) {
      if (item) { item.ackBy = 0; item.retryAt = Date.now() + TIMING.retryAfter; } // resent by tick()
      this.dispatchEvent(new CustomEvent('retrying', { detail: { ...message, slot: item?.slot } }));
      return;
    }
    this.pending.delete(message.opId);
    this.save();
    if (item) this.op(message.opId, item, 'refused');
    this.dispatchEvent(new CustomEvent('refused', { detail: { ...message, slot: item?.slot, msg: item?.msg } }));
  }

  deferAll() {
    const later = Date.now() + TIMING.retryAfter;
    for (const item of this.pending.values()) if (item.ackBy) { item.ackBy = 0; item.retryAt = later; }
  }

  // MARK: sending

  /** A fresh operation id. */
  static opId() { return randomString(16); }

  /**
   * Sends a change and keeps it until the server acknowledges it. `slot` names what the
   * change sets (e.g. "rate:importance:dataanvendelse"): a newer change to the same slot
   * replaces an older unsent one in the queue, since each carries the whole new value.
   * Returns the opId.
   */
  submit(message, slot) {
    const msg = { ...message, opId: message.opId || Connection.opId() };
    if (slot) {
      for (const [opId, item] of this.pending) if (item.slot === slot) this.pending.delete(opId);
    }
    const item = { msg, slot, ackBy: 0, retryAt: 0 };
    this.pending.set(msg.opId, item);
    this.save();
    this.send(item);
    this.op(msg.opId, item, item.ackBy ? 'sent' : 'queued');
    return msg.opId;
  }

  send(item) {
    if (!this.online || !this.raw(item.msg)) return;
    item.ackBy = Date.now() + TIMING.ackWithin;
    item.retryAt = 0;
  }

  /** Sends unacked changes (same opIds): all of them after a welcome, else the ones not on the wire. */
  flush(all = false) {
    if (!this.online) return;
    const now = Date.now();
    for (const [opId, item] of this.pending) {
      if (all || (!item.ackBy && item.retryAt <= now)) {
        this.send(item);
        this.op(opId, item, 'sent');
      }
    }
  }

  /** The unacked message for a slot, if any. */
  pendingFor(slot) {
    for (const item of this.pending.values()) if (item.slot === slot) return item.msg;
    return null;
  }

  save() {
    if (!this.queueKey) return;
    const items = [...this.pending.values()].map(({ msg, slot }) => ({ msg, slot }));
    if (items.length) storage.set(this.queueKey, items); else storage.remove(this.queueKey);
  }

  tick() {
    if (this.stopped || !this.socket) return;
    const now = Date.now();
    const { readyState } = this.socket;
    // 5 s on a path that worked; up to four times that while sockets keep dying unwelcomed
    // (a link so slow that the welcome itself takes longer).
    const patience = 1 + Math.min(this.strikes, 3);
    if (readyState === WebSocket.CONNECTING) {
      if (now - this.openedAt > TIMING.connectWithin * patience) this.pathDead('connect');
      return;
    }
    if (readyState !== WebSocket.OPEN) return;
    // Any frame at all (pong, update, ack) shows the path works; silence means it does not.
    if (now - this.lastHeard > TIMING.deadAfter * patience) { this.pathDead('silent'); return; }
    if (this.lastSeq === null && this.helloAt) {
      // Any frame may be dropped, the welcome too: ask again, then start over.
      const waited = now - this.helloAt;
      if (waited > 12000) { this.reconnectNow(); return; }
      if (waited > 5000 && !this.resyncing) { this.resyncing = true; this.raw({ type: 'resync' }); }
    }
    if (this.online) {
      for (const item of this.pending.values()) {
        if (item.ackBy && now > item.ackBy) { this.pathDead('ack'); return; }
      }
      this.flush();
    }
    if (now - this.lastSent >= TIMING.pingEvery) this.raw({ type: 'ping' });
  }
}
