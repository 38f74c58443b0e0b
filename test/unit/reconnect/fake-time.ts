// A fake clock + timers for the reconnect loop: time moves only when a test says so.
import type { Timers } from '../../../app/main/tserver/session/reconnect/timers.ts';

interface FakeTimer {
  id: number;
  at: number;
  ms: number;
  callback: () => void;
}

export class FakeTime implements Timers {
  #now: number;
  #nextId = 1;
  #timers = new Map<number, FakeTimer>();
  /** Every delay ever passed to setTimeout, in order. */
  readonly scheduled: number[] = [];

  constructor(start = 1_700_000_000_000) {
    this.#now = start;
  }

  now = (): number => this.#now;

  setTimeout = (callback: () => void, ms: number): unknown => {
    const id = this.#nextId++;
    this.#timers.set(id, { id, at: this.#now + ms, ms, callback });
    this.scheduled.push(ms);
    return id;
  };

  clearTimeout = (handle: unknown): void => {
    this.#timers.delete(handle as number);
  };

  get pending(): number {
    return this.#timers.size;
  }

  /** A busy event loop: time moves, nothing fires; the next advance fires what fell due, late. */
  stall(ms: number): void {
    this.#now += ms;
  }

  /** Moves time forward, firing due timers in time order (then creation order), settling promises between them. */
  async advance(ms: number): Promise<void> {
    const end = this.#now + ms;
    await flush();
    // A loop that keeps arming zero-delay timers would never let time move: fail loudly instead of hanging.
    for (let fired = 0; ; fired++) {
      if (fired > 10_000) throw new Error('FakeTime.advance: more than 10000 timers fired; a zero-delay loop?');
      const due = [...this.#timers.values()].filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#timers.delete(due.id);
      this.#now = Math.max(this.#now, due.at);
      due.callback();
      await flush();
    }
    this.#now = end;
    await flush();
  }
}

/** Lets pending promise callbacks run (the fake clock never moves here). */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}
