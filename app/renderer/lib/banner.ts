// Which banner to show: one at a time, worst first (DESIGN.md §6).
// setup (no session runs: not configured, a config error, waiting for the keychain) >
// failed (not retryable) > offline > reconnecting > link down > checking >
// logged out by the switch > switched > none. Red waits out a grace period (calm
// "Reconnecting…" meanwhile), so a failover that completes inside it shows only the
// calm notice; "Trying now…" stays at least DIAL_MIN_SHOW_MS once shown, so a dial
// that fails in 10 ms is no flash. Facts only: the words are banner-words.ts.
import type { ConnectivitySnapshot, FailoverInfo, Phase, SetupStateName } from '../../shared/connectivity.ts';
import { DEFAULT_ALARM_GRACE_MS } from '../../shared/ui-config.ts';
import { formatAge } from './age.ts';
import { countdown } from './countdown.ts';
import type { Countdown } from './countdown.ts';
import { credentialField } from './messages.ts';
import { callInProgress } from './call-bar.ts';

/** How long the "reconnected" notice stays up after a complete restore. */
export const SWITCHED_NOTICE_MS = 8_000;
/** Once "Trying now…" is shown, it stays this long even if the dial failed at once. */
export const DIAL_MIN_SHOW_MS = 1_000;

export type Severity = 'error' | 'warning' | 'caution' | 'info';

/** The call in progress a banner names (issue 12): its other party as the switch gave it (null: not named). */
export interface CallFact {
  otherDN: string | null;
}

export type Banner =
  /** No session runs (the snapshot's `setup`): nothing the agent can retry; waiting for the keychain is only a notice. */
  | { kind: 'setup'; severity: 'error' | 'caution'; state: SetupStateName; files: readonly string[] }
  /** `atField`: a refused credential the login form shows at its field (the banner need not repeat it). */
  | { kind: 'failed'; severity: 'error'; code: number | null; atField: boolean }
  /** `call`, on the banners of a toolbar that cannot act on calls: the call in progress, which goes on. */
  | { kind: 'offline'; severity: 'error'; countdown: Countdown; call?: CallFact | null }
  | { kind: 'reconnecting'; severity: 'error'; countdown: Countdown; call?: CallFact | null }
  | { kind: 'lost'; severity: 'caution'; call?: CallFact | null }
  | { kind: 'link-down'; severity: 'warning'; call?: CallFact | null }
  | { kind: 'checking'; severity: 'caution'; silentFor: string; call?: CallFact | null }
  /** `onPhone`: a call on the DN (ringing or in progress): calls to the phone still ring, only the queue's stop. */
  | { kind: 'logged-out'; severity: 'error'; at: number; onPhone: boolean }
  | { kind: 'switched'; severity: 'info'; failover: FailoverInfo };

export type BannerKind = Banner['kind'];
export const BANNER_KINDS: readonly BannerKind[] = ['setup', 'failed', 'offline', 'reconnecting', 'lost', 'link-down', 'checking', 'logged-out', 'switched'];

export interface BannerContext {
  now: number;
  /** `at` of the failover notice the agent dismissed, if any. */
  dismissedFailoverAt: number | null;
  /** When this window saw the current outage begin (`outageStart`), or null. */
  outageSince?: number | null;
  /** The calm period before red (config `ui.alarmGraceMs`). */
  graceMs?: number;
  /** When "Trying now…" was first shown in this outage (`dialingShownAt`), or null. */
  dialingSince?: number | null;
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

/** When "Trying now…" started showing: kept for DIAL_MIN_SHOW_MS after the dial is over. */
export function dialingShownAt(current: number | null, s: ConnectivitySnapshot | null, now: number): number | null {
  if (s === null || !OUTAGE.has(s.phase)) return null;
  if (countdown(s.nextAttemptAt, now).kind === 'dialing') return current ?? now;
  return current !== null && now - current < DIAL_MIN_SHOW_MS ? current : null;
}

/** The call in progress as a banner's fact, or null. */
export function callFact(s: ConnectivitySnapshot): CallFact | null {
  const call = callInProgress(s);
  return call ? { otherDN: call.otherDN } : null;
}

export function selectBanner(s: ConnectivitySnapshot, ctx: BannerContext): Banner | null {
  // Only with a call in progress: a banner without one is exactly what it always was.
  const fact = callFact(s);
  const call = fact ? { call: fact } : {};
  if (s.setup) return { kind: 'setup', severity: s.setup.state === 'waiting-for-keychain' ? 'caution' : 'error', state: s.setup.state, files: s.setup.files };
  switch (s.phase) {
    case 'failed': {
      const code = s.lastError?.code ?? null;
      return { kind: 'failed', severity: 'error', code, atField: credentialField(code) !== null && s.agent.state === 'logged-out' };
    }
    case 'offline':
    case 'reconnecting': {
      const grace = ctx.graceMs ?? DEFAULT_ALARM_GRACE_MS;
      if (ctx.outageSince != null && ctx.now - ctx.outageSince < grace) return { kind: 'lost', severity: 'caution', ...call };
      const held = ctx.dialingSince != null && ctx.now - ctx.dialingSince < DIAL_MIN_SHOW_MS;
      return { kind: s.phase, severity: 'error', countdown: held ? { kind: 'dialing' } : countdown(s.nextAttemptAt, ctx.now), ...call };
    }
    default:
      break;
  }
  // Link state is the server's word, whatever the phase says (still connecting, or checking a silent server).
  if (s.phase === 'link-down' || (s.server !== null && s.link === 'down')) return { kind: 'link-down', severity: 'warning', ...call };
  if (s.phase === 'checking') return { kind: 'checking', severity: 'caution', silentFor: formatAge(ctx.now - (s.silence?.since ?? ctx.now)), ...call };
  // Only while it holds: once the agent is logged in again (by anyone) it is gone.
  if (s.agent.loggedOutBySwitch && s.agent.state === 'logged-out') return { kind: 'logged-out', severity: 'error', at: s.agent.loggedOutBySwitch.at, onPhone: s.calls.length > 0 };
  const f = s.lastFailover;
  // A complete restore is good news that fades; a partial one stays until dismissed.
  const fresh = f !== null && (!f.restored || ctx.now - f.at < SWITCHED_NOTICE_MS);
  if (f && fresh && s.phase === 'online' && ctx.dismissedFailoverAt !== f.at) return { kind: 'switched', severity: 'info', failover: f };
  return null;
}

/** Whether the banner needs a ticking clock (countdown, grace, silence age or auto-dismiss). */
export function needsClock(s: ConnectivitySnapshot | null, ctx: BannerContext): boolean {
  if (!s) return false;
  const b = selectBanner(s, ctx);
  return b !== null && (b.kind === 'reconnecting' || b.kind === 'offline' || b.kind === 'lost' || b.kind === 'checking' || b.kind === 'switched');
}
