// IpcServer's per-sender request rate limit (app/main/ipc/rate-limit.ts): the
// same bound for Electron's IPC and the preview's WebSocket. A test clock drives it.
import { describe, expect, it } from 'vitest';
import { IpcServer } from '../../../app/main/ipc/ipc-server.ts';
import { DEFAULT_RATE_LIMITS, MAX_TRACKED_SENDERS, SenderRateLimiter, TokenBucket, requestClass } from '../../../app/main/ipc/rate-limit.ts';
import { createRequestHandlers, RecentEvents } from '../../../app/main/ipc/request-handlers.ts';
import { MemoryCredentialStore } from '../../../app/main/credentials/memory-store.ts';
import { SecretValues } from '../../../app/main/logging/redact.ts';
import { FakeSession, silentLog } from './fixtures.ts';

function setup() {
  let now = 1000;
  const session = new FakeSession();
  const log = silentLog();
  const handlers = createRequestHandlers({
    session,
    credentials: new MemoryCredentialStore(),
    recentEvents: () => new RecentEvents().list(),
    secrets: new SecretValues(),
    log,
    diagnostics: { appVersion: 't', platform: 'linux', config: () => ({}), logLines: () => [], now: () => 0 },
  });
  const server = new IpcServer(handlers, log, { now: () => now });
  const call = (name: string, args: unknown[] = [], sender = 'window 1') => server.handle({ name, args, senderOk: true, senderDescription: sender });
  return { server, session, log, call, advance: (ms: number) => void (now += ms) };
}

const agentCalls = (session: FakeSession) => session.calls.filter((c) => String(c[0]).startsWith('agent')).length;

describe('IpcServer rate limit', () => {
  it('agent requests: a burst of 10, then refused with a clear error that never reaches the session; 5 per second after', async () => {
    const { call, session, advance } = setup();
    for (let i = 0; i < 10; i++) expect((await call('agentReady')).ok).toBe(true);
    expect(await call('agentReady')).toEqual({
      ok: false,
      error: { kind: 'rate-limited', code: null, retryable: true, server: null, message: 'Too many requests: agentReady refused (at most 5 per second, bursts of 10); try again in 0.2 s' },
    });
    expect(agentCalls(session)).toBe(10);
    advance(199);
    expect((await call('agentNotReady', ['42'])).ok).toBe(false);
    advance(1);
    expect((await call('agentNotReady', ['42'])).ok).toBe(true);
    expect((await call('agentLogout')).ok).toBe(false);
    advance(1000);
    for (let i = 0; i < 5; i++) expect((await call('agentLogout')).ok).toBe(true);
    expect((await call('agentLogout')).ok).toBe(false);
    expect(agentCalls(session)).toBe(16);
  });

  it('issue 9: 49 970 agentReady in 5 s from one page: 34 reach the T-Server', async () => {
    const { call, session, advance } = setup();
    let answered = 0;
    for (let i = 0; i < 49_970; i++) {
      if ((await call('agentReady')).ok) answered++;
      if (i % 10 === 9) advance(1); // 10 000 per second
    }
    expect(answered).toBe(10 + 5 * 5 - 1);
    expect(agentCalls(session)).toBe(answered);
  });

  it('reads have their own, larger bucket: a page that used up its actions still gets its snapshot', async () => {
    const { call, advance } = setup();
    for (let i = 0; i < 10; i++) await call('reconnectNow');
    expect((await call('reconnectNow')).ok).toBe(false);
    for (let i = 0; i < 40; i++) expect((await call(i % 2 ? 'getSnapshot' : 'getRecentEvents')).ok).toBe(true);
    expect(await call('getSnapshot')).toMatchObject({ ok: false, error: { kind: 'rate-limited', message: expect.stringMatching(/^Too many requests: getSnapshot refused \(at most 20 per second, bursts of 40\)/) } });
    advance(50);
    expect((await call('getSnapshot')).ok).toBe(true);
  });

  it('each sender has its own buckets', async () => {
    const { call, session } = setup();
    for (let i = 0; i < 11; i++) await call('agentReady', [], 'websocket client 1');
    expect((await call('agentReady', [], 'websocket client 1')).ok).toBe(false);
    expect((await call('agentReady', [], 'websocket client 2')).ok).toBe(true);
    expect(agentCalls(session)).toBe(11);
  });

  it('bad names and payloads count too, and a flood of refusals is logged once a second with its count', async () => {
    const { call, log, advance } = setup();
    for (let i = 0; i < 10; i++) await call('shutdown');
    expect(log.lines.filter((l) => l.msg.includes('unknown channel'))).toHaveLength(10);
    for (let i = 0; i < 1000; i++) expect(await call('agentNotReady', ['bad reason!'])).toMatchObject({ ok: false, error: { kind: 'rate-limited' } });
    advance(1000);
    for (let i = 0; i < 5; i++) expect((await call('agentLogout')).ok).toBe(true);
    expect(await call('x'.repeat(10_000))).toMatchObject({ ok: false, error: { kind: 'rate-limited', message: expect.stringMatching(/^Too many requests: request refused/) } });
    const refusals = log.lines.filter((l) => l.msg === 'IPC requests refused: rate limit');
    expect(refusals.map((l) => l.obj)).toEqual([
      { sender: 'window 1', channel: 'agentNotReady', refused: 1 },
      { sender: 'window 1', channel: 'x'.repeat(64), refused: 1000 },
    ]);
    expect(log.lines.filter((l) => l.msg.includes('payload rejected'))).toHaveLength(0);
  });

  it('an untrusted sender is limited before it is rejected (so its log lines are bounded too)', async () => {
    const { server, log } = setup();
    for (let i = 0; i < 100; i++) await server.handle({ name: 'agentReady', args: [], senderOk: false, senderDescription: 'frame not ours' });
    expect(log.lines.filter((l) => l.msg.includes('untrusted sender'))).toHaveLength(10);
  });
});

