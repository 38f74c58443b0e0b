// When to tell the agent, through an OS notification, that the connection got
// worse or better, or that the switch logged them out. Debounced so a flapping
// link does not spam: a degradation is announced only after it has lasted
// `degradeSettleMs`, a recovery only after `recoverSettleMs` of health, and a
// new degradation no sooner than `minGapMs` after the last notice — deferred,
// never dropped, so the last notice always matches reality once things settle.
// A forced logout has its own track under the same rules (settle, gap), so it
// is neither swallowed by nor swallows a connection notice. Pure: time is passed in.
// Words: the one catalogue (app/shared/messages), like the window and the tray.
import type { ConnectivitySnapshot } from '../../shared/connectivity.ts';
import { describeFatal, restoreSentence, setupWords, WORDS } from '../../shared/messages/index.ts';
import type { NotReadyReason } from '../../shared/ui-config.ts';
import { trayStateFor } from './tray-state.ts';

export interface NotifyPolicyOptions {
  degradeSettleMs: number;
  recoverSettleMs: number;
  minGapMs: number;
  /** The configured Not Ready reasons, for their labels in a notice. */
  reasons?: readonly NotReadyReason[];
}

export const DEFAULT_NOTIFY_POLICY: NotifyPolicyOptions = { degradeSettleMs: 3_000, recoverSettleMs: 5_000, minGapMs: 20_000 };

export interface Notice {
  kind: 'degraded' | 'recovered' | 'logged-out';
  title: string;
  body: string;
}

/**
 * Degraded, healthy, or null for "no news": `checking` (the server silent for one
 * ADDP interval, a ping out) is a quiet state — it resolves within one more interval
 * to online or to a loss, and only a loss is worth a notification.
 */
export function healthOf(snapshot: ConnectivitySnapshot): 'degraded' | 'healthy' | null {
  if (snapshot.phase === 'checking') return null;
  // Startup ("connecting") is not a degradation: nothing was lost yet.
  return snapshot.phase !== 'connecting' && trayStateFor(snapshot).level !== 'ok' ? 'degraded' : 'healthy';
}

export function isDegraded(snapshot: ConnectivitySnapshot): boolean {
  return healthOf(snapshot) === 'degraded';
}

export class NotificationPolicy {
  private announced: 'healthy' | 'degraded' = 'healthy';
  private degraded = false;
  private since = 0;
  private lastNoticeAt: number | null = null;
  /** The last snapshot that said something about health (not `checking`): the words of the notice. */
  private latest: ConnectivitySnapshot | null = null;

  /** `loggedOutBySwitch.at` of the latest snapshot, and since when it has been seen. */
  private logout: { at: number; seenSince: number; agentId: string | null; dn: string } | null = null;
  private announcedLogoutAt: number | null = null;
  private lastLogoutNoticeAt: number | null = null;
  /** A call on the DN in the latest snapshot (any, `checking` too): the logout notice's words. */
  private onPhone = false;

  constructor(private readonly options: NotifyPolicyOptions = DEFAULT_NOTIFY_POLICY) {}

  /** Records a snapshot; returns the notices due right now (usually none). */
  observe(snapshot: ConnectivitySnapshot, now: number): Notice[] {
    this.onPhone = onPhone(snapshot);
    const health = healthOf(snapshot);
    if (health !== null) {
      const degraded = health === 'degraded';
      if (this.latest === null || degraded !== this.degraded) {
        this.degraded = degraded;
        this.since = now;
      }
      this.latest = snapshot;
    }
    const forced = snapshot.agent.loggedOutBySwitch;
    if (forced === null) this.logout = null;
    else if (this.logout?.at !== forced.at) this.logout = { at: forced.at, seenSince: now, agentId: snapshot.agent.agentId, dn: snapshot.agent.dn };
    return this.poll(now);
  }

