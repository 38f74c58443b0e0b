import { expect, it } from 'vitest';
import { REREAD_MAX_MS, RereadRetry } from '../../../app/main/tserver/session/reread-retry.ts';
import { FakeClock } from '../connection/fake-clock.ts';

/** Fires the retry each time it is due and reschedules it (a read that keeps failing); the gaps between runs. */
function gaps(random: () => number, runs: number): number[] {
  const clock = new FakeClock(0);
  const at: number[] = [];
  const retry: RereadRetry = new RereadRetry(clock, random, () => {
    at.push(clock.monotonic());
    retry.schedule();
  });
  retry.schedule();
  while (at.length < runs) clock.advance(1);
  return at.map((t, i) => t - (at[i - 1] ?? 0));
}

it('doubles from 1 s to 30 s, each delay half jittered (0.5–1×), and stays at the cap', () => {
  expect(gaps(() => 1, 8)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  expect(gaps(() => 0, 8)).toEqual([500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]);
  expect(Math.max(...gaps(Math.random, 12))).toBeLessThanOrEqual(REREAD_MAX_MS + 1);
});

it('one timer at most: scheduling while one waits changes nothing', () => {
  const clock = new FakeClock(0);
  let runs = 0;
  const retry = new RereadRetry(clock, () => 1, () => runs++);
  retry.schedule();
  retry.schedule();
  retry.schedule();
  expect(clock.pendingTimers).toBe(1);
  clock.advance(1_000);
  expect(runs).toBe(1);
  expect(retry.waiting).toBe(false);
});

it('reset cancels the waiting retry and starts the next one at 1 s again; cancel leaves no timer', () => {
  const clock = new FakeClock(0);
  let runs = 0;
  const retry = new RereadRetry(clock, () => 1, () => runs++);
  retry.schedule();
  clock.advance(1_000);
  retry.schedule(); // 2 s now
  retry.reset();
  expect(clock.pendingTimers).toBe(0);
  retry.schedule();
  clock.advance(999);
  expect(runs).toBe(1);
  clock.advance(1);
  expect(runs).toBe(2);
  retry.schedule();
  retry.cancel();
  expect(clock.pendingTimers).toBe(0);
  clock.advance(60_000);
  expect(runs).toBe(2);
});

it('soon(): within the first delay whatever the backoff reached, never putting off a retry due sooner; stop() refuses every later arming', () => {
  const clock = new FakeClock(0);
  let runs = 0;
  const retry: RereadRetry = new RereadRetry(clock, () => 1, () => {
    runs++;
    retry.schedule();
  });
  retry.schedule();
  clock.advance(1_000 + 2_000 + 4_000); // three runs: the next is due 8 s later
  expect(runs).toBe(3);
  retry.soon();
  clock.advance(1_000);
  expect(runs).toBe(4);
  // Called again and again (a flood of releases): still due within 1 s of the first call.
  clock.advance(1_500); // the retry after soon() waits 2 s: due at +2 s
  for (let i = 0; i < 10; i++) {
    retry.soon();
    clock.advance(50);
  }
  expect(runs).toBe(5);
  expect(clock.pendingTimers).toBe(1);
  retry.stop();
  retry.schedule();
  retry.soon();
  expect(clock.pendingTimers).toBe(0);
  clock.advance(60_000);
  expect(runs).toBe(5);
});
