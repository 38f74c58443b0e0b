// Hot standby (docs/architecture.md §3.2): a connection ("leg") to each
// endpoint, each reconnected by its own DialScheduler; the session rides the
// leg that says ServerRole=primary (hot-pair.ts) and moves, without
// re-registering, when that one is lost or demoted.
import type { Leg } from './leg.ts';
import { DialScheduler } from './reconnect/dial-scheduler.ts';
import { nextPrimary } from './hot-pair.ts';
import type { LoopOptions, Standby, StandbyHost } from './standby.ts';
import { primaryChangedEvent } from './timeline.ts';

export class HotStandby implements Standby {
  readonly loops: readonly DialScheduler[];
  private readonly loopOf = new Map<Leg, DialScheduler>();

  constructor(
    private readonly host: StandbyHost,
    loopOptions: LoopOptions,
  ) {
    for (const leg of host.legs) {
      this.loopOf.set(leg, new DialScheduler({ ...loopOptions, endpoints: [leg.name], dial: (_name, _n, ms, signal) => this.dial(leg, ms, signal) }));
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

  onLegLost(leg: Leg, wasActive: boolean): void {
    // Each leg keeps its own loop, and a standby refused moments ago is still unreachable:
    // failedThisOutage is not cleared here.
    if (this.host.halted()) return;
    (this.loopOf.get(leg) as DialScheduler).start('connection-lost', leg.name);
    if (wasActive) this.reconcile();
  }

  /** Open and register; which leg carries the session is decided by the roles. */
  private async dial(leg: Leg, connectTimeoutMs: number, signal: AbortSignal): Promise<void> {
    try {
      await leg.connect(this.host.connectOptions, connectTimeoutMs, signal);
    } catch (err) {
      this.host.failedThisOutage.add(leg.name);
      throw err;
    }
    // Reachable again (if only as backup): "all servers unreachable" no longer holds.
    this.host.failedThisOutage.delete(leg.name);
    this.reconcile();
    this.host.publish();
  }

  /** Rides the primary; on a move: EventPrimaryChanged, then restore what is missing. */
  private reconcile(): void {
    const host = this.host;
    if (host.halted()) return;
    const current = host.active();
    const next = nextPrimary(host.legs, current);
    if (!next) return;
    const from = current?.name ?? host.lastServer();
    const initial = !host.everOnline();
    host.takeOver(next);
    host.failedThisOutage.delete(next.name);
    if (from !== null && from !== next.name) host.emitEvent(primaryChangedEvent(next.name, from, host.now()));
    void host.restoreActive(from, initial);
  }
}
