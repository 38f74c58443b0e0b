// A manual clock for deterministic timer tests: time moves only when told to.
// Timers run on the monotonic time; the wall clock can also be stepped on its own
// (an NTP correction) or jump while the monotonic time stands still (a suspend).
import type { Clock, TimerHandle } from '../../../app/main/tserver/connection/clock.ts';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

export class FakeClock implements Clock {
  private t: number;
  /** Wall minus monotonic: changed by stepWall() and suspend(). */
  private wallOffset = 0;
  private nextId = 1;
  private timers: Timer[] = [];

  constructor(start = 1_000_000) {
    this.t = start;
  }

  now = (): number => this.t + this.wallOffset;

  monotonic = (): number => this.t;

  /** The wall clock is corrected by `ms` (negative: backwards); no timer moves. */
  stepWall(ms: number): void {
    this.wallOffset += ms;
  }

  /** The process is frozen `ms` (SIGSTOP): both clocks move on, no timer runs until the next advance(). */
  freeze(ms: number): void {
    this.t += ms;
  }

  /** The machine sleeps `ms`: the wall clock moves on, the monotonic time (and every timer) does not. */
  suspend(ms: number): void {
    this.wallOffset += ms;
  }

  setTimeout = (fn: () => void, ms: number): TimerHandle => {
    const timer = { id: this.nextId++, at: this.t + Math.max(0, ms), fn };
    this.timers.push(timer);
    return timer.id;
  };

  clearTimeout = (handle: TimerHandle): void => {
    this.timers = this.timers.filter((t) => t.id !== handle);
  };

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves time forward, firing due timers in order (timers set by timers included). */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((x, y) => x.at - y.at || x.id - y.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.t = Math.max(this.t, due.at); // an overdue timer (after freeze) fires late, at the current time
      due.fn();
    }
    this.t = end;
  }
}
