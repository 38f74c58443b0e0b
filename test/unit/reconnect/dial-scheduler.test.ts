import { describe, expect, it } from 'vitest';
import { DialScheduler, type DialSchedulerOptions, type DialSchedulerState } from '../../../app/main/tserver/session/reconnect/dial-scheduler.ts';
import { FakeTime, flush } from './fake-time.ts';
import { FakeDialer, badPassword, refused } from './fake-dialer.ts';

function setup(options: Partial<DialSchedulerOptions> & { randomValue?: number } = {}) {
  const time = new FakeTime();
  const dialer = new FakeDialer();
  const changes: DialSchedulerState[] = [];
  const scheduler = new DialScheduler({
    endpoints: ['a', 'b'],
    dial: dialer.dial,
    now: time.now,
    timers: time,
    random: () => options.randomValue ?? 1,
    ...options,
    // A 30 s cap shows the growth over more steps than the 4 s default does.
    settings: { maxDelayMs: 30_000, ...options.settings },
  });
  scheduler.onChange((s) => changes.push(s));
  const waitLeft = () => {
    const at = scheduler.state().nextAttemptAt;
    return at === null ? null : at - time.now();
  };
  return { time, dialer, scheduler, changes, waitLeft };
}

/** Fails the dial in flight, then runs the wait until the next dial starts; returns that wait. */
async function failAndWaitForNext(t: ReturnType<typeof setup>, error: unknown = refused()): Promise<number | null> {
  t.dialer.last.reject(error);
  await flush();
  const wait = t.waitLeft();
  if (wait !== null) await t.time.advance(wait);
  return wait;
}

