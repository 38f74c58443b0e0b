// Hot standby (issue 9's fleet-compare): a leg's loop while the other leg carries the
// session only brings the standby back, so its waits are the calm STANDBY_RETRY ones;
// it hurries again the moment nothing serves the session.
import { describe, expect, it } from 'vitest';
import { DialScheduler } from '../../../app/main/tserver/session/reconnect/dial-scheduler.ts';
import { reconnectSettings, retryDelayMs, standbyRetryDelayMs } from '../../../app/main/tserver/session/reconnect/reconnect-policy.ts';
import { FakeTime, flush } from './fake-time.ts';
import { FakeDialer, refused } from './fake-dialer.ts';

function setup(random = 0.5) {
  const time = new FakeTime();
  const dialer = new FakeDialer();
  let served = false;
  const scheduler = new DialScheduler({
    endpoints: ['a'],
    dial: dialer.dial,
    now: time.now,
    timers: time,
    random: () => random,
    settings: { initialDelayMs: 1000, maxDelayMs: 4000, firstDelayMaxMs: 2000 },
    served: () => served,
  });
  const waitLeft = () => scheduler.state().nextAttemptAt! - time.now();
  return { time, dialer, scheduler, waitLeft, serve: (on: boolean) => (served = on) };
}

describe('standby retry', () => {
  it('the delay: 0.5–2.5 × maxDelayMs (2–10 s with the defaults)', () => {
    const s = reconnectSettings({ maxDelayMs: 4000 });
    expect([standbyRetryDelayMs(s, 0), standbyRetryDelayMs(s, 0.5), standbyRetryDelayMs(s, 0.999999)]).toEqual([2000, 6000, 10_000]);
  });

  it('a wait that ends while the other leg serves is replaced by a calm one instead of a dial', async () => {
    const t = setup();
    t.scheduler.start('connection-lost', 'a');
    expect(t.waitLeft()).toBe(1000); // the first-delay spread: nobody serves yet
    t.serve(true); // the session moved to the other leg meanwhile
    await t.time.advance(1000);
    expect(t.dialer.calls).toHaveLength(0);
    expect(t.waitLeft()).toBe(6000);
    await t.time.advance(6000);
    expect(t.dialer.endpoints).toEqual(['a']); // a calm wait ends in a dial
  });

  it('startup: the standby leg is dialled at the end of its first delay even when the other leg already serves', async () => {
    const t = setup();
    t.scheduler.start('startup');
    expect(t.waitLeft()).toBe(1000);
    t.serve(true); // the other leg came online first
    await t.time.advance(1000);
    expect(t.dialer.endpoints).toEqual(['a']); // never dialled yet: no calm wait first
    t.dialer.last.reject(refused());
    await flush();
    expect(t.waitLeft()).toBe(6000); // its failure while served waits calmly
  });

  it('failures while served wait calmly, not on the backoff', async () => {
    const t = setup();
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(1000);
    t.serve(true);
    t.dialer.last.reject(refused());
    await flush();
    expect(t.waitLeft()).toBe(6000);
    t.serve(false);
    await t.time.advance(6000);
    t.dialer.last.reject(refused());
    await flush();
    expect(t.waitLeft()).toBe(retryDelayMs(t.scheduler.settings, 2, 0.5)); // nothing serves: the normal backoff (second step)
  });

  it('the serving leg lost: a peer-lost hint brings the calm wait forward', async () => {
    const t = setup();
    t.serve(true);
    t.scheduler.start('connection-lost', 'a');
    await t.time.advance(1000);
    expect(t.waitLeft()).toBe(6000);
    t.serve(false);
    expect(t.scheduler.checkNow('peer-lost')).toBe(true);
    expect(t.waitLeft()).toBe(1000); // within the first-delay spread again
    await t.time.advance(1000);
    expect(t.dialer.endpoints).toEqual(['a']);
  });
});
