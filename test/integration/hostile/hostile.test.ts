// Hostile servers against one TServerConnection over real loopback TCP, real
// time (issue 9): garbage after open, trickled frames, wrong ReferenceID, wrong
// DN, floods, a peer that never reads, a reset mid-frame. Each test asserts the
// memory ceilings (the connection's bounded internals, plus coarse RSS where a
// flood makes it meaningful), the truth of liveness (open / silent / lost, and
// why) and the dial count (a connection never redials by itself: one accepted
// TCP connection per test). Small timeouts keep each test to a few seconds.
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_WRITE_QUEUE_BYTES, TServerConnection } from '../../../app/main/tserver/connection/index.ts';
import type { ConnectionOptions, DisconnectInfo } from '../../../app/main/tserver/connection/index.ts';
import { DECODER_OVERHEAD_BYTES, DEFAULT_MAX_FRAME_LENGTH, encodeMessage, makeMessage } from '../../../app/main/tserver/protocol/index.ts';
import type { TMessage } from '../../../app/main/tserver/protocol/index.ts';
import { acceptOpen, startDeafServer, startFakeServer } from '../../unit/connection/fake-server.ts';
import type { DeafServer, FakeServer, OnMessage } from '../../unit/connection/fake-server.ts';
import { probe, sleep, within } from './probe.ts';

const ADDP_MS = 300;
/** Scheduling slack on a loaded 2-core machine; the bounds themselves are what is asserted. */
const MARGIN_MS = 400;
/** The decoder's ceiling: one frame buffer plus its length scratch. */
const DECODER_BOUND = 4 + DEFAULT_MAX_FRAME_LENGTH + DECODER_OVERHEAD_BYTES;
const PONG_BYTES = encodeMessage(makeMessage('AddpPong')).byteLength;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function server(onMessage: OnMessage): Promise<FakeServer> {
  const s = await startFakeServer(onMessage);
  cleanups.push(() => s.close());
  return s;
}

async function deafServer(then?: Parameters<typeof startDeafServer>[0]): Promise<DeafServer> {
  const s = await startDeafServer(then);
  cleanups.push(() => s.close());
  return s;
}

function connection(port: number, extra: Partial<ConnectionOptions> = {}) {
  const conn = new TServerConnection({
    endpoint: { name: 'h', host: '127.0.0.1', port },
    applicationName: 'hostile',
    addpTimeoutMs: ADDP_MS,
    connectTimeoutMs: 1000,
    requestTimeoutMs: 1000,
    ...extra,
  });
  cleanups.push(() => conn.close());
  const events: TMessage[] = [];
  conn.onEvent((e) => events.push(e));
  const silences: Array<number | null> = [];
  conn.onSilence((since) => silences.push(since));
  const disconnects = () => events.filter((e) => e.name === 'EventServerDisconnected').length;
  return { conn, events, silences, disconnects };
}

/** The connection's end, or 'still open' after `ms`. */
const endWithin = (conn: TServerConnection, ms: number): Promise<DisconnectInfo | 'still open'> => within(conn.closed, ms, 'still open' as const);

/** After the end, no new dial arrives: the connection never reconnects by itself. */
async function expectDials(s: { peers?: unknown[]; sockets?: unknown[] }, n: number): Promise<void> {
  await sleep(100);
  expect((s.peers ?? s.sockets)!.length).toBe(n);
}

/** Sends large requests until `stop()` says so or the session ends; returns their outcomes. */
async function pushRequests(conn: TServerConnection, stop: () => boolean, sample: () => void): Promise<Array<Promise<unknown>>> {
  const reason = 'r'.repeat(200 * 1024); // a 200 KiB request: the kernel's buffers fill after a few
  const outcomes: Array<Promise<unknown>> = [];
  for (let i = 0; i < 200 && conn.state === 'open' && !stop(); i++) {
    outcomes.push(conn.agentNotReady('5001', { reasonCode: reason }).catch((e: unknown) => e));
    sample();
    await new Promise((r) => setImmediate(r)); // let the socket flush what the kernel takes
  }
  return outcomes;
}

