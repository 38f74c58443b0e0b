// A read of the DN (QueryAddress) that got no answer in time, or a refusal, leaves the
// agent state and the calls last known while the session stays online: nothing else would
// ask again until the next move, link-up or wake, and the agent's call would stay on screen
// uncontrollable for as long. This asks again — 1 s, doubling to 30 s, half jittered so a
// fleet that failed together does not ask together — with one timer at most.
import type { Clock, TimerHandle } from '../connection/clock.ts';

export const REREAD_FIRST_MS = 1_000;
export const REREAD_MAX_MS = 30_000;

export class RereadRetry {
  private timer: TimerHandle | null = null;
  private nextMs = REREAD_FIRST_MS;

  constructor(
    private readonly timers: Pick<Clock, 'setTimeout' | 'clearTimeout'>,
    private readonly random: () => number,
    private readonly run: () => void,
  ) {}

  /** A read failed (or is owed): ask again after the next delay, unless a retry is already waiting. */
  schedule(): void {
    if (this.timer !== null) return;
    const ms = this.nextMs * (0.5 + 0.5 * this.random());
    this.nextMs = Math.min(this.nextMs * 2, REREAD_MAX_MS);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.run();
    }, ms);
  }

  /** Nothing is owed any more (read, or no session to read on): the next failure starts at 1 s again. */
  reset(): void {
    this.cancel();
    this.nextMs = REREAD_FIRST_MS;
  }

  cancel(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  get waiting(): boolean {
    return this.timer !== null;
  }
}
