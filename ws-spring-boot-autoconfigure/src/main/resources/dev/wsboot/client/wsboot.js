// wsboot.js: the browser client of the wsboot Spring Boot starter (Apache-2.0).
// One ES module, no dependencies. See docs/client.md.

/** Close codes after which the client does not reconnect: the server will refuse again. */
export const FINAL_CLOSE_CODES = [1003, 1008, 1009];

/** Handshake answers after which the client does not reconnect. */
export const FINAL_HTTP_STATUSES = [401, 403, 429];

const DEFAULTS = {
  minDelay: 500, maxDelay: 20000, connectTimeout: 10000, requestTimeout: 10000,
  queueSize: 100, pingInterval: 25000, pingTimeout: 10000, routeKey: 'action', recover: true
};

/**
 * The wait before reconnect attempt n (1, 2, ...): a random time between 0 and
 * min(maxDelay, minDelay * 2^(n-1)); the jitter comes after the cap, so clients never
 * fall into step.
 */
export function backoff(attempt, minDelay = DEFAULTS.minDelay, maxDelay = DEFAULTS.maxDelay, random = Math.random) {
  return Math.floor(random() * Math.min(maxDelay, minDelay * 2 ** Math.min(attempt - 1, 30)));
}

/** Open a client: it connects at once and reconnects by itself. */
export function connect(url, options) {
  return new WsClient(url, options);
}

export class WsClient {
  constructor(url, options = {}) {
    this.options = { ...DEFAULTS, ...options };
    this._url = url;
    this._events = new Map();
    this._states = new Set();
    this._recoveries = new Set();
    this._pending = new Map();
    this._queue = [];
    this._positions = new Map();
    this._nextId = 0;
    this._attempt = 0;
    this._urlIndex = -1;
    this.state = 'idle';
    this._open();
  }

  /** Listen to server events of a type ('error' for error frames without an id); returns a function that stops it. */
  on(type, handler) {
    if (!this._events.has(type)) this._events.set(type, new Set());
    this._events.get(type).add(handler);
    return () => this._events.get(type).delete(handler);
  }

  /** Listen to the states: {state: 'connecting'|'open'|'reconnecting'|'closed', attempt, delay, code, reason, status}. */
  onState(handler) {
    this._states.add(handler);
    return () => this._states.delete(handler);
  }

  /** Listen to recoveries: {room, recovered, offset, epoch}; refetch the room's state when recovered is false. */
  onRecovery(handler) {
    this._recoveries.add(handler);
    return () => this._recoveries.delete(handler);
  }

  /** The last position seen in each room with history, as {room: {epoch, offset}}. */
  get positions() {
    return Object.fromEntries(this._positions);
  }

  /**
   * Send {action, data}. While not connected it waits in a queue (the oldest dropped past
   * queueSize) unless {queue: false}; returns whether it was sent or queued.
   */
  send(action, data, { queue = true } = {}) {
    return this._send(this._envelope(action, data), queue);
  }

  /**
   * Send {action, data, id}; the promise settles with the reply's data, or is rejected
   * on an error frame for it, after the timeout, or when the connection drops.
   */
  request(action, data, { timeout = this.options.requestTimeout, queue = true } = {}) {
    const id = 'q' + ++this._nextId;
    return new Promise((resolve, reject) => {
      const entry = { resolve, reject, sent: false };
      entry.timer = setTimeout(() => this._settle(id, new RequestError('timeout', 'No reply within ' + timeout + ' ms')), timeout);
      this._pending.set(id, entry);
      const envelope = this._envelope(action, data, id);
      entry.sent = this.state === 'open';
      if (!this._send(envelope, queue)) this._settle(id, new RequestError('not_connected', 'Not connected'));
    });
  }

  /** Close for good: no reconnect; pending requests are rejected. */
  close(code = 1000, reason = '') {
    this._closed = true;
    this._stopTimers();
    clearTimeout(this._retryTimer);
    this._drop(new RequestError('closed', 'Closed by the client'), true);
    if (this._socket) this._socket.close(code, reason);
    this._setState({ state: 'closed', code, reason });
  }

  _envelope(action, data, id) {
    const envelope = { [this.options.routeKey]: action };
    if (data !== undefined) envelope.data = data;
    if (id !== undefined) envelope.id = id;
    return JSON.stringify(envelope);
  }

  _send(text, queue) {
    if (this.state === 'open') {
      this._socket.send(text);
      return true;
    }
    if (!queue || this._closed) return false;
    this._queue.push(text);
    if (this._queue.length > this.options.queueSize) this._queue.shift();
    return true;
  }

  _nextUrl() {
    const url = this._url;
    let base;
    if (typeof url === 'function') base = url(this._attempt);
    else if (Array.isArray(url)) base = url[(this._urlIndex = (this._urlIndex + 1) % url.length)];
    else base = url;
    if (!this.options.recover) return base;
    let query = '';
    for (const [room, p] of this._positions) {
      query += '&recover=' + encodeURIComponent(room + ':' + p.epoch + ':' + p.offset);
    }
    if (!query) return base;
    return base + (!base.includes('?') ? '?' : /[?&]$/.test(base) ? '' : '&') + query.slice(1);
  }

