// Hot standby (docs/architecture.md §3.2): a connection ("leg") to each
// endpoint, each reconnected by its own DialScheduler; the session rides the
// leg with the newest ServerRole=primary claim (hot-pair.ts) and moves, without
// re-registering, the moment another leg outranks it. An old primary outranked
// while its connection is still open (hung, or a split brain) is closed, so
// nothing buffered there can execute later, and is redialled as the new backup.
import type { Leg } from './leg.ts';
import { DialScheduler } from './reconnect/dial-scheduler.ts';
import { nextPrimary, primaryClaimants } from './hot-pair.ts';
import type { LoopOptions, Standby, StandbyHost } from './standby.ts';
import { primaryChangedEvent } from './timeline.ts';

/** How long an outranked old primary that is still heard gets to say it is the backup now. */
export const DEMOTION_GRACE_MS = 1_000;

export class HotStandby implements Standby {
  readonly loops: readonly DialScheduler[];
  private readonly loopOf = new Map<Leg, DialScheduler>();
  /** The claimants last warned about, so a split brain is logged once per change. */
  private splitBrainKey = '';

  constructor(
    private readonly host: StandbyHost,
    loopOptions: LoopOptions,
    private readonly standbyRetry = true,
  ) {
    for (const leg of host.legs) {
      this.loopOf.set(
        leg,
        new DialScheduler({ ...loopOptions, endpoints: [leg.name], dial: (_name, _n, ms, signal) => this.dial(leg, ms, signal), served: () => this.servedElsewhere(leg) }),
      );
    }
    this.loops = [...this.loopOf.values()];
  }

  /** Agent events reach every server with the DN registered: only the active one's count. */
  isAgentSource(leg: Leg): boolean {
    return leg === this.host.active();
  }

  onLinkChange(): void {
    this.reconcile();
  }

  onSilenceChange(): void {
    // A silent active loses to a standby that is heard and says primary.
    this.reconcile();
  }

  onLegLost(leg: Leg, wasActive: boolean, toWake: boolean): void {
    // Each leg keeps its own loop, and a standby refused moments ago is still unreachable:
    // the outage flags are not cleared here.
    if (this.host.halted()) return;
    (this.loopOf.get(leg) as DialScheduler).start(toWake ? 'wake' : 'connection-lost', leg.name);
    if (!wasActive) return;
    this.reconcile();
    // The other leg's loop may be on its calm standby wait: nothing serves the session now.
    if (this.host.active() === null) {
      for (const [other, loop] of this.loopOf) if (other !== leg && loop.checkNow('peer-lost')) this.host.log.info({ server: other.name, after: leg.name }, 'hot standby: the session lost its server; the other leg redials now');
    }
  }

  /** Another leg, heard and up, carries the session: `leg`'s loop only brings the standby back. */
  private servedElsewhere(leg: Leg): boolean {
    const active = this.host.active();
    return this.standbyRetry && active !== null && active !== leg && active.up && !active.silent;
  }

  /** Open and register; which leg carries the session is decided by the roles. */
  private async dial(leg: Leg, connectTimeoutMs: number, signal: AbortSignal): Promise<void> {
    await leg.connect(this.host.connectOptions, connectTimeoutMs, signal);
    // Reachable again (if only as backup): "all servers unreachable" no longer holds.
    this.host.records.reachable(leg.name);
    // The outage is probably over for the other server too: its loop need not wait out its backoff.
    for (const [other, loop] of this.loopOf) if (other !== leg && loop.checkNow('peer-reconnected')) this.host.log.info({ server: other.name, after: leg.name }, 'hot standby: prompting the other leg to reconnect');
    this.reconcile();
    this.host.publish();
  }

  /** Rides the newest primary; on a move: EventPrimaryChanged, close an outranked old primary, restore what is missing. */
  private reconcile(): void {
    const host = this.host;
    if (host.halted()) return;
    this.warnSplitBrain();
    const current = host.active();
    const next = nextPrimary(host.legs, current);
    if (!next) return;
    const from = current?.name ?? host.lastServer();
    const initial = !host.everOnline();
    host.takeOver(next);
    host.records.reachable(next.name);
    if (from !== null && from !== next.name) host.emitEvent(primaryChangedEvent(next.name, from, host.now()));
    host.log.info({ from, to: next.name, reason: current === null ? 'active lost' : current.role === 'backup' ? 'active demoted' : current.silent ? 'active silent' : 'newer primary claim' }, 'hot standby: moving the session');
    if (current && current.up && current.role !== 'backup') this.retireOutranked(current);
    void host.restoreActive(from, initial);
  }

  /**
   * An old primary outranked while still open. Silent (hung): reset it now, so what is
   * buffered there never executes later. Still heard: a real switchover's demotion may
   * simply arrive after the promotion on the other socket, so it gets a short grace to
   * say backup (and stay as the ready standby); still claiming primary after that, it
   * is reset too. Either way its loss restarts its loop and it comes back as the backup.
   */
  private retireOutranked(leg: Leg): void {
    const conn = leg.conn;
    if (!conn) return;
    const retire = (why: string): void => {
      if (leg.conn !== conn || leg === this.host.active() || leg.role === 'backup' || this.host.halted()) return;
      this.host.log.info({ server: leg.name, why }, 'hot standby: resetting the outranked old primary');
      conn.abort(`outranked by a newer primary (${why})`);
    };
    if (leg.silent) retire('silent');
    else this.host.timers.setTimeout(() => retire(`still claiming primary ${DEMOTION_GRACE_MS} ms later`), DEMOTION_GRACE_MS);
  }

  private warnSplitBrain(): void {
    const claimants = primaryClaimants(this.host.legs);
    const key = claimants.length > 1 ? claimants.map((l) => `${l.name}@${String(l.primaryClaimAt)}`).join(',') : '';
    if (key !== '' && key !== this.splitBrainKey) {
      this.host.log.warn({ claimants: claimants.map((l) => ({ server: l.name, claimAt: l.primaryClaimAt, silent: l.silent })), winner: claimants[0]?.name }, 'split brain: more than one server claims primary; the newest claim wins');
    }
    this.splitBrainKey = key;
  }
}
