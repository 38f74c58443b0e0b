// The preview host's transport and page serving on real loopback sockets, and
// the renderer + preview shim in real Chromium, with a test-driven session.
import { request } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import type { Socket } from 'node:net';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { WebSocket } from 'ws';
import type { PreviewHost } from '../../app/main/preview/host.ts';
import type { ConnectivitySnapshot } from '../../app/shared/connectivity.ts';
import { WORDS } from '../../app/shared/messages/index.ts';
import { makeSnapshot } from '../support/snapshots.ts';
import { launchChromium } from './support/chromium.ts';
import type { Browser } from './support/chromium.ts';
import { startScriptedHost } from './support/scripted-host.ts';
import { ScriptedSession } from './support/scripted-session.ts';
import { collectProblems } from './support/toolbar-page.ts';

const SHOTS = resolve(import.meta.dirname, '__screenshots__');

const online: ConnectivitySnapshot = makeSnapshot({ t: Date.now() });

let host: PreviewHost;
let session: ScriptedSession;

/** The run's access token, from the URL the host prints. */
const tokenOf = (h: PreviewHost) => new URL(h.url).searchParams.get('token')!;
/** The page as the printed URL names it (path + token). */
const page = () => `/?token=${encodeURIComponent(tokenOf(host))}`;
const wsUrl = (h: PreviewHost, token: string | null) => `${h.url.replace('http', 'ws').split('?')[0]}ipc${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
const originOf = (h: PreviewHost) => new URL(h.url).origin;

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(host.url);
  return new Promise((done, fail) => {
    const req = request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

function connect(origin: string | undefined, token: string | null = tokenOf(host), on: PreviewHost = host): Promise<{ ws: WebSocket; first: unknown }> {
  return new Promise((done, fail) => {
    const ws = new WebSocket(wsUrl(on, token), origin ? { origin } : {});
    ws.once('message', (d) => done({ ws, first: JSON.parse(String(d)) }));
    ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', fail);
  });
}

type Reply = { id: number; reply: { ok: boolean; error?: { kind: string; code: number | null; message: string } } };

/** Sends every frame at once; resolves with the replies in the order sent (matched by id). */
function askAll(ws: WebSocket, frames: { id: number; name: string; args: unknown[] }[]): Promise<Reply[]> {
  return new Promise((done) => {
    const replies = new Map<number, Reply>();
    ws.on('message', function onMessage(d) {
      const msg = JSON.parse(String(d)) as Reply;
      if (!('id' in msg)) return;
      replies.set(msg.id, msg);
      if (replies.size < frames.length) return;
      ws.off('message', onMessage);
      done(frames.map((f) => replies.get(f.id)!));
    });
    for (const f of frames) ws.send(JSON.stringify(f));
  });
}

function ask(ws: WebSocket, frame: unknown): Promise<unknown> {
  return new Promise((done) => {
    ws.on('message', function onMessage(d) {
      const msg = JSON.parse(String(d));
      if ('id' in msg) {
        ws.off('message', onMessage);
        done(msg);
      }
    });
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

beforeAll(async () => {
  session = new ScriptedSession(online);
  ({ host } = await startScriptedHost(session));
});

afterAll(async () => {
  await host?.close();
});

describe('preview host over HTTP', () => {
  it('serves the page with the shim first and the CSP as a header', async () => {
    const res = await get(page());
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'; script-src 'self'; style-src 'self';.*frame-ancestors 'none'/);
    expect(res.body.indexOf('preview-shim.js')).toBeGreaterThan(0);
    expect(res.body.indexOf('preview-shim.js')).toBeLessThan(res.body.indexOf('assets/index-'));
    expect(res.body).not.toMatch(/<script>(?!<)/);
  });

  it('refuses other hosts (DNS rebinding), other methods and paths outside the renderer', async () => {
    expect((await get(page(), { host: 'evil.example' })).status).toBe(421);
    expect((await get(page(), {}, 'POST')).status).toBe(405);
    expect((await get('/%2e%2e/%2e%2e/package.json')).status).toBe(404);
    expect((await get('/..%2f..%2fpackage.json')).status).toBe(404);
    expect((await get('/%E0%A4%A')).status).toBe(400);
    expect((await get('/nothing.js')).status).toBe(404);
  });

  it('the page needs the access token from the printed URL; the public build files do not', async () => {
    const token = tokenOf(host);
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    for (const path of ['/', '/index.html', '/?token=', `/?token=${token.slice(0, -1)}`, `/?token=${token}x`, `/?other=${token}`]) {
      const res = await get(path);
      expect(res.status, path).toBe(403);
      expect(res.body).toBe('missing or wrong access token: open the URL the preview printed\n');
    }
    expect((await get(`/index.html?token=${token}`)).status).toBe(200);
    expect((await get('/preview-shim.js')).status).toBe(200);
  });
});

describe('preview host over WebSocket', () => {
  it('refuses connections from another origin or without one', async () => {
    await expect(connect('http://evil.example')).rejects.toThrow('HTTP 403');
    await expect(connect(undefined)).rejects.toThrow('HTTP 403');
    await expect(connect(originOf(host).replace('127.0.0.1', 'localhost'))).rejects.toThrow('HTTP 403');
  });

  it('a local process that forges the Origin header is refused without the access token', async () => {
    await expect(connect(originOf(host), null)).rejects.toThrow('HTTP 403');
    await expect(connect(originOf(host), '')).rejects.toThrow('HTTP 403');
    await expect(connect(originOf(host), `${tokenOf(host).slice(0, -1)}A`)).rejects.toThrow('HTTP 403');
    const { ws } = await connect(originOf(host));
    ws.close();
  });

  it('welcomes its own page with the snapshot and answers requests through the contract', async () => {
    const { ws, first } = await connect(originOf(host));
    try {
      expect(first).toEqual({ push: 'snapshot', payload: session.snapshot() });
      expect(await ask(ws, { id: 1, name: 'getSnapshot', args: [] })).toEqual({ id: 1, reply: { ok: true, value: session.snapshot() } });
      expect(await ask(ws, { id: 2, name: 'reconnectNow', args: [] })).toEqual({ id: 2, reply: { ok: true, value: { accepted: true } } });
      expect(session.checks).toContain('user');
      expect(await ask(ws, { id: 3, name: 'agentNotReady', args: ['bad reason!'] })).toMatchObject({ id: 3, reply: { ok: false, error: { kind: 'invalid-payload', code: null } } });
      expect(await ask(ws, { id: 4, name: 'shutdown', args: [] })).toMatchObject({ id: 4, reply: { ok: false, error: { kind: 'unknown-request', code: null } } });
      expect(await ask(ws, 'not json')).toEqual({ id: null, reply: { ok: false, error: { kind: 'invalid-message', code: null, message: 'not JSON', retryable: false, server: null } } });
      expect(await ask(ws, { id: 5, name: 'getSnapshot' })).toMatchObject({ id: 5, reply: { ok: false, error: { kind: 'invalid-message', code: null } } });
    } finally {
      ws.close();
    }
  });

  it('rate-limits each client: a burst of agentReady reaches the session only up to the limit, the rest get a clear error', async () => {
    const { ws } = await connect(originOf(host));
    const before = session.agentCalls.length;
    try {
      const replies = await askAll(ws, Array.from({ length: 50 }, (_, i) => ({ id: 100 + i, name: 'agentReady', args: [] })));
      const answered = replies.filter((r) => r.reply.ok).length;
      // Bursts of 10, 5 per second: the 50 arrive within far less than a second.
      expect(answered).toBeGreaterThanOrEqual(10);
      expect(answered).toBeLessThanOrEqual(12);
      expect(session.agentCalls.length - before).toBe(answered);
      expect(replies.find((r) => !r.reply.ok)!.reply.error).toEqual({ kind: 'rate-limited', code: null, retryable: true, server: null, message: expect.stringMatching(/^Too many requests: agentReady refused \(at most 5 per second, bursts of 10\); try again in \d\.\d s$/) });
      // Another page has its own allowance.
      const other = await connect(originOf(host));
      expect(await ask(other.ws, { id: 1, name: 'agentReady', args: [] })).toEqual({ id: 1, reply: { ok: true, value: { outcome: 'done' } } });
      other.ws.close();
    } finally {
      ws.close();
    }
  });
});

type Pushed = { push?: string; payload?: { attributes?: { n?: number }; seq?: number } };

interface StuckClient {
  socket: Socket;
  /** Starts reading at last; resolves with every message it was sent once `enough` says so. */
  drain(enough: (messages: Pushed[]) => boolean): Promise<Pushed[]>;
}

/** A WebSocket client that completes the upgrade and then reads nothing until told to. */
function stuckClient(on: PreviewHost): Promise<StuckClient> {
  const url = new URL(on.url);
  return new Promise((done, fail) => {
    const socket = tcpConnect({ host: url.hostname, port: Number(url.port) }, () => {
      socket.write(
        `GET /ipc?token=${encodeURIComponent(tokenOf(on))} HTTP/1.1\r\nHost: ${url.host}\r\nOrigin: ${url.origin}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    let buffered = Buffer.alloc(0);
    const messages: Pushed[] = [];
    // Server frames are unmasked text frames: opcode, length (7 bits, or 16 / 64 more), payload.
    const parse = () => {
      for (;;) {
        if (buffered.length < 2) return;
        let length = buffered[1]! & 0x7f;
        let at = 2;
        if (length === 126) [length, at] = buffered.length < 4 ? [-1, 0] : [buffered.readUInt16BE(2), 4];
        else if (length === 127) [length, at] = buffered.length < 10 ? [-1, 0] : [Number(buffered.readBigUInt64BE(2)), 10];
        if (length < 0 || buffered.length < at + length) return;
        if ((buffered[0]! & 0x0f) === 1) messages.push(JSON.parse(buffered.subarray(at, at + length).toString('utf8')) as Pushed);
        buffered = buffered.subarray(at + length);
      }
    };
    const onHead = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onHead);
      socket.pause();
      const head = buffered.subarray(0, end).toString('latin1');
      buffered = buffered.subarray(end + 4);
      if (!head.startsWith('HTTP/1.1 101')) return fail(new Error(head.split('\r\n')[0]));
      done({
        socket,
        drain: (enough) =>
          new Promise((resolve, reject) => {
            const check = () => {
              parse();
              if (enough(messages)) resolve(messages);
            };
            socket.on('data', (c: Buffer) => {
              buffered = Buffer.concat([buffered, c]);
              check();
            });
            socket.once('close', () => (enough(messages) ? resolve(messages) : reject(new Error(`closed after ${messages.length} messages`))));
            check();
            socket.resume();
          }),
      });
    };
    socket.on('data', onHead);
    socket.on('error', fail);
  });
}

