// Warm standby, a backup being promoted (issue 8): its "not primary yet" refusals (58) are
// re-asked soon and alone, without growing the backoff, within a bounded window and count.
import { describe, expect, it } from 'vitest';
import { DialScheduler } from '../../../app/main/tserver/session/reconnect/dial-scheduler.ts';
import { PROMOTION_RETRY, promotionRetryDelayMs, reconnectSettings } from '../../../app/main/tserver/session/reconnect/reconnect-policy.ts';
import { EndpointRecords } from '../../../app/main/tserver/session/endpoint-records.ts';
import { FakeTime, flush } from './fake-time.ts';
import { FakeDialer, refused } from './fake-dialer.ts';

const notPrimaryYet = () => Object.assign(new Error('server b is a warm-standby backup'), { retryable: true, code: 58 });

function setup(random = 1) {
  const time = new FakeTime();
  const dialer = new FakeDialer();
  const records = new EndpointRecords(['a', 'b']);
  const scheduler = new DialScheduler({
    endpoints: ['a', 'b'],
    dial: dialer.dial,
    now: time.now,
    timers: time,
    random: () => random,
    settings: { maxDelayMs: 30_000 },
    records,
    promotionPending: (e) => e.code === 58,
  });
  const waitLeft = () => {
    const at = scheduler.state().nextAttemptAt;
    return at === null ? null : at - time.now();
  };
  const failAndWait = async (error: unknown) => {
    dialer.last.reject(error);
    await flush();
    const wait = waitLeft();
    if (wait !== null) await time.advance(wait);
    return wait;
  };
  return { time, dialer, scheduler, records, failAndWait };
}