describe('hostile server: garbage after open', () => {
  const cases: Array<[string, Buffer, string]> = [
    ['an oversize length', Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff]), Buffer.alloc(64 * 1024, 0xa5)]), 'oversize-frame'],
    ['a length below the header (the simulator garbage fault)', Buffer.from([0, 0, 0, 2, 0xde, 0xad, 0xbe, 0xef]), 'short-frame'],
    ['a plausible frame with an unknown attribute type', Buffer.from([0, 0, 0, 13, 0, 0, 0, 95, 0, 1, 0, 86, 9, 0, 0, 0, 0]), 'unknown-attribute-type'],
  ];
  for (const [what, garbage, kind] of cases) {
    it(`${what}: protocol-error (${kind}) at once, one disconnect, one dial`, async () => {
      const s = await server(acceptOpen);
      const { conn, disconnects } = connection(s.port);
      await conn.open();
      const pending = conn.queryServer().catch((e: unknown) => e);
      const peer = await s.nextPeer();
      peer.socket.write(garbage);
      const end = await endWithin(conn, MARGIN_MS);
      expect(end).toMatchObject({ reason: 'protocol-error', detail: expect.stringContaining(kind) });
      expect(await pending).toMatchObject({ kind: 'disconnected', retryable: true });
      expect(conn.usage.decoderRetainedBytes).toBeLessThanOrEqual(DECODER_BOUND);
      expect(disconnects()).toBe(1);
      await expectDials(s, 1);
    });
  }
});

describe('hostile server: trickled frames are not life', () => {
  it('a 1,000,000-byte frame trickled a byte every 20 ms: silent after 1 x ADDP, lost (addp-timeout) within 2 x', async () => {
    const s = await server(acceptOpen); // never answers our ping
    const { conn, silences } = connection(s.port);
    await conn.open();
    const peer = await s.nextPeer();
    const head = Buffer.alloc(4);
    head.writeUInt32BE(1_000_000);
    peer.socket.write(head);
    const started = performance.now();
    const trickle = setInterval(() => peer.socket.write(Buffer.from([0])), 20);
    cleanups.push(async () => clearInterval(trickle));
    const p = probe(conn);
    const end = await endWithin(conn, 2 * ADDP_MS + MARGIN_MS);
    const elapsed = performance.now() - started;
    const max = p.stop();
    expect(end).toMatchObject({ reason: 'addp-timeout' });
    expect(elapsed).toBeGreaterThanOrEqual(2 * ADDP_MS - 20); // the last whole frame was the open reply, just before `started`
    expect(silences).toHaveLength(1);
    expect(typeof silences[0]).toBe('number'); // checking, never back to "alive" on bytes alone
    expect(max.decoderRetainedBytes).toBe(4 + 1_000_000 + DECODER_OVERHEAD_BYTES);
    await expectDials(s, 1);
  });

  it('whole frames trickled slowly but each completed well within ADDP keep it alive', async () => {
    const s = await server(acceptOpen);
    const { conn, silences } = connection(s.port);
    await conn.open();
    const peer = await s.nextPeer();
    const frame = encodeMessage(makeMessage('EventLinkConnected', { TimeinSecs: 1, ServerRole: 1 }));
    let i = 0;
    // One byte per 5 ms: a frame of ~30 bytes completes in ~150 ms < ADDP_MS.
    const trickle = setInterval(() => peer.socket.write(frame.subarray(i % frame.byteLength, (i++ % frame.byteLength) + 1)), 5);
    cleanups.push(async () => clearInterval(trickle));
    expect(await endWithin(conn, 4 * ADDP_MS)).toBe('still open');
    expect(silences).toEqual([]);
  });
});

