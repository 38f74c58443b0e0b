// Noticing that the process was away (issue 15), on a fake clock.
import { describe, expect, it } from 'vitest';
import { WakeDetector } from '../../../app/main/tserver/session/wake-detector.ts';
import type { DriftWake } from '../../../app/main/tserver/session/wake-detector.ts';
import { FakeClock } from '../connection/fake-clock.ts';

function setup() {
  const clock = new FakeClock();
  const wakes: DriftWake[] = [];
  const stepsBack: number[] = [];
  const d = new WakeDetector({ clock, intervalMs: 2000, boundMs: 3000, onWake: (w) => wakes.push(w), onWallStepBack: (ms) => stepsBack.push(ms) });
  d.start();
  return { clock, d, wakes, stepsBack };
}

describe('WakeDetector', () => {
  it('is quiet while time passes normally', () => {
    const { clock, wakes, stepsBack } = setup();
    clock.advance(60_000);
    expect([wakes, stepsBack]).toEqual([[], []]);
  });

  it('a suspend (wall moves on, monotonic stands still): a wake of about the sleep', () => {
    const { clock, wakes } = setup();
    clock.advance(1000);
    clock.suspend(30_000);
    clock.advance(1000);
    expect(wakes).toEqual([{ cause: 'suspended', awayMs: 30_000 }]);
  });

  it('a frozen process (timers run late on the monotonic clock): a wake', () => {
    const { clock, wakes } = setup();
    clock.advance(1000);
    clock.freeze(21_000); // SIGSTOP: both clocks move, no timer runs
    clock.advance(0); // SIGCONT: the overdue tick runs now
    expect(wakes).toEqual([{ cause: 'frozen', awayMs: 20_000 }]);
  });

  it('a wall step back is reported, not a wake; a wall step forward counts as a wake', () => {
    const { clock, wakes, stepsBack } = setup();
    clock.advance(1000);
    clock.stepWall(-120_000);
    clock.advance(1000);
    expect(stepsBack).toEqual([120_000]);
    expect(wakes).toEqual([]);
    clock.stepWall(120_000);
    clock.advance(2000);
    expect(wakes).toEqual([{ cause: 'suspended', awayMs: 120_000 }]);
  });

  it('stop() leaves no timer behind', () => {
    const { clock, d } = setup();
    d.stop();
    expect(clock.pendingTimers).toBe(0);
  });
});
