// Countdown to the next reconnect attempt, computed from an injected clock so
// the banner and its tests agree to the second.

/** "m:ss", rounding up so "0:00" is never shown while still waiting. */
export function formatClock(ms: number): string {
  const totalSeconds = Math.max(0, Math.ceil(ms / 1000));
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${minutes}:${seconds.toString().padStart(2, '0')}`;
}

export type Countdown = { kind: 'waiting'; remainingMs: number; clock: string } | { kind: 'dialing' };

/** Waiting until `nextAttemptAt`, or dialing now (no time set, or the time has come). */
export function countdown(nextAttemptAt: number | null, now: number): Countdown {
  if (nextAttemptAt === null || !Number.isFinite(nextAttemptAt)) return { kind: 'dialing' };
  const remainingMs = nextAttemptAt - now;
  if (remainingMs <= 0) return { kind: 'dialing' };
  return { kind: 'waiting', remainingMs, clock: formatClock(remainingMs) };
}
