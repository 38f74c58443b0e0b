// Which banner to show: one at a time, worst first (DESIGN.md §6).
// failed (not retryable) > offline > reconnecting > link down > switched > none.
import type { ConnectivitySnapshot, FailoverInfo, ServerRoleName } from '../../shared/connectivity.ts';
import { countdown } from './countdown.ts';
import type { Countdown } from './countdown.ts';
import { describeError } from './messages.ts';
import type { ErrorWords } from './messages.ts';

/** How long the "switched to backup" notice stays up. */
export const SWITCHED_NOTICE_MS = 8_000;

export type Banner =
  | { kind: 'failed'; severity: 'error'; error: ErrorWords; code: number | null; server: string | null }
  | { kind: 'offline'; severity: 'error'; attempt: number; countdown: Countdown; nextServer: string | null; lastError: ErrorWords | null }
  | { kind: 'reconnecting'; severity: 'error'; attempt: number; countdown: Countdown; nextServer: string | null; lastError: ErrorWords | null }
  | { kind: 'link-down'; severity: 'warning'; server: string | null; serverMessage: string | null; code: number | null }
  | { kind: 'switched'; severity: 'info'; failover: FailoverInfo; role: ServerRoleName | null };

export type BannerKind = Banner['kind'];

export interface BannerContext {
  now: number;
  /** `at` of the failover notice the agent dismissed, if any. */
  dismissedFailoverAt: number | null;
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
  // Link state is the server's word, whatever the phase says (e.g. still connecting).
  if (s.phase === 'link-down' || (s.server !== null && s.link === 'down')) {
    return {
      kind: 'link-down',
      severity: 'warning',
      server: s.server?.name ?? null,
      serverMessage: s.linkError?.message ?? null,
      code: s.linkError?.code ?? null,
    };
  }
  const f = s.lastFailover;
  // A complete restore is good news that fades; a partial one stays until dismissed.
  const fresh = f !== null && (!f.restored || ctx.now - f.at < SWITCHED_NOTICE_MS);
  if (f && fresh && s.phase === 'online' && ctx.dismissedFailoverAt !== f.at) {
    const role = s.server && s.server.name === f.to ? s.server.role : null;
    return { kind: 'switched', severity: 'info', failover: f, role };
  }
  return null;
}

/** Whether the banner needs a ticking clock (countdown or auto-dismiss). */
export function needsClock(s: ConnectivitySnapshot | null, ctx: BannerContext): boolean {
  if (!s) return false;
  const b = selectBanner(s, ctx);
  return b !== null && (b.kind === 'reconnecting' || b.kind === 'offline' || b.kind === 'switched');
}
