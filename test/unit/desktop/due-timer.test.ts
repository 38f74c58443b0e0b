import { describe, expect, it } from 'vitest';
import { DueTimer } from '../../../app/main/desktop/due-timer.ts';

/** Records what was scheduled; `fire(i)` runs the i-th timer as setTimeout would. */
function fakeSchedule() {
  const timers: { fn: () => void; delayMs: number; cancelled: boolean }[] = [];
  const schedule = (fn: () => void, delayMs: number) => {
    const t = { fn, delayMs, cancelled: false };
    timers.push(t);
    return () => void (t.cancelled = true);
  };
  const pending = () => timers.filter((t) => !t.cancelled);
  return { timers, schedule, pending };
}

describe('DueTimer', () => {
  it('waits from now until the due time, and at once for a time already past', () => {
    const f = fakeSchedule();
    let now = 1_000;
    const timer = new DueTimer(f.schedule, () => now);
    timer.arm(4_000, () => {});
    expect(f.timers.map((t) => t.delayMs)).toEqual([3_000]);
    now = 5_000;
    timer.arm(4_000, () => {});
    expect(f.timers.map((t) => t.delayMs)).toEqual([3_000, 0]);
  });

  it('keeps one timer: arming again cancels the pending one, and null or clear() leaves none', () => {
    const f = fakeSchedule();
    const timer = new DueTimer(f.schedule, () => 0);
    timer.arm(10, () => {});
    timer.arm(20, () => {});
    expect(f.pending().map((t) => t.delayMs)).toEqual([20]);
    timer.arm(null, () => {});
    expect(f.pending()).toEqual([]);
    timer.arm(30, () => {});
    timer.clear();
    expect(f.pending()).toEqual([]);
  });

  it('a timer that fired is no longer pending: re-arming from `fire` cancels nothing that is still to come', () => {
    const f = fakeSchedule();
    const timer = new DueTimer(f.schedule, () => 0);
    let fired = 0;
    const fire = () => {
      fired++;
      if (fired < 2) timer.arm(50, fire);
    };
    timer.arm(10, fire);
    f.timers[0]!.fn();
    expect(fired).toBe(1);
    expect(f.timers.map((t) => [t.delayMs, t.cancelled])).toEqual([[10, false], [50, false]]);
    timer.clear();
    expect(f.timers[1]!.cancelled).toBe(true);
  });
});
