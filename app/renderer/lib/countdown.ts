// Countdown to the next reconnect attempt and time in a state, computed from an
// injected clock so the banner, the badge and their tests agree to the second.

/** "m:ss", rounding up so "0:00" is never shown while still waiting. */
export function formatClock(ms: number): string {
  return clockOf(Math.max(0, Math.ceil(ms / 1000)));
}

/** Time elapsed, rounded down: "0:07", "12:30", "1:02:03". */
export function formatElapsed(ms: number): string {
  return clockOf(Math.max(0, Math.floor(ms / 1000)));
}

function clockOf(totalSeconds: number): string {
  const pad = (n: number) => n.toString().padStart(2, '0');
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

export type Countdown = { kind: 'waiting'; remainingMs: number; clock: string } | { kind: 'dialing' };

/** Waiting until `nextAttemptAt`, or dialing now (no time set, or the time has come). */
export function countdown(nextAttemptAt: number | null, now: number): Countdown {
  if (nextAttemptAt === null || !Number.isFinite(nextAttemptAt)) return { kind: 'dialing' };
  const remainingMs = nextAttemptAt - now;
  if (remainingMs <= 0) return { kind: 'dialing' };
  return { kind: 'waiting', remainingMs, clock: formatClock(remainingMs) };
}
