// Hot standby at startup (a flaky CI run of the watch CLI): when the primary's first dial wins
// the race, the standby's first dial still goes at the end of its own first delay, not after
// a calm standby wait (0.5–2.5 × maxDelayMs) meant for re-dials.
import { afterEach, expect, it } from 'vitest';
import { closeRigs, FAST_RECONNECT, online, rig } from './harness.ts';

afterEach(closeRigs);

it('hot startup: b is a ready standby within its first delay even though a came online first', async () => {
  // a's first delay 0 ms, b's ~1 s, brought to 0.5 s when a connects (peer-reconnected);
  // a calm wait would be 5–25 s with maxDelayMs 10 s.
  const draws = [0, 0.999];
  const r = await rig({ mode: 'hot' }, { reconnect: { ...FAST_RECONNECT, firstDelayMaxMs: 1000, maxDelayMs: 10_000 }, random: () => draws.shift() ?? 0.5 });
  const t0 = performance.now();
  await r.waitFor(online('a'), 'online on a');
  const first = r.snapshots.find((s) => s.phase === 'online');
  expect(first?.standby.ready).toBe(false); // a won the race: b had not been dialled yet
  await r.waitFor(online('a', (s) => s.standby.ready), 'standby b ready', 4000);
  expect(performance.now() - t0).toBeLessThan(4000);
});
