// Which banner to show: one at a time, worst first (DESIGN.md §6).
// failed (not retryable) > offline > reconnecting > link down > checking >
// logged out by the switch > switched > none. Red waits out a short grace period
// (calm "Reconnecting…" meanwhile), so a sub-second failover never flashes red.
import type { ConnectivitySnapshot, FailoverInfo, Phase, ServerRoleName } from '../../shared/connectivity.ts';
import { formatAge } from './age.ts';
import { countdown } from './countdown.ts';
import type { Countdown } from './countdown.ts';
import { describeError, UI } from './messages.ts';
import type { ErrorWords } from './messages.ts';

/** How long the "switched to backup" notice stays up. */
export const SWITCHED_NOTICE_MS = 8_000;
/** How long an outage stays calm before the red banner (warm failover p95 is ~100 ms; docs/PERFORMANCE.md). */
export const ALARM_GRACE_MS = 1_000;

export type Banner =
  | { kind: 'failed'; severity: 'error'; error: ErrorWords; code: number | null; server: string | null }
  | { kind: 'offline'; severity: 'error'; attempt: number; countdown: Countdown; nextServer: string | null; lastError: ErrorWords | null }
  | { kind: 'reconnecting'; severity: 'error'; attempt: number; countdown: Countdown; nextServer: string | null; lastError: ErrorWords | null }
  | { kind: 'lost'; severity: 'caution'; nextServer: string | null }
  | { kind: 'link-down'; severity: 'warning'; server: string | null; serverMessage: string | null; code: number | null }
  | { kind: 'checking'; severity: 'caution'; server: string; silentFor: string }
  | { kind: 'logged-out'; severity: 'error'; at: number }
  | { kind: 'switched'; severity: 'info'; failover: FailoverInfo; role: ServerRoleName | null };

export type BannerKind = Banner['kind'];

export interface BannerContext {
  now: number;
  /** `at` of the failover notice the agent dismissed, if any. */
  dismissedFailoverAt: number | null;
  /** When this window saw the current outage begin (`outageStart`), or null. */
  outageSince?: number | null;
}

const OUTAGE: ReadonlySet<Phase> = new Set(['reconnecting', 'offline']);

/**
 * When the current outage (no session: reconnecting or offline) began, as this window
 * saw it. An outage already under way when the window opened has no grace: it is not
 * a blip being hidden.
 */
export function outageStart(prev: ConnectivitySnapshot | null, next: ConnectivitySnapshot, now: number, current: number | null): number | null {
  if (!OUTAGE.has(next.phase)) return null;
  if (prev === null) return Number.NEGATIVE_INFINITY;
  return OUTAGE.has(prev.phase) && current !== null ? current : now;
}

export function selectBanner(s: ConnectivitySnapshot, ctx: BannerContext): Banner | null {
  const lastError = s.lastError ? describeError(s.lastError.code, s.lastError.message) : null;
  switch (s.phase) {
    case 'failed':
      return {
        kind: 'failed',
        severity: 'error',
        error: lastError ?? describeError(null, 'The toolbar stopped retrying.'),
        code: s.lastError?.code ?? null,
        server: s.lastError?.server ?? null,
      };
    case 'offline':
    case 'reconnecting':
      if (ctx.outageSince != null && ctx.now - ctx.outageSince < ALARM_GRACE_MS) return { kind: 'lost', severity: 'caution', nextServer: s.nextServer };
      return {
        kind: s.phase,
        severity: 'error',
        attempt: s.attempt,
        countdown: countdown(s.nextAttemptAt, ctx.now),
        nextServer: s.nextServer,
        lastError,
      };
    default:
      break;
  }
  // Link state is the server's word, whatever the phase says (still connecting, or checking a silent server).
  if (s.phase === 'link-down' || (s.server !== null && s.link === 'down')) {
    return {
      kind: 'link-down',
      severity: 'warning',
      server: s.server?.name ?? null,
      serverMessage: s.linkError?.message ?? null,
      code: s.linkError?.code ?? null,
    };
  }
  if (s.phase === 'checking') {
    const server = s.silence?.server ?? s.server?.name ?? UI.banner.serverFallback;
    return { kind: 'checking', severity: 'caution', server, silentFor: formatAge(ctx.now - (s.silence?.since ?? ctx.now)) };
  }
  // Only while it holds: once the agent is logged in again (by anyone) it is gone.
  if (s.agent.loggedOutBySwitch && s.agent.state === 'logged-out') return { kind: 'logged-out', severity: 'error', at: s.agent.loggedOutBySwitch.at };
  const f = s.lastFailover;
  // A complete restore is good news that fades; a partial one stays until dismissed.
  const fresh = f !== null && (!f.restored || ctx.now - f.at < SWITCHED_NOTICE_MS);
  if (f && fresh && s.phase === 'online' && ctx.dismissedFailoverAt !== f.at) {
    const role = s.server && s.server.name === f.to ? s.server.role : null;
    return { kind: 'switched', severity: 'info', failover: f, role };
  }
  return null;
}

/** Whether the banner needs a ticking clock (countdown, grace, silence age or auto-dismiss). */
export function needsClock(s: ConnectivitySnapshot | null, ctx: BannerContext): boolean {
  if (!s) return false;
  const b = selectBanner(s, ctx);
  return b !== null && (b.kind === 'reconnecting' || b.kind === 'offline' || b.kind === 'lost' || b.kind === 'checking' || b.kind === 'switched');
}