describe('promotion retry', () => {
  it('the delay: one round (the first-delay spread, at least 250 ms) plus up to 5 % or the floor\'s excess, never less, never above the loop\'s longest wait', () => {
    const single = reconnectSettings();
    expect([promotionRetryDelayMs(single, 0), promotionRetryDelayMs(single, 1)]).toEqual([250, 400]);
    const fleet = reconnectSettings({ firstDelayMaxMs: 2000 });
    expect([promotionRetryDelayMs(fleet, 0), promotionRetryDelayMs(fleet, 1)]).toEqual([2000, 2100]);
    expect(promotionRetryDelayMs(fleet, Number.NaN)).toBe(2100);
    const wide = reconnectSettings({ firstDelayMaxMs: 4000 }); // maxDelayMs 4 000: the 5 % would pass the cap
    expect([promotionRetryDelayMs(wide, 0), promotionRetryDelayMs(wide, 1)]).toEqual([4000, 4000]);
    const widest = reconnectSettings({ firstDelayMaxMs: 600_000 });
    expect(promotionRetryDelayMs(widest, 1)).toBe(600_000);
  });

  it('is counted from when the refused dial was due, not from its late answer (a busy server answers a burst at once)', async () => {
    const t = setup(0);
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(0);
    expect(t.dialer.last.endpoint).toBe('b');
    await t.time.advance(200); // the backup answers 200 ms after the dial started
    expect(await t.failAndWait(notPrimaryYet())).toBe(50);
    expect(t.dialer.endpoints).toEqual(['b', 'b']);
    await t.time.advance(400); // an answer later than the whole wait: the next round, never back to back
    expect(await t.failAndWait(notPrimaryYet())).toBe(100);
  });

  it('a dial whose timer fired late (a busy event loop) keeps its place: counted from when it was due', async () => {
    const t = setup(1);
    t.scheduler.start('connection-lost', 'a'); // first attempt due in 100 ms
    t.time.stall(300);
    await t.time.advance(0); // fires 200 ms late
    expect(t.dialer.last.endpoint).toBe('b');
    t.dialer.last.reject(notPrimaryYet());
    await flush();
    expect(t.scheduler.state().nextAttemptAt! - t.time.now()).toBe(100 + 400 - 300);
  });

  it('a slow backup that answers every re-ask late is not re-dialled back to back (each waits for its next round)', async () => {
    const t = setup(0);
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(0);
    const waits: (number | null)[] = [];
    for (let i = 0; i < 4; i++) {
      await t.time.advance(300); // every answer 300 ms after its dial, past the 250 ms round
      waits.push(await t.failAndWait(notPrimaryYet()));
    }
    expect(waits).toEqual([200, 200, 200, 200]);
  });

  it('a fleet spread longer than the window (15 s) is not pinned to the refusing backup: the normal schedule, the primary next', async () => {
    const time = new FakeTime();
    const dialer = new FakeDialer();
    const scheduler = new DialScheduler({ endpoints: ['a', 'b'], dial: dialer.dial, now: time.now, timers: time, random: () => 0, settings: { firstDelayMaxMs: 15_000 }, promotionPending: (e) => e.code === 58 });
    scheduler.start('connection-lost', 'a');
    await time.advance(0);
    dialer.last.reject(notPrimaryYet());
    await flush();
    expect(scheduler.state().nextServer).toBe('a');
    expect(scheduler.state().nextAttemptAt! - time.now()).toBe(0); // full jitter with random 0
  });

  it('asking the lost primary on the way does not move the backup\'s turn', async () => {
    const t = setup(1);
    t.scheduler.start('connection-lost', 'a', { lostAnswersQuickly: true });
    await t.time.advance(100);
    expect(await t.failAndWait(notPrimaryYet())).toBe(0);
    expect(t.dialer.last.endpoint).toBe('a');
    await t.time.advance(100); // a's refusal takes 100 ms
    expect(await t.failAndWait(refused())).toBe(300);
    expect(t.dialer.last.endpoint).toBe('b');
  });

  it('re-asks the refusing backup alone, soon, with the backoff not grown; then dials on as usual', async () => {
    const t = setup(1);
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(100);
    expect(t.dialer.last.endpoint).toBe('b');
    const waits = [];
    for (let i = 0; i < 3; i++) waits.push(await t.failAndWait(notPrimaryYet()));
    expect(waits).toEqual([400, 400, 400]);
    expect(t.dialer.endpoints).toEqual(['b', 'b', 'b', 'b']);
    // Any other failure: back to the normal schedule, starting at the first backoff step.
    expect(await t.failAndWait(refused())).toBe(1000);
    expect(t.dialer.last.endpoint).toBe('a');
    expect(t.records.get('b')).toMatchObject({ consecutiveFailures: 4, failedThisOutage: true });
  });

  it('is bounded: at most PROMOTION_RETRY.maxAttempts quick re-asks per loop, then the normal backoff', async () => {
    const t = setup(1);
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(100);
    const waits: (number | null)[] = [];
    for (let i = 0; i < PROMOTION_RETRY.maxAttempts + 4; i++) waits.push(await t.failAndWait(notPrimaryYet()));
    const quick = waits.filter((w) => w !== null && w < 1000).length;
    expect(quick).toBe(PROMOTION_RETRY.maxAttempts);
    // Afterwards the usual growing, alternating schedule — even when b keeps refusing with 58.
    expect(waits.slice(PROMOTION_RETRY.maxAttempts)).toEqual([1000, 1600, 2560, 4096]);
    expect(t.dialer.endpoints.slice(-4)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('is bounded in time too: no quick re-ask once the window since the loss has passed (a long outage)', async () => {
    const t = setup(1);
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(100);
    await t.failAndWait(notPrimaryYet());
    await t.time.advance(PROMOTION_RETRY.windowMs); // b's attempt hangs past the window
    expect(await t.failAndWait(notPrimaryYet())).toBe(1000);
  });

  it('a success resets the budget for the next outage', async () => {
    const t = setup(1);
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(100);
    for (let i = 0; i < PROMOTION_RETRY.maxAttempts; i++) await t.failAndWait(notPrimaryYet());
    t.dialer.last.resolve();
    await flush();
    await t.time.advance(10_000); // a healthy session
    t.scheduler.start('connection-lost', 'b');
    await t.time.advance(100);
    expect(await t.failAndWait(notPrimaryYet())).toBe(400);
  });

  it('soak finding 4: the lost primary, heard breaking the session, is asked once while the backup says 58', async () => {
    const t = setup(1);
    t.scheduler.start('connection-lost', 'a', { lostAnswersQuickly: true });
    await t.time.advance(100);
    expect(t.dialer.last.endpoint).toBe('b');
    expect(await t.failAndWait(notPrimaryYet())).toBe(0); // at once
    expect(t.dialer.last.endpoint).toBe('a'); // still the primary after garbage: it accepts
    t.dialer.last.resolve();
    await flush();
    expect(t.dialer.endpoints).toEqual(['b', 'a']);
  });

  it('soak finding 4: once only, at once, and a refusal there goes back to re-asking the backup on its usual wait, the backoff unchanged', async () => {
    const t = setup(1);
    t.scheduler.start('connection-lost', 'a', { lostAnswersQuickly: true });
    await t.time.advance(100);
    const waits = [];
    waits.push(await t.failAndWait(notPrimaryYet())); // b
    waits.push(await t.failAndWait(refused())); // a: crashed
    waits.push(await t.failAndWait(notPrimaryYet())); // b
    waits.push(await t.failAndWait(notPrimaryYet())); // b
    expect(waits).toEqual([0, 400, 400, 400]);
    expect(t.dialer.endpoints).toEqual(['b', 'a', 'b', 'b', 'b']);
  });

  it('a silent lost primary (ADDP) is not asked: its dial could hold the loop until the connect timeout', async () => {
    const t = setup(1);
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(100);
    for (let i = 0; i < 3; i++) await t.failAndWait(notPrimaryYet());
    expect(t.dialer.endpoints).toEqual(['b', 'b', 'b', 'b']);
  });

  it('soak finding 4: the endpoint just lost is never re-asked on its 58 (it was demoted), whatever failures short sessions kept', async () => {
    const t = setup(1);
    // Short sessions on alternating servers: the failures before each are kept (healthySessionMs).
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(100);
    for (let i = 0; i < 4; i++) await t.failAndWait(refused());
    t.dialer.last.resolve(); // b accepted
    await flush();
    await t.time.advance(1000); // lost soon after: backoff kept
    t.scheduler.start('connection-lost', 'b');
    const wait = t.scheduler.state().nextAttemptAt! - t.time.now();
    await t.time.advance(wait);
    // The other endpoint first, not the one that accepted last (the rule for long outages).
    expect(t.dialer.last.endpoint).toBe('a');
    await t.failAndWait(refused());
    expect(t.dialer.last.endpoint).toBe('b');
    // b's own 58 means it was demoted: not re-asked, the alternation goes on.
    await t.failAndWait(notPrimaryYet());
    expect(t.dialer.endpoints.slice(-3)).toEqual(['a', 'b', 'a']);
  });
});
