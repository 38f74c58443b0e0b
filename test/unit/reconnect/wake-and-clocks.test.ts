// Issue 15 in the dial loop: a wake dials now with the backoff reset, the endpoint that
// last carried the session first; wall-clock steps change no throttle or window.
import { describe, expect, it } from 'vitest';
import { DialScheduler } from '../../../app/main/tserver/session/reconnect/dial-scheduler.ts';
import { FakeTime, flush } from './fake-time.ts';
import { FakeDialer, refused } from './fake-dialer.ts';

function setup() {
  const time = new FakeTime();
  let wallOffset = 0;
  const dialer = new FakeDialer();
  const scheduler = new DialScheduler({
    endpoints: ['a', 'b'],
    dial: dialer.dial,
    now: () => time.now() + wallOffset,
    monotonic: time.now,
    timers: time,
    random: () => 1,
    settings: { maxDelayMs: 30_000 },
  });
  const failAndWait = async () => {
    dialer.last.reject(refused());
    await flush();
    const at = scheduler.state().nextAttemptAt;
    return at === null ? null : at - (time.now() + wallOffset);
  };
  return { time, dialer, scheduler, failAndWait, stepWall: (ms: number) => (wallOffset += ms) };
}

describe('DialScheduler: wake and clocks', () => {
  it('wake() while waiting a long backoff: dials now, the preferred endpoint first, backoff from the start', async () => {
    const t = setup();
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(100);
    for (let i = 0; i < 5; i++) {
      const wait = await t.failAndWait();
      if (i < 4 && wait !== null) await t.time.advance(wait);
    }
    expect(t.scheduler.state().phase).toBe('waiting');
    const before = t.dialer.calls.length;
    expect(t.scheduler.wake('a')).toBe(true);
    expect(t.dialer.calls).toHaveLength(before + 1);
    expect(t.dialer.last.endpoint).toBe('a');
    expect(await t.failAndWait()).toBe(1000); // the first backoff step again
    // Nothing to wake while dialling or idle.
    await t.time.advance(1000);
    expect(t.scheduler.wake('a')).toBe(false);
  });

  it('for a while after a wake the waits stay short (servers coming back), then grow as usual', async () => {
    const t = setup();
    t.scheduler.start('wake', 'a');
    await t.time.advance(0);
    const waits: (number | null)[] = [];
    for (let i = 0; i < 6; i++) {
      const wait = await t.failAndWait();
      waits.push(wait);
      if (wait !== null) await t.time.advance(wait);
    }
    expect(waits).toEqual([1000, 1500, 1500, 1500, 1500, 1500]);
    await t.time.advance(60_000); // past the window: the next wait is the grown backoff again
    expect(await t.failAndWait()).toBeGreaterThan(1500);
  });

  it("start('wake', x): x first, at once", async () => {
    const t = setup();
    t.scheduler.start('wake', 'a');
    await flush();
    await t.time.advance(0);
    expect(t.dialer.calls.map((c) => c.endpoint)).toEqual(['a']);
  });

  it('a wall-clock step back does not block Reconnect now (the throttle runs on the monotonic clock)', async () => {
    const t = setup();
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(100);
    await t.failAndWait();
    expect(t.scheduler.checkNow('user')).toBe(true);
    await t.failAndWait();
    t.stepWall(-60_000);
    await t.time.advance(600);
    expect(t.scheduler.checkNow('user')).toBe(true);
  });
});
