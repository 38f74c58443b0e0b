// The one timer a notifier keeps for its policy's next due time (NotificationPolicy,
// RingPolicy: `dueAt()`). Re-armed after every change, so at most one is pending and a
// stale one never fires; the clock is injected (a fake one in tests).

/** setTimeout-like; returns a cancel function. */
export type Schedule = (fn: () => void, delayMs: number) => () => void;

export class DueTimer {
  private cancel: (() => void) | null = null;

  constructor(
    private readonly schedule: Schedule,
    private readonly now: () => number,
  ) {}

  /** Replaces the pending timer with one that runs `fire` at `due` (at once if past); none when `due` is null. */
  arm(due: number | null, fire: () => void): void {
    this.clear();
    if (due === null) return;
    this.cancel = this.schedule(() => {
      this.cancel = null;
      fire();
    }, Math.max(0, due - this.now()));
  }

  clear(): void {
    this.cancel?.();
    this.cancel = null;
  }
}
