// A read of the DN (QueryAddress) that got no answer in time, or a refusal, leaves the
// agent state and the calls last known while the session stays online: nothing else would
// ask again until the next move, link-up or wake, and the agent's call would stay on screen
// uncontrollable for as long. This asks again — 1 s, doubling to 30 s, half jittered so a
// fleet that failed together does not ask together — with one timer at most.
import type { Clock, TimerHandle } from '../connection/clock.ts';

type RetryClock = Pick<Clock, 'setTimeout' | 'clearTimeout' | 'monotonic'>;

export const REREAD_FIRST_MS = 1_000;
export const REREAD_MAX_MS = 30_000;

export class RereadRetry {
  private timer: TimerHandle | null = null;
  private dueAt = 0;
  private nextMs = REREAD_FIRST_MS;
  /** stop(): the session is over; nothing arms again (a query its closes reject must not). */
  private stopped = false;

  constructor(
    private readonly timers: RetryClock,
    private readonly random: () => number,
    private readonly run: () => void,
  ) {}

  /** A read failed (or is owed): ask again after the next delay, unless a retry is already waiting. */
  schedule(): void {
    if (this.timer !== null || this.stopped) return;
    const ms = this.nextMs * (0.5 + 0.5 * this.random());
    this.nextMs = Math.min(this.nextMs * 2, REREAD_MAX_MS);
    this.arm(ms);
  }

  /**
   * Something makes a read worth doing now (the calls fell below the bound): within the first
   * delay, and the backoff starts again. A retry already due sooner stays; calling this often
   * (a flood of releases) never puts the read off.
   */
  soon(): void {
    if (this.stopped) return;
    const ms = REREAD_FIRST_MS * (0.5 + 0.5 * this.random());
    this.nextMs = Math.min(REREAD_FIRST_MS * 2, REREAD_MAX_MS);
    if (this.timer !== null && this.dueAt <= this.timers.monotonic() + ms) return;
    this.cancel();
    this.arm(ms);
  }

  /** For good: cancels and refuses every later schedule. */
  stop(): void {
    this.stopped = true;
    this.cancel();
  }

  private arm(ms: number): void {
    this.dueAt = this.timers.monotonic() + ms;
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