describe('hostile server: replies that answer something else', () => {
  it('a reply with a ReferenceID that is not ours: the request times out (57), the event passes as unsolicited, the session stays', async () => {
    const s = await server((peer, m) => {
      acceptOpen(peer, m);
      if (m.name === 'RequestQueryAddress') peer.send('EventAddressInfo', { ReferenceID: (m.attributes.ReferenceID as number) + 1000, ThisDN: '5001', AgentState: 1 });
    });
    const { conn, events } = connection(s.port, { requestTimeoutMs: 300 });
    await conn.open();
    await expect(conn.queryAddress('5001')).rejects.toMatchObject({ kind: 'timeout', code: 57, retryable: true });
    expect(events.map((e) => e.name)).toContain('EventAddressInfo');
    expect(conn.state).toBe('open');
    expect(conn.usage.pendingRequests).toBe(0);
    await expectDials(s, 1);
  });

  it('an open reply with another ReferenceID does not open the session: connect-timeout', async () => {
    const s = await server((peer, m) => {
      if (m.name === 'RequestRegisterClient') peer.send('EventLinkConnected', { ReferenceID: 999, ServerRole: 1, SessionID: 1, TimeinSecs: 1 });
    });
    const { conn } = connection(s.port, { connectTimeoutMs: 300 });
    await expect(conn.open()).rejects.toMatchObject({ disconnect: { reason: 'connect-timeout' } });
    await expectDials(s, 1);
  });

  it('EventRegistered for DN 9999 in reply to RegisterAddress 5001: rejected (retryable), closed as protocol-error', async () => {
    const s = await server((peer, m) => {
      acceptOpen(peer, m);
      if (m.name === 'RequestRegisterAddress') peer.send('EventRegistered', { ReferenceID: m.attributes.ReferenceID, ThisDN: '9999', AgentState: 1, AgentID: 'x' });
    });
    const { conn, events } = connection(s.port);
    await conn.open();
    await expect(conn.registerAddress('5001')).rejects.toMatchObject({ kind: 'disconnected', retryable: true, disconnect: { reason: 'protocol-error' } });
    expect((await conn.closed).detail).toContain('wrong-dn: EventRegistered for DN "9999" answers RegisterAddress 5001');
    expect(events.map((e) => e.name)).not.toContain('EventRegistered');
    await expectDials(s, 1);
  });
});

describe('hostile server: floods', () => {
  it('a ping flood from a peer that never reads: one pong owed at most, memory bounded, then the unread bytes end it', async () => {
    const ping = encodeMessage(makeMessage('AddpPing'));
    const batch = Buffer.concat(Array.from({ length: 6000 }, () => ping));
    let flooding = false;
    let startFlood = (): void => {};
    const s = await deafServer((socket) => {
      // As fast as the client reads, respecting our own (server-side) backpressure.
      const go = (): void => {
        while (flooding && !socket.destroyed && socket.write(batch));
        if (flooding && !socket.destroyed) socket.once('drain', go);
      };
      startFlood = () => {
        flooding = true;
        go();
      };
    });
    cleanups.push(async () => void (flooding = false));
    const addpTimeoutMs = 1000; // write-stall bound 2 s: the flood is sampled well inside it
    const { conn, silences } = connection(s.port, { addpTimeoutMs });
    await conn.open();
    const p = probe(conn);
    // The kernel's buffers towards a deaf peer fill first (megabytes); fill them now, so
    // that every pong from here on could only pile up in our memory.
    await pushRequests(conn, () => conn.usage.writeQueueBytes > 0, p.sample);
    const filledAt = performance.now();
    const queuedBefore = conn.usage.writeQueueBytes;
    expect(queuedBefore).toBeGreaterThan(0);
    startFlood();
    await sleep(1500);
    const max = p.stop();
    expect(max.samples).toBeGreaterThan(20);
    expect(max.writeQueueBytes).toBeLessThanOrEqual(queuedBefore + PONG_BYTES);
    expect(max.decoderRetainedBytes).toBeLessThanOrEqual(DECODER_BOUND);
    expect(max.rssGrowthBytes).toBeLessThan(150 * 1024 * 1024);
    // Whole frames keep arriving, so the peer is heard: never silent (ADDP is about hearing)…
    expect(silences).toEqual([]);
    // …but it takes none of our bytes: that ends the session within the write-stall bound.
    const end = await endWithin(conn, 2 * addpTimeoutMs + MARGIN_MS);
    expect(end).toMatchObject({ reason: 'protocol-error', detail: expect.stringContaining('not taken by the network') });
    expect(performance.now() - filledAt).toBeLessThanOrEqual(2 * addpTimeoutMs + MARGIN_MS);
    await expectDials(s, 1);
  });

  it('a flood of maximum-size frames: each delivered, the decoder never holds more than one', async () => {
    const big = encodeMessage(makeMessage('EventServerInfo', { '#2000': Buffer.alloc(DEFAULT_MAX_FRAME_LENGTH - 13) }));
    const s = await server(acceptOpen);
    const { conn, events } = connection(s.port);
    await conn.open();
    const peer = await s.nextPeer();
    const p = probe(conn);
    const count = 24;
    for (let i = 0; i < count; i++) peer.socket.write(big);
    for (let i = 0; i < 300 && events.filter((e) => e.name === 'EventServerInfo').length < count; i++) {
      p.sample();
      await sleep(10);
    }
    const max = p.stop();
    expect(events.filter((e) => e.name === 'EventServerInfo')).toHaveLength(count);
    expect(max.decoderRetainedBytes).toBeLessThanOrEqual(DECODER_BOUND);
    expect(conn.state).toBe('open');
  });
});

