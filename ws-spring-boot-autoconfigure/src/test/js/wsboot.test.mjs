// Unit tests of wsboot.js with Node's test runner: `node --test src/test/js/wsboot.test.mjs`,
// run by `./mvnw verify`. The socket is a stand-in that the test opens, feeds and drops.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { backoff, connect, FINAL_CLOSE_CODES } from '../../main/resources/dev/wsboot/client/wsboot.js';

const SOURCE = new URL('../../main/resources/dev/wsboot/client/wsboot.js', import.meta.url);

function sockets() {
  const made = [];
  class FakeSocket {
    constructor(url) { this.url = url; this.sent = []; this.readyState = 0; made.push(this); }
    send(text) { this.sent.push(JSON.parse(text)); }
    close(code, reason) { this.readyState = 3; this.closedWith = { code, reason }; }
    open() { this.readyState = 1; this.onopen(); }
    receive(message) { this.onmessage({ data: JSON.stringify(message) }); }
    drop(code = 1006, reason = '') { this.readyState = 3; if (this.onclose) this.onclose({ code, reason }); }
  }
  return { FakeSocket, made, last: () => made[made.length - 1] };
}

async function until(condition, what, ms = 2000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Timed out waiting for ' + what);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

const clients = [];

after(() => clients.forEach((c) => c.close()));

function client(url, options = {}) {
  const s = sockets();
  const states = [];
  const c = connect(url, { WebSocket: s.FakeSocket, minDelay: 1, maxDelay: 5, fetch: async () => ({ status: 400 }), ...options });
  c.onState((state) => states.push(state));
  clients.push(c);
  return { c, s, states };
}

test('the client is at most 5 KB gzipped (gzip -9), unminified', () => {
  const size = gzipSync(readFileSync(SOURCE), { level: 9 }).length;
  assert.ok(size <= 5120, 'wsboot.js is ' + size + ' bytes gzipped');
});

test('backoff: a random wait up to min(max, min * 2^(n-1)), full jitter after the cap', () => {
  assert.equal(backoff(1, 500, 20000, () => 0.999999), 499);
  assert.equal(backoff(2, 500, 20000, () => 0.999999), 999);
  assert.equal(backoff(7, 500, 20000, () => 0.999999), 19999);
  assert.equal(backoff(1000, 500, 20000, () => 0.999999), 19999);
  assert.equal(backoff(5, 500, 20000, () => 0), 0);
  const waits = Array.from({ length: 1000 }, () => backoff(20));
  assert.ok(waits.every((w) => w >= 0 && w < 20000));
  // spread over the whole range, not in step
  assert.ok(Math.min(...waits) < 2000 && Math.max(...waits) > 18000);
  assert.ok(new Set(waits).size > 900);
});

test('offline sends wait in a bounded queue, the oldest dropped, and go out in order on open', () => {
  const { c, s } = client('ws://node/chat');
  for (let i = 0; i < 150; i++) assert.equal(c.send('say', { n: i }), true);
  assert.equal(c.send('typing', {}, { queue: false }), false);
  s.last().open();
  assert.deepEqual(s.last().sent.map((m) => m.data.n), Array.from({ length: 100 }, (_, i) => i + 50));
  assert.equal(s.last().sent[0].action, 'say');
  c.send('say', { n: 'live' });
  assert.equal(s.last().sent[100].data.n, 'live');
  c.close();
});

test('a request settles with its reply, is rejected by its error frame, and times out leaving nothing behind', async () => {
  const { c, s } = client('ws://node/chat', { requestTimeout: 30 });
  s.last().open();
  const replied = c.request('say', { text: 'hi' });
  const sent = s.last().sent[0];
  assert.equal(sent.action, 'say');
  s.last().receive({ replyTo: sent.id, data: { ok: true } });
  assert.deepEqual(await replied, { ok: true });
  const refused = c.request('nope');
  s.last().receive({ type: 'error', code: 'unknown_action', message: "Unknown action 'nope'", id: s.last().sent[1].id });
  await assert.rejects(refused, (e) => e.code === 'unknown_action');
  const silent = c.request('never');
  await assert.rejects(silent, (e) => e.code === 'timeout');
  assert.equal(c._pending.size, 0);
  // a late reply to a request that timed out is ignored
  s.last().receive({ replyTo: s.last().sent[2].id, data: 1 });
  c.close();
});

test('a dropped connection rejects the requests in flight and reconnects to the next URL, presenting its positions', async () => {
  const { c, s, states } = client(['ws://a/chat/lobby?user=ada', 'ws://b/chat/lobby?user=ada']);
  assert.equal(s.last().url, 'ws://a/chat/lobby?user=ada');
  s.last().open();
  s.last().receive({ type: 'position', room: 'lobby', offset: 3, epoch: 'E1' });
  s.last().receive({ type: 'message', data: { text: 'x' }, room: 'lobby', offset: 4, epoch: 'E1' });
  s.last().receive({ type: 'message', data: {}, room: 'a:b', offset: 9, epoch: 'E2' });
  const inFlight = c.request('say', {});
  s.last().drop(1001, 'server shutdown');
  await assert.rejects(inFlight, (e) => e.code === 'disconnected');
  const reconnecting = states.find((state) => state.state === 'reconnecting');
  assert.equal(reconnecting.attempt, 1);
  assert.equal(reconnecting.code, 1001);
  assert.ok(reconnecting.delay >= 0 && reconnecting.delay < 1);
  await until(() => s.made.length === 2, 'a second socket');
  assert.equal(s.last().url, 'ws://b/chat/lobby?user=ada&recover=lobby%3AE1%3A4&recover=a%3Ab%3AE2%3A9');
  const recoveries = [];
  c.onRecovery((r) => recoveries.push(r));
  s.last().open();
  s.last().receive({ type: 'position', room: 'lobby', offset: 7, epoch: 'E1', recovered: false });
  assert.deepEqual(recoveries, [{ room: 'lobby', recovered: false, offset: 7, epoch: 'E1' }]);
  assert.deepEqual(c.positions.lobby, { epoch: 'E1', offset: 7 });
  c.close();
});

test('events reach their handlers by type; a handler can be removed', () => {
  const { c, s } = client('ws://node/chat');
  s.last().open();
  const got = [];
  const off = c.on('message', (m) => got.push(m.data.text));
  s.last().receive({ type: 'message', data: { text: 'one' } });
  off();
  s.last().receive({ type: 'message', data: { text: 'two' } });
  assert.deepEqual(got, ['one']);
  c.close();
});

for (const code of FINAL_CLOSE_CODES) {
  test('no reconnect after close ' + code, async () => {
    const { c, s, states } = client('ws://node/chat');
    s.last().open();
    const pending = c.request('say', {});
    s.last().drop(code, 'policy');
    await assert.rejects(pending);
    assert.deepEqual(states.at(-1), { state: 'closed', code, reason: 'policy' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(s.made.length, 1);
    assert.equal(c.send('say', {}), false);
  });
}

test('a handshake refused with 401, 403 or 429 is final; any other failure is retried', async () => {
  for (const status of [401, 403, 429]) {
    const { s, states } = client('ws://node/private/x?token=t', { fetch: async (url) => {
      assert.equal(url, 'http://node/private/x?token=t');
      return { status };
    } });
    s.last().drop(1006);
    await until(() => states.length > 0 && states.at(-1).state === 'closed', 'closed');
    assert.equal(states.at(-1).status, status);
    assert.equal(s.made.length, 1);
  }
  const { c, s } = client('wss://node/chat', { fetch: async () => ({ status: 503 }) });
  s.last().drop(1006);
  await until(() => s.made.length === 2, 'a retry after 503');
  const failing = client('ws://node/chat', { fetch: async () => { throw new Error('offline'); } });
  failing.s.last().drop(1006);
  await until(() => failing.s.made.length === 2, 'a retry when the probe fails');
  c.close();
  failing.c.close();
});

test('a connection that never opens is given up after the connect timeout and retried', async () => {
  const { c, s } = client('ws://node/chat', { connectTimeout: 20 });
  await until(() => s.made.length === 2, 'a retry');
  assert.equal(s.made[0].closedWith.code, 4000);
  c.close();
});

test('a silent connection is pinged, and dropped when the ping goes unanswered', async () => {
  const { c, s, states } = client('ws://node/chat', { pingInterval: 20, pingTimeout: 20 });
  s.last().open();
  await until(() => s.made[0].sent.some((m) => m.action === '$ping'), 'a ping');
  await until(() => states.some((state) => state.state === 'reconnecting' && state.code === 4001), 'a reconnect');
  await until(() => s.made.length === 2, 'a new socket');
  // an answered ping keeps the connection
  s.last().open();
  await until(() => s.made[1].sent.some((m) => m.action === '$ping'), 'a ping');
  s.made[1].receive({ replyTo: 'ping', data: 'pong' });
  assert.equal(s.made.length, 2);
  c.close();
});

test('close() is final: no reconnect, pending requests and the queue dropped', async () => {
  const { c, s, states } = client('ws://node/chat');
  const queued = c.request('say', {});
  c.close();
  await assert.rejects(queued, (e) => e.code === 'closed');
  assert.equal(states.at(-1).state, 'closed');
  s.last().drop(1006);
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(s.made.length, 1);
});