const until = async (check: () => boolean, ms = 5000) => {
  for (const end = Date.now() + ms; !check(); await new Promise((r) => setTimeout(r, 10))) if (Date.now() > end) throw new Error('timed out');
};

describe('preview host bounds per client (a page that never reads)', () => {
  // The stall limit has its own host below; here it must not cut the stuck page off mid-test.
  const bounds = { softBytes: 64 * 1024, hardBytes: 1024 * 1024, stallMs: 60_000, maxClients: 4 };
  const warnings: { obj: Record<string, unknown>; msg: string }[] = [];
  let bounded: PreviewHost;
  let scripted: ScriptedSession;
  const PAD = 'x'.repeat(32 * 1024);
  const bigEvent = (i: number) => ({ t: Date.now(), event: 'EventAddressInfo', server: 'a', attributes: { ThisDN: '5001', n: i, pad: PAD } });

  beforeAll(async () => {
    scripted = new ScriptedSession(online);
    ({ host: bounded } = await startScriptedHost(scripted, { clientBounds: bounds, log: { warn: (obj, msg) => void warnings.push({ obj, msg }) } }));
  });
  afterAll(async () => {
    await bounded?.close();
  });

  /** Pushes 32 KiB events (a turn each, so a reading page keeps up) until one is dropped: the stuck page's socket is full. */
  async function fillUntilDropped(on = bounded, from = scripted, onPush: () => void = () => {}): Promise<void> {
    const droppedBefore = on.transport.stats().droppedEvents;
    for (let pushed = 0; on.transport.stats().droppedEvents === droppedBefore; pushed++) {
      // Loopback socket buffers take tens of MB here, how many varies.
      if (pushed > 12_000) throw new Error(`no event dropped after ${pushed} events of 32 KiB`);
      from.emit(bigEvent(pushed));
      onPush();
      await new Promise((r) => setImmediate(r));
    }
  }

  it('a page that never reads: events dropped and counted exactly, snapshots coalesced to the newest, the host holding no more than the soft bound; a reading page gets everything', async () => {
    const stuck = await stuckClient(bounded);
    onTestFinished(() => void stuck.socket.destroy());
    const reader = await connect(originOf(bounded), tokenOf(bounded), bounded);
    onTestFinished(() => reader.ws.close());
    const got: Pushed[] = [];
    reader.ws.on('message', (d) => got.push(JSON.parse(String(d))));
    let maxBuffered = 0;
    const watchBuffers = () => void (maxBuffered = Math.max(maxBuffered, ...bounded.transport.bufferedAmounts()));
    const start = bounded.transport.stats();

    let events = 0;
    await fillUntilDropped(bounded, scripted, () => {
      events++;
      watchBuffers();
    });
    let snapshots = 0;
    for (let i = 0; i < 1000; i++) {
      scripted.emit(bigEvent(events++));
      if (i % 10 === 9) {
        scripted.set({ attempt: i });
        snapshots++;
      }
      watchBuffers();
      await new Promise((r) => setImmediate(r));
    }
    const last = scripted.set({ attempt: 99_999 });
    snapshots++;

    // Never more than the soft bound plus the one message that crossed it.
    expect(maxBuffered).toBeLessThanOrEqual(bounds.softBytes + PAD.length + 1024);
    await until(() => got.some((m) => m.push === 'snapshot' && m.payload?.seq === last.seq));
    expect(got.filter((m) => m.push === 'event').map((m) => m.payload!.attributes!.n)).toEqual(Array.from({ length: events }, (_, i) => i));

    // The stuck page reads at last: it gets what its socket held, then the newest snapshot it was owed.
    const seen = await stuck.drain((m) => m.some((x) => x.push === 'snapshot' && x.payload?.seq === last.seq));
    const stats = bounded.transport.stats();
    const dropped = stats.droppedEvents - start.droppedEvents;
    const seenEvents = seen.filter((m) => m.push === 'event').map((m) => m.payload!.attributes!.n!);
    expect(dropped).toBeGreaterThan(0);
    expect(seenEvents.length + dropped).toBe(events);
    expect(seenEvents).toEqual([...seenEvents].sort((x, y) => x - y));
    const seenSnapshots = seen.filter((m) => m.push === 'snapshot').map((m) => m.payload!.seq!);
    expect(seenSnapshots.at(-1)).toBe(last.seq);
    // The welcome, then every snapshot either sent or replaced by a newer one.
    expect(seenSnapshots.length - 1 + (stats.coalescedSnapshots - start.coalescedSnapshots)).toBe(snapshots);
    expect(stats.coalescedSnapshots - start.coalescedSnapshots).toBeGreaterThan(0);
    // Caught up: the drop is reported once, with its count.
    await until(() => warnings.some((w) => w.msg === 'preview client was too slow: events dropped'));
    expect(warnings.filter((w) => w.msg === 'preview client was too slow: events dropped').map((w) => w.obj.droppedEvents)).toEqual([dropped]);
  });

  it('a page that stays over the soft bound longer than the stall limit is closed at the next push', async () => {
    const session2 = new ScriptedSession(online);
    const log: { obj: Record<string, unknown>; msg: string }[] = [];
    const { host: short } = await startScriptedHost(session2, { clientBounds: { ...bounds, stallMs: 300 }, log: { warn: (obj, msg) => void log.push({ obj, msg }) } });
    onTestFinished(() => short.close());
    const stuck = await stuckClient(short);
    onTestFinished(() => void stuck.socket.destroy());
    await fillUntilDropped(short, session2);
    // Over the soft bound, but not for long yet: kept.
    session2.emit(bigEvent(-1));
    expect(short.transport.stats()).toMatchObject({ clients: 1, closedSlow: 0 });
    await new Promise((r) => setTimeout(r, 400));
    session2.emit(bigEvent(-2));
    expect(short.transport.stats()).toMatchObject({ clients: 0, closedSlow: 1 });
    expect(log.at(-1)).toMatchObject({ msg: 'preview client closed: not reading', obj: { why: expect.stringContaining('for more than 300 ms') } });
    // The host hung up on it: reading again, it sees the end.
    await stuck.drain(() => false).catch(() => undefined);
    expect(stuck.socket.destroyed).toBe(true);
  });

  it('a page that sends requests but never reads their replies is closed at the hard bound', async () => {
    const { socket: stuck } = await stuckClient(bounded);
    const closedBefore = bounded.transport.stats().closedSlow;
    // 200 events of 32 KiB in the recent list: each getRecentEvents reply is ~6.6 MB, 40 of them ~260 MB.
    for (let i = 0; i < 200; i++) scripted.emit(bigEvent(i));
    const frame = (id: number) => {
      const body = Buffer.from(JSON.stringify({ id, name: 'getRecentEvents', args: [] }));
      const mask = Buffer.from([1, 2, 3, 4]);
      return Buffer.concat([Buffer.from([0x81, 0x80 | body.length]), mask, body.map((b, i) => b ^ mask[i % 4]!)]);
    };
    for (let id = 1; id <= 40; id++) stuck.write(frame(id));
    await until(() => bounded.transport.stats().closedSlow > closedBefore);
    expect(warnings.at(-1)).toMatchObject({ msg: 'preview client closed: not reading', obj: { why: `over ${bounds.hardBytes} bytes unsent` } });
    stuck.destroy();
  });

  it('refusals are logged without the token, right or wrong', async () => {
    const wrong = `${tokenOf(bounded)}-guess`;
    await expect(connect(originOf(bounded), wrong, bounded)).rejects.toThrow('HTTP 403');
    await expect(connect('http://evil.example', tokenOf(bounded), bounded)).rejects.toThrow('HTTP 403');
    const refused = warnings.filter((w) => w.msg === 'preview WebSocket refused').map((w) => w.obj.why);
    expect(refused.slice(-2)).toEqual(['wrong access token', `origin "http://evil.example" is not ${originOf(bounded)}`]);
    expect(JSON.stringify(warnings)).not.toContain(tokenOf(bounded));
  });

  it('at most maxClients at once', async () => {
    await until(() => bounded.transport.clientCount === 0);
    const open = await Promise.all(Array.from({ length: bounds.maxClients }, () => connect(originOf(bounded), tokenOf(bounded), bounded)));
    await expect(connect(originOf(bounded), tokenOf(bounded), bounded)).rejects.toThrow('HTTP 503');
    for (const c of open) c.ws.close();
  });
});

describe('renderer in Chromium through the preview shim', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium({ colorScheme: 'light' });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('loads through the printed URL (token and all), follows pushed snapshots and sends Reconnect now', async () => {
    const page = await browser.context.newPage();
    const problems = collectProblems(page);
    await page.goto(host.url);
    await page.getByTestId('status-chip').getByText(WORDS.status.online).waitFor({ timeout: 5000 });

    session.set({ phase: 'link-down', link: 'down', linkError: { code: 109, message: 'CTI link to switch lost' } });
    await page.getByTestId('banner').getByText(WORDS.banner['link-down'].title).waitFor({ timeout: 5000 });
    await page.screenshot({ path: resolve(SHOTS, 'preview-shim-link-down-light.png') });

    session.set({ phase: 'reconnecting', server: null, link: 'unknown', linkError: null, attempt: 2, nextServer: 'b', nextAttemptAt: Date.now() + 20_000 });
    const checks = session.checks.length;
    await page.getByRole('button', { name: WORDS.banner.reconnectNow }).click();
    await expect.poll(() => session.checks.length, { timeout: 5000 }).toBe(checks + 1);
    expect(session.checks.at(-1)).toBe('user');
    expect(problems).toEqual([]);
    await page.close();
  });
});