describe('hostile server: a peer that never reads', () => {
  it('requests past the write-queue bound end the session (protocol-error, peer not reading); the queue never passes the bound', async () => {
    const bound = 256 * 1024;
    const s = await deafServer();
    const { conn } = connection(s.port, { maxWriteQueueBytes: bound, addpTimeoutMs: 0 });
    await conn.open();
    const p = probe(conn);
    const outcomes = await pushRequests(conn, () => false, p.sample);
    const max = p.stop();
    const end = await endWithin(conn, MARGIN_MS);
    expect(end).toMatchObject({ reason: 'protocol-error', detail: expect.stringMatching(new RegExp(`^peer-not-reading: .* the ${bound}-byte write-queue bound`)) });
    expect(max.writeQueueBytes).toBeGreaterThan(0);
    expect(max.writeQueueBytes).toBeLessThanOrEqual(bound);
    for (const o of await Promise.all(outcomes)) expect(o).toMatchObject({ kind: 'disconnected', retryable: true });
    await expectDials(s, 1);
  });

  it('a peer that talks but has stopped reading: our queued bytes untaken for 2 x ADDP end the session', async () => {
    const s = await deafServer((socket) => {
      // Life on its side: an event every 50 ms, so ADDP alone would never notice.
      const t = setInterval(() => socket.destroyed || socket.write(encodeMessage(makeMessage('EventLinkConnected', { TimeinSecs: 1, ServerRole: 1 }))), 50);
      socket.on('close', () => clearInterval(t));
    });
    const { conn, silences } = connection(s.port);
    await conn.open();
    const p = probe(conn);
    // Fill the kernel's buffers until bytes wait in user space, then stop asking.
    await pushRequests(conn, () => conn.usage.writeQueueBytes > 0, p.sample);
    expect(conn.usage.writeQueueBytes).toBeGreaterThan(0);
    expect(conn.usage.writeQueueBytes).toBeLessThanOrEqual(DEFAULT_MAX_WRITE_QUEUE_BYTES);
    const stuckAt = performance.now();
    const end = await endWithin(conn, 2 * ADDP_MS + MARGIN_MS);
    const max = p.stop();
    expect(end).toMatchObject({ reason: 'protocol-error', detail: expect.stringMatching(/^peer-not-reading: \d+ writes? \(\d+ bytes queued\) not taken by the network for \d+ ms$/) });
    expect(performance.now() - stuckAt).toBeLessThanOrEqual(2 * ADDP_MS + MARGIN_MS);
    expect(silences).toEqual([]); // it was heard all along: only the write side tells the truth here
    expect(max.writeQueueBytes).toBeLessThanOrEqual(DEFAULT_MAX_WRITE_QUEUE_BYTES);
    await expectDials(s, 1);
  });
});

describe('hostile server: reset mid-frame', () => {
  it('half a frame then RST: reason rst, the pending request fails retryable, one dial', async () => {
    const s = await server((peer, m) => {
      acceptOpen(peer, m);
      if (m.name === 'RequestQueryServer') {
        const reply = encodeMessage(makeMessage('EventServerInfo', { ReferenceID: m.attributes.ReferenceID, ServerName: 'x'.repeat(500) }));
        peer.socket.write(reply.subarray(0, 200), () => setTimeout(() => peer.socket.resetAndDestroy(), 20));
      }
    });
    const { conn, disconnects } = connection(s.port);
    await conn.open();
    const p = probe(conn);
    const outcome = await conn.queryServer().catch((e: unknown) => e);
    const max = p.stop();
    expect(outcome).toMatchObject({ kind: 'disconnected', retryable: true, disconnect: { reason: 'rst' } });
    expect(max.decoderRetainedBytes).toBeLessThanOrEqual(DECODER_BOUND);
    expect(disconnects()).toBe(1);
    await expectDials(s, 1);
  });
});
