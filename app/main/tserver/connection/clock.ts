// Time as the core sees it (issue 15): injected so timeouts, ADDP and backoff can
// be tested deterministically with a fake clock; real time by default. Two times:
// `monotonic()` for every duration and deadline (it never steps, and timers run on
// it), `now()` — the wall clock — only for what is shown and logged. A wall-clock
// step forward or backward changes no deadline.

export type TimerHandle = unknown;

export interface Clock {
  /** Wall time, epoch ms: timestamps that are shown or logged. */
  now(): number;
  /** Monotonic ms (arbitrary origin): every duration. */
  monotonic(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  monotonic: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