  _open() {
    if (this._closed) return;
    const url = this._nextUrl();
    const Socket = this.options.WebSocket || WebSocket;
    const socket = (this._socket = new Socket(url));
    let opened = false;
    this._setState({ state: 'connecting', attempt: this._attempt });
    this._connectTimer = setTimeout(() => lost(4000, 'connect timeout'), this.options.connectTimeout);
    const lost = (code, reason) => {
      if (socket !== this._socket) return;
      this._socket = null;
      this._stopTimers();
      socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
      if (socket.readyState < 2) socket.close(4000, reason);
      this._drop(new RequestError('disconnected', 'Connection lost (' + code + ')'), false);
      if (this._closed) return;
      if (FINAL_CLOSE_CODES.includes(code)) return this._final({ state: 'closed', code, reason });
      if (!opened) this._probe(url).then((status) => status ? this._final({ state: 'closed', code, reason, status }) : this._retry(code, reason));
      else this._retry(code, reason);
    };
    socket.onopen = () => {
      opened = true;
      clearTimeout(this._connectTimer);
      this._attempt = 0;
      this._seen = Date.now();
      this._pingTimer = setInterval(() => this._ping(socket, lost), this.options.pingInterval);
      this._setState({ state: 'open' });
      const queued = this._queue;
      this._queue = [];
      queued.forEach((text) => socket.send(text));
      for (const entry of this._pending.values()) entry.sent = true;
    };
    socket.onmessage = (event) => {
      this._seen = Date.now();
      this._receive(event.data);
    };
    socket.onclose = (event) => lost(event.code, event.reason);
  }

  _ping(socket, lost) {
    if (Date.now() - this._seen < this.options.pingInterval) return;
    const seen = this._seen;
    socket.send(this._envelope('$ping', undefined, 'ping'));
    clearTimeout(this._pongTimer);
    this._pongTimer = setTimeout(() => { if (this._seen === seen) lost(4001, 'no answer'); }, this.options.pingTimeout);
  }

  // whether the server refused the handshake for good (browsers hide its HTTP status)
  async _probe(url) {
    const fetcher = this.options.fetch || globalThis.fetch;
    try {
      const response = await fetcher(url.replace(/^ws/, 'http'), { cache: 'no-store', credentials: 'same-origin' });
      return FINAL_HTTP_STATUSES.includes(response.status) ? response.status : 0;
    } catch (e) {
      return 0;
    }
  }

  _stopTimers() {
    clearTimeout(this._connectTimer);
    clearInterval(this._pingTimer);
    clearTimeout(this._pongTimer);
  }

  _retry(code, reason) {
    if (this._closed) return;
    const attempt = ++this._attempt;
    const delay = backoff(attempt, this.options.minDelay, this.options.maxDelay);
    this._setState({ state: 'reconnecting', attempt, delay, code, reason });
    this._retryTimer = setTimeout(() => this._open(), delay);
  }

  _final(state) {
    this._closed = true;
    this._drop(new RequestError('closed', 'Connection closed (' + (state.status || state.code) + ')'), true);
    this._setState(state);
  }

  _receive(text) {
    let m;
    try { m = JSON.parse(text); } catch (e) { return this._emit('text', text); }
    if (m === null || typeof m !== 'object') return this._emit('text', m);
    if (typeof m.room === 'string' && typeof m.epoch === 'string' && typeof m.offset === 'number') {
      this._positions.set(m.room, { epoch: m.epoch, offset: m.offset });
    }
    if (m.replyTo !== undefined) return this._settle(m.replyTo, null, m.data);
    if (m.type === 'error' && m.id !== undefined && this._pending.has(m.id)) {
      return this._settle(m.id, new RequestError(m.code, m.message));
    }
    if (m.type === 'position' && m.recovered !== undefined) {
      this._recoveries.forEach((h) => h({ room: m.room, recovered: m.recovered, offset: m.offset, epoch: m.epoch }));
    }
    this._emit(m.type, m);
  }

  _emit(type, message) {
    const handlers = this._events.get(type);
    if (handlers) handlers.forEach((handler) => handler(message));
  }

  _settle(id, error, data) {
    const entry = this._pending.get(id);
    if (!entry) return;
    this._pending.delete(id);
    clearTimeout(entry.timer);
    if (error) entry.reject(error);
    else entry.resolve(data);
  }

  // reject the requests sent on a lost connection (all of them when closing for good)
  _drop(error, all) {
    for (const [id, entry] of [...this._pending]) if (all || entry.sent) this._settle(id, error);
    if (all) this._queue = [];
  }

  _setState(state) {
    this.state = state.state;
    this._states.forEach((handler) => handler(state));
  }
}

/** Why a request failed: code is the error frame's code, or timeout, disconnected, closed, not_connected. */
export class RequestError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}