describe('DialScheduler', () => {
  it('long outage: once every endpoint has failed twice, the last one that accepted a session gets two attempts of three', async () => {
    const t = setup();
    t.scheduler.start('startup');
    await t.time.advance(100);
    t.dialer.last.resolve(); // a session on a
    await flush();
    await t.time.advance(t.scheduler.settings.healthySessionMs);
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(100);
    for (let i = 0; i < 10; i++) await failAndWaitForNext(t);
    // Lost a: b first, then alternating while the outage is young; then a, a, b, a, a, b …
    expect(t.dialer.endpoints.slice(1)).toEqual(['b', 'a', 'b', 'a', 'a', 'b', 'a', 'a', 'b', 'a', 'a']);
  });

  it('a session lost before healthySessionMs keeps the backoff growing (a server that breaks every session)', async () => {
    const t = setup();
    t.scheduler.start('startup');
    await t.time.advance(100);
    const waits: (number | null)[] = [];
    for (let i = 0; i < 5; i++) {
      t.dialer.last.resolve(); // the open succeeds …
      await flush();
      await t.time.advance(50); // … and the server breaks the session right after
      t.scheduler.start('connection-lost', 'a');
      const wait = t.waitLeft();
      waits.push(wait);
      if (wait !== null) await t.time.advance(wait);
    }
    expect(waits).toEqual([1000, 1600, 2560, 4096, 6554]);
    // Six sessions in ~16 s instead of one every ~100 ms.
    expect(t.dialer.calls).toHaveLength(6);
  });

  it('waits the first delay, then the exact backoff sequence (random = 1), alternating b, a after losing a', async () => {
    const t = setup();
    expect(t.scheduler.start('connection-lost', 'a')).toBe(true);
    expect(t.scheduler.state()).toMatchObject({ phase: 'waiting', attempt: 1, nextServer: 'b', reason: 'connection-lost' });
    expect(t.waitLeft()).toBe(100);
    await t.time.advance(99);
    expect(t.dialer.calls).toHaveLength(0);
    await t.time.advance(1);
    expect(t.dialer.calls).toHaveLength(1);

    const waits: (number | null)[] = [];
    for (let i = 0; i < 10; i++) waits.push(await failAndWaitForNext(t));
    expect(waits).toEqual([1000, 1600, 2560, 4096, 6554, 10486, 16777, 26844, 30000, 30000]);
    expect(t.dialer.endpoints).toEqual(['b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b', 'a', 'b']);
    expect(t.dialer.calls.map((c) => c.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(t.dialer.calls.every((c) => c.connectTimeoutMs === 4000)).toBe(true);
  });

  it('random = 0.5 waits half of each ceiling, first delay included', async () => {
    const t = setup({ randomValue: 0.5 });
    t.scheduler.start('connection-lost', 'b');
    expect(t.waitLeft()).toBe(50);
    await t.time.advance(50);
    const waits = [];
    for (let i = 0; i < 4; i++) waits.push(await failAndWaitForNext(t));
    expect(waits).toEqual([500, 800, 1280, 2048]);
    expect(t.dialer.endpoints).toEqual(['a', 'b', 'a', 'b', 'a']);
  });

  it('at startup dials the primary first, with the configured first delay', async () => {
    const t = setup({ randomValue: 0.25, settings: { firstDelayMaxMs: 2000 } });
    t.scheduler.start('startup');
    expect(t.waitLeft()).toBe(500);
    expect(t.scheduler.state().nextServer).toBe('a');
  });

  it('is single-flight: a slow dial is never joined by a second one', async () => {
    const t = setup();
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(100);
    expect(t.scheduler.state().phase).toBe('dialling');
    expect(t.scheduler.start('connection-lost', 'a')).toBe(false);
    expect(t.scheduler.checkNow('user')).toBe(false);
    await t.time.advance(4999); // below the 4000 ms connect bound + 1000 ms watchdog grace
    expect(t.dialer.calls).toHaveLength(1);
    expect(t.dialer.maxInFlight).toBe(1);
  });

  it('gives up on a dial that never settles (watchdog), aborts it and ignores its late answer', async () => {
    const t = setup();
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(100);
    const hung = t.dialer.last;
    await t.time.advance(5000);
    expect(hung.signal.aborted).toBe(true);
    expect(t.scheduler.state()).toMatchObject({ phase: 'waiting', attempt: 2, nextServer: 'a' });
    expect(t.scheduler.state().lastError).toEqual({ code: null, message: 'no answer from b within 5000 ms', retryable: true, server: 'b' });
    hung.resolve(); // too late: must not count as connected
    await flush();
    expect(t.scheduler.state().phase).toBe('waiting');
  });

  it('checkNow("user") during a long backoff dials at once', async () => {
    const t = setup();
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(100);
    for (let i = 0; i < 7; i++) await failAndWaitForNext(t);
    t.dialer.last.reject(refused());
    await flush();
    expect(t.waitLeft()).toBe(26844);
    expect(t.scheduler.checkNow('user')).toBe(true);
    expect(t.dialer.calls).toHaveLength(9);
    expect(t.scheduler.state()).toMatchObject({ phase: 'dialling', reason: 'user', nextAttemptAt: null, attempt: 9 });
    expect(t.time.pending).toBe(1); // only the watchdog: the skipped wait is cancelled
  });

  it('throttles hints to one per 500 ms and refuses when idle or dialling', async () => {
    const t = setup();
    expect(t.scheduler.checkNow('user')).toBe(false); // idle: nothing to do
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(100);
    t.dialer.last.reject(refused());
    await flush();
    expect(t.scheduler.checkNow('user')).toBe(true);
    expect(t.scheduler.checkNow('user')).toBe(false); // dialling
    t.dialer.last.reject(refused());
    await flush();
    await t.time.advance(499);
    expect(t.scheduler.state().phase).toBe('waiting');
    expect(t.scheduler.checkNow('user')).toBe(false); // 499 ms since the last accepted hint
    await t.time.advance(1);
    expect(t.scheduler.state().phase).toBe('waiting');
    expect(t.scheduler.checkNow('user')).toBe(true);
    expect(t.dialer.calls).toHaveLength(3);
  });

  it('machine hints (resume, network change) re-arm within the first-delay spread instead of dialling at once', async () => {
    const t = setup({ randomValue: 0.5 });
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(50);
    for (let i = 0; i < 5; i++) await failAndWaitForNext(t);
    t.dialer.last.reject(refused());
    await flush();
    expect(t.waitLeft()).toBe(5243);
    expect(t.scheduler.checkNow('network-change')).toBe(true);
    expect(t.waitLeft()).toBe(50);
    expect(t.scheduler.state().reason).toBe('network-change');
    expect(t.dialer.calls).toHaveLength(6);
    await t.time.advance(50);
    expect(t.dialer.calls).toHaveLength(7);
  });

  it('a machine hint that would not bring the attempt forward is refused', async () => {
    const t = setup({ randomValue: 1 });
    t.scheduler.start('connection-lost', 'a'); // first attempt in 100 ms
    await t.time.advance(50);
    expect(t.scheduler.checkNow('resume')).toBe(false); // 100 ms from now is later than 50 ms
    expect(t.waitLeft()).toBe(50);
  });

  it('stops on a not-retryable answer and says so; only the agent can retry it', async () => {
    const t = setup();
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(100);
    await failAndWaitForNext(t);
    t.dialer.last.reject(badPassword());
    await flush();
    expect(t.scheduler.state()).toMatchObject({
      phase: 'failed',
      nextAttemptAt: null,
      nextServer: null,
      lastError: { code: 1705, message: 'password does not match', retryable: false, server: 'a' },
    });
    expect(t.time.pending).toBe(0);
    await t.time.advance(600_000);
    expect(t.dialer.calls).toHaveLength(2);
    expect(t.scheduler.checkNow('resume')).toBe(false);
    expect(t.scheduler.checkNow('network-change')).toBe(false);

    // The agent fixed the password and clicked Reconnect now: a fresh loop, dialled at once.
    expect(t.scheduler.checkNow('user')).toBe(true);
    expect(t.dialer.last).toMatchObject({ endpoint: 'b', attempt: 1 });
    t.dialer.last.resolve();
    await flush();
    expect(t.scheduler.state()).toMatchObject({ phase: 'idle', attempt: 0, lastError: null });
  });

  it('after the agent retries a failed loop and hits a network error, it backs off from the start', async () => {
    const t = setup();
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(100);
    t.dialer.last.reject(badPassword());
    await flush();
    t.scheduler.checkNow('user');
    t.dialer.last.reject(refused());
    await flush();
    expect(t.scheduler.state()).toMatchObject({ phase: 'waiting', attempt: 2, nextServer: 'a' });
    expect(t.waitLeft()).toBe(1000);
  });

  it('stop cancels the wait: no dial and no change notification afterwards', async () => {
    const t = setup();
    t.scheduler.start('connection-lost', 'a');
    const before = t.changes.length;
    t.scheduler.stop();
    expect(t.time.pending).toBe(0);
    await t.time.advance(60_000);
    expect(t.dialer.calls).toHaveLength(0);
    expect(t.changes).toHaveLength(before);
    expect(t.scheduler.state()).toMatchObject({ phase: 'idle', attempt: 0, nextAttemptAt: null, nextServer: null });
  });

  it('stop during a dial aborts it and ignores its outcome', async () => {
    const t = setup();
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(100);
    const call = t.dialer.last;
    t.scheduler.stop();
    expect(call.signal.aborted).toBe(true);
    const before = t.changes.length;
    call.reject(refused());
    await t.time.advance(60_000);
    expect(t.changes).toHaveLength(before);
    expect(t.dialer.calls).toHaveLength(1);
    expect(t.time.pending).toBe(0);
  });

  it('success resets the counters once the session stayed healthy: the next loss starts over from the first delay and 1 s', async () => {
    const t = setup();
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(100);
    await failAndWaitForNext(t);
    await failAndWaitForNext(t);
    expect(t.scheduler.state().endpoints).toMatchObject([
      { name: 'a', consecutiveFailures: 1 },
      { name: 'b', consecutiveFailures: 1 },
    ]);
    t.dialer.last.resolve(); // b answered (attempt 3)
    await flush();
    const connectedAt = t.time.now();
    expect(t.scheduler.state()).toMatchObject({ phase: 'idle', attempt: 0, nextAttemptAt: null, nextServer: null, lastError: null, reason: null });
    expect(t.scheduler.state().endpoints).toEqual([
      { name: 'a', consecutiveFailures: 1, lastError: { code: null, message: 'ECONNREFUSED', retryable: true, server: 'a' }, lastAttemptAt: connectedAt - 1600, lastConnectedAt: null },
      { name: 'b', consecutiveFailures: 0, lastError: null, lastAttemptAt: connectedAt, lastConnectedAt: connectedAt },
    ]);
    expect(t.time.pending).toBe(0);

    await t.time.advance(t.scheduler.settings.healthySessionMs);
    t.scheduler.start('connection-lost', 'b');
    expect(t.waitLeft()).toBe(100);
    await t.time.advance(100);
    expect(t.dialer.last).toMatchObject({ endpoint: 'a', attempt: 1 });
    expect(await failAndWaitForNext(t)).toBe(1000);
  });

  it('announces every change of phase, attempt and target', async () => {
    const t = setup();
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(100);
    await failAndWaitForNext(t);
    t.dialer.last.resolve();
    await flush();
    expect(t.changes.map((c) => `${c.phase}:${c.attempt}:${c.nextServer ?? '-'}`)).toEqual([
      'waiting:1:b',
      'dialling:1:b',
      'waiting:2:a',
      'dialling:2:a',
      'idle:0:-',
    ]);
  });

  it('a dial that throws synchronously or rejects with a non-error is a retryable failure', async () => {
    const time = new FakeTime();
    let n = 0;
    const scheduler = new DialScheduler({
      endpoints: ['a', 'b'],
      now: time.now,
      timers: time,
      random: () => 0.5,
      dial: () => {
        n += 1;
        if (n === 1) throw new Error('socket() failed');
        return Promise.reject(undefined);
      },
    });
    scheduler.start('startup');
    await time.advance(50);
    expect(scheduler.state().endpoints[0]?.lastError?.message).toBe('socket() failed');
    await time.advance(500);
    expect(scheduler.state()).toMatchObject({ phase: 'waiting', attempt: 3, lastError: { message: 'connection attempt failed', retryable: true, server: 'b' } });
  });

  it('a throwing listener does not break the loop', async () => {
    const errors: unknown[] = [];
    const t = setup({ onListenerError: (e) => errors.push(e) });
    t.scheduler.onChange(() => {
      throw new Error('listener bug');
    });
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(100);
    expect(t.dialer.calls).toHaveLength(1);
    expect(errors.length).toBeGreaterThanOrEqual(2);
  });

  it('unsubscribe stops notifications', () => {
    const t = setup();
    const seen: string[] = [];
    const off = t.scheduler.onChange((s) => seen.push(s.phase));
    off();
    t.scheduler.start('startup');
    expect(seen).toEqual([]);
  });

  it('hot mode: a scheduler over one endpoint redials that endpoint only', async () => {
    const t = setup({ endpoints: ['b'] });
    t.scheduler.start('connection-lost', 'b');
    await t.time.advance(100);
    await failAndWaitForNext(t);
    await failAndWaitForNext(t);
    expect(t.dialer.endpoints).toEqual(['b', 'b', 'b']);
  });

  it('rejects bad construction and an unknown lost endpoint with clear errors', () => {
    const t = setup();
    expect(() => t.scheduler.start('connection-lost', 'z')).toThrow(/unknown endpoint "z"/);
    expect(t.scheduler.state().phase).toBe('idle');
    const dial = () => Promise.resolve();
    expect(() => new DialScheduler({ endpoints: [], dial })).toThrow(/at least one endpoint/);
    expect(() => new DialScheduler({ endpoints: ['a', 'a'], dial })).toThrow(/unique/);
    expect(() => new DialScheduler({ endpoints: ['a'], dial: undefined as never })).toThrow(/dial function/);
    expect(() => new DialScheduler({ endpoints: ['a'], dial, settings: { multiplier: 0 } })).toThrow(/multiplier/);
  });
});
