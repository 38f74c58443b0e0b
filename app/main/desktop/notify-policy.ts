// When to tell the agent, through an OS notification, that the connection got
// worse or better. Debounced so a flapping link does not spam: a degradation
// is announced only after it has lasted `degradeSettleMs`, a recovery only
// after `recoverSettleMs` of health, and a new degradation no sooner than
// `minGapMs` after the last notice — deferred, never dropped, so the last
// notice always matches reality once things settle. Pure: time is passed in.
import type { ConnectivitySnapshot } from '../../shared/connectivity.ts';
import { TOOLTIP_PREFIX, trayStateFor } from './tray-state.ts';

export interface NotifyPolicyOptions {
  degradeSettleMs: number;
  recoverSettleMs: number;
  minGapMs: number;
}

export const DEFAULT_NOTIFY_POLICY: NotifyPolicyOptions = { degradeSettleMs: 3_000, recoverSettleMs: 5_000, minGapMs: 20_000 };

export interface Notice {
  kind: 'degraded' | 'recovered';
  title: string;
  body: string;
}

/** Startup ("connecting") is not a degradation: nothing was lost yet. */
export function isDegraded(snapshot: ConnectivitySnapshot): boolean {
  return snapshot.phase !== 'connecting' && trayStateFor(snapshot).level !== 'ok';
}

export class NotificationPolicy {
  private announced: 'healthy' | 'degraded' = 'healthy';
  private degraded = false;
  private since = 0;
  private lastNoticeAt: number | null = null;
  private latest: ConnectivitySnapshot | null = null;

  constructor(private readonly options: NotifyPolicyOptions = DEFAULT_NOTIFY_POLICY) {}

  /** Records a snapshot; returns a notice when one is due right now. */
  observe(snapshot: ConnectivitySnapshot, now: number): Notice | null {
    const degraded = isDegraded(snapshot);
    if (this.latest === null || degraded !== this.degraded) {
      this.degraded = degraded;
      this.since = now;
    }
    this.latest = snapshot;
    return this.poll(now);
  }

  /** Returns a notice when one has become due (call at dueAt()). */
  poll(now: number): Notice | null {
    const due = this.dueAt();
    if (due === null || now < due || !this.latest) return null;
    this.lastNoticeAt = now;
    if (this.degraded) {
      this.announced = 'degraded';
      return degradedNotice(this.latest);
    }
    this.announced = 'healthy';
    return recoveredNotice(this.latest);
  }

  /** When the next notice would be due if nothing changes; null when none is pending. */
  dueAt(): number | null {
    if (this.latest === null) return null;
    if (this.degraded && this.announced === 'healthy') {
      const settled = this.since + this.options.degradeSettleMs;
      return this.lastNoticeAt === null ? settled : Math.max(settled, this.lastNoticeAt + this.options.minGapMs);
    }
    if (!this.degraded && this.announced === 'degraded') return this.since + this.options.recoverSettleMs;
    return null;
  }
}

function degradedNotice(s: ConnectivitySnapshot): Notice {
  const { tooltip } = trayStateFor(s);
  const body = tooltip.slice(TOOLTIP_PREFIX.length);
  if (s.phase === 'link-down') return { kind: 'degraded', title: 'Phone switch link down', body };
  if (s.phase === 'failed') {
    return { kind: 'degraded', title: 'Cannot connect', body: `${s.lastError?.message ?? 'Unknown error'}. Open the toolbar for what to do.` };
  }
  if (s.phase === 'online') return { kind: 'degraded', title: 'Running on backup', body };
  return { kind: 'degraded', title: 'Connection lost', body };
}

function recoveredNotice(s: ConnectivitySnapshot): Notice {
  const server = s.server ? `${s.server.name}${s.server.role === 'unknown' ? '' : ` (${s.server.role})`}` : 'the server';
  const failover = s.lastFailover && s.lastFailover.at >= s.t - 60_000 ? ` ${s.lastFailover.detail}` : '';
  return { kind: 'recovered', title: 'Connected again', body: `Connected to ${server}.${failover}` };
}