  /** Returns the notices that have become due (call at dueAt()). */
  poll(now: number): Notice[] {
    const notices: Notice[] = [];
    const connectionDue = this.connectionDueAt();
    if (connectionDue !== null && now >= connectionDue && this.latest) {
      this.lastNoticeAt = now;
      this.announced = this.degraded ? 'degraded' : 'healthy';
      const reasons = this.options.reasons ?? [];
      notices.push(this.degraded ? degradedNotice(this.latest, reasons) : recoveredNotice(this.latest, reasons));
    }
    const logoutDue = this.logoutDueAt();
    if (logoutDue !== null && now >= logoutDue && this.logout) {
      this.lastLogoutNoticeAt = now;
      this.announcedLogoutAt = this.logout.at;
      notices.push(loggedOutNotice(this.logout, this.onPhone));
    }
    return notices;
  }

  /** When the next notice would be due if nothing changes; null when none is pending. */
  dueAt(): number | null {
    const due = [this.connectionDueAt(), this.logoutDueAt()].filter((t): t is number => t !== null);
    return due.length === 0 ? null : Math.min(...due);
  }

  private connectionDueAt(): number | null {
    if (this.latest === null) return null;
    if (this.degraded && this.announced === 'healthy') {
      const settled = this.since + this.options.degradeSettleMs;
      return this.lastNoticeAt === null ? settled : Math.max(settled, this.lastNoticeAt + this.options.minGapMs);
    }
    if (!this.degraded && this.announced === 'degraded') return this.since + this.options.recoverSettleMs;
    return null;
  }

  /** A logout the agent undid within the settle time (logged in again) is never announced. */
  private logoutDueAt(): number | null {
    if (this.logout === null || this.logout.at === this.announcedLogoutAt) return null;
    const settled = this.logout.seenSince + this.options.degradeSettleMs;
    return this.lastLogoutNoticeAt === null ? settled : Math.max(settled, this.lastLogoutNoticeAt + this.options.minGapMs);
  }
}

const N = WORDS.notify;

function degradedNotice(s: ConnectivitySnapshot, reasons: readonly NotReadyReason[]): Notice {
  // The connection and the agent only: the notice outlives a call it would name (the ringing one has its own).
  const body = trayStateFor(s, reasons).status;
  if (s.phase === 'link-down') return { kind: 'degraded', title: N.linkDown, body };
  if (s.phase === 'failed' && s.setup) {
    const w = setupWords(s.setup);
    return { kind: 'degraded', title: w.title, body: w.body };
  }
  if (s.phase === 'failed') return { kind: 'degraded', title: N.failed, body: N.failedBody(describeFatal(s.lastError?.code ?? null).text) };
  if (s.phase === 'online') return { kind: 'degraded', title: N.noStandby, body };
  return { kind: 'degraded', title: N.lost, body };
}

function recoveredNotice(s: ConnectivitySnapshot, reasons: readonly NotReadyReason[]): Notice {
  const f = s.lastFailover;
  const body = f && f.at >= s.t - 60_000 ? `${N.recoveredBody} ${restoreSentence(f.result, reasons)}` : N.recoveredBody;
  return { kind: 'recovered', title: N.recovered, body };
}

/** As the banner's `onPhone` (app/renderer/lib/banner.ts): a call ringing or in progress, current or last known. */
const onPhone = (s: ConnectivitySnapshot): boolean => s.calls.length > 0;

/**
 * EventAgentLogout this toolbar did not ask for (a supervisor, the switch itself). With a call
 * on the phone, "no longer gets calls" would be wrong (calls to the DN still ring): the
 * banner's with-call sentence instead, so window and notification say the same.
 */
function loggedOutNotice(l: { agentId: string | null; dn: string }, withCall: boolean): Notice {
  const calls = withCall ? WORDS.banner['logged-out'].withCall : N.loggedOutBody(WORDS.tray.who(l.agentId, l.dn));
  return { kind: 'logged-out', title: N.loggedOut, body: `${calls} ${N.loggedOutOpen}` };
}