describe('rate-limit parts', () => {
  it('classes: reads are named, everything else (including unknown names) is an action', () => {
    expect(['getSnapshot', 'getRecentEvents', 'copyDiagnostics', 'getUiConfig'].map(requestClass)).toEqual(['read', 'read', 'read', 'read']);
    expect(['agentReady', 'agentNotReady', 'agentLogin', 'agentLogout', 'reconnectNow', 'bogus'].map(requestClass)).toEqual(Array(6).fill('action'));
  });

  it('a token bucket refills at its rate up to its burst, and a clock that steps back adds nothing', () => {
    const bucket = new TokenBucket({ burst: 2, perSecond: 4 }, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([null, null, 250]);
    expect(bucket.take(-5000)).toBe(250);
    expect(bucket.take(250)).toBeNull();
    expect(bucket.isFull(10_000)).toBe(true);
    expect(() => new TokenBucket({ burst: 0, perSecond: 1 }, 0)).toThrow(RangeError);
    expect(() => new TokenBucket({ burst: 1, perSecond: Number.NaN }, 0)).toThrow(RangeError);
    expect(() => new SenderRateLimiter({ ...DEFAULT_RATE_LIMITS, read: { burst: 5, perSecond: 0 } })).toThrow(RangeError);
  });

  it('tracks a bounded number of senders: a page reloading in a loop cannot grow it', () => {
    let now = 0;
    const limiter = new SenderRateLimiter(DEFAULT_RATE_LIMITS, () => now);
    for (let i = 0; i < 10_000; i++) {
      expect(limiter.check(`websocket client ${i}`, 'agentReady')).toBeNull();
      now += 1;
      expect(limiter.trackedSenders).toBeLessThanOrEqual(MAX_TRACKED_SENDERS);
    }
    // A busy sender is not forgotten while idle ones can go.
    now += 10_000;
    for (let i = 0; i < 10; i++) limiter.check('busy', 'agentReady');
    for (let i = 0; i < MAX_TRACKED_SENDERS - 1; i++) limiter.check(`new ${i}`, 'getSnapshot');
    expect(limiter.check('busy', 'agentReady')).not.toBeNull();
  });
});
