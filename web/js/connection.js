// The live connection: one WebSocket per page, `hello` first, a full snapshot (`welcome`),
// then deltas (`update`) numbered by `seq`. A gap in `seq` asks for a new snapshot
// (`resync`). Changes carry an opId; unacknowledged changes are kept (in localStorage when
// a queue key is given) and re-sent with the SAME opId after a reconnect: the server
// treats a repeated opId as the same change.

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
    /** opId -> {msg, slot, sentAt}; in send order. */
    this.pending = new Map();
    for (const item of (queueKey ? storage.get(queueKey, []) : [])) {
      this.pending.set(item.msg.opId, { msg: item.msg, slot: item.slot, sentAt: 0 });
    }
    this.timer = null;
    this.retryTimer = null;
  }

  start() {
    this.stopped = false;
    this.open();
    this.heartbeat = setInterval(() => this.tick(), 5000);
    const wake = () => { if (this.status === 'offline' && !this.stopped) this.reconnectNow(); };
    window.addEventListener('online', wake);
    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') wake(); });
    return this;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    if (this.socket) this.socket.close();
  }

  url() {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    return `${scheme}://${location.host}/ws/${this.role}`;
  }

  open() {
    clearTimeout(this.timer);
    this.setStatus(this.attempt === 0 ? 'connecting' : 'offline');
    let socket;
    try {
      socket = new WebSocket(this.url());
    } catch {
      return this.scheduleReconnect();
    }
    this.socket = socket;
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
      this.socket = null;
      if (this.stopped) return;
      this.setStatus('offline');
      this.scheduleReconnect();
    };
    socket.onerror = () => { /* onclose follows */ };
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
    if (this.socket) { const old = this.socket; this.socket = null; old.close(); }
    this.open();
  }

  setStatus(status) {
    if (this.status === status) return;
    this.status = status;
    this.dispatchEvent(new CustomEvent('status', { detail: { status } }));
  }

  get online() { return this.status === 'online' && this.socket?.readyState === WebSocket.OPEN; }

  raw(message) {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  // MARK: receiving

  receive(message) {
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
    this.dispatchEvent(new CustomEvent('ack', { detail: { ...message, slot: item?.slot, msg: item?.msg } }));
  }

  error(message) {
    if (!message.opId) {
      if (this.lastSeq === null && this.status !== 'online' && FATAL.has(message.code)) {
        this.stopped = true;
        this.setStatus('failed');
        this.dispatchEvent(new CustomEvent('fatal', { detail: message }));
        this.socket?.close();
        return;
      }
      if (this.lastSeq === null && message.code !== 'rate_limited') {
        // The hello failed for a passing reason: try again shortly.
        this.socket?.close();
        return;
      }
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
      if (item) item.sentAt = Date.now(); // retried by tick()
      this.dispatchEvent(new CustomEvent('retrying', { detail: { ...message, slot: item?.slot } }));
      return;
    }
    this.pending.delete(message.opId);
    this.save();
    this.dispatchEvent(new CustomEvent('refused', { detail: { ...message, slot: item?.slot, msg: item?.msg } }));
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
    const sent = this.online && this.raw(msg);
    this.pending.set(msg.opId, { msg, slot, sentAt: sent ? Date.now() : 0 });
    this.save();
    return msg.opId;
  }

  /** Re-sends unacked changes (same opIds). */
  flush(all = false) {
    if (!this.online) return;
    const now = Date.now();
    for (const item of this.pending.values()) {
      if (all || now - item.sentAt > 8000) {
        this.raw(item.msg);
        item.sentAt = now;
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
    if (this.stopped) return;
    if (this.lastSeq === null && this.socket?.readyState === WebSocket.OPEN && this.helloAt) {
      // Any frame may be dropped, the welcome too: ask again, then start over.
      const waited = Date.now() - this.helloAt;
      if (waited > 12000) { this.reconnectNow(); return; }
      if (waited > 5000 && !this.resyncing) { this.resyncing = true; this.raw({ type: 'resync' }); }
    }
    if (this.online) {
      // A silent socket on weak Wi-Fi can look open for minutes: ping, and give up on it
      // when nothing at all was heard for a while.
      if (Date.now() - this.lastHeard > 30000) { this.reconnectNow(); return; }
      if (Date.now() - this.lastHeard > 15000) this.raw({ type: 'ping' });
      this.flush();
    }
  }
}
