// Warm standby (docs/architecture.md §3.1): one connection at a time, one
// DialScheduler over the pair. A dial is open + register + agent restore, and
// the session is online only once all of that is done.
import type { DisconnectReason } from '../connection/index.ts';
import { ErrorCodes } from '../protocol/index.ts';
import type { RestoreOutcome } from './agent-restorer.ts';
import type { Leg } from './leg.ts';
import { DialScheduler } from './reconnect/dial-scheduler.ts';
import type { LoopOptions, Standby, StandbyHost } from './standby.ts';

/** A dial failure the scheduler must not retry (or may), with the code for the snapshot. */
class DialError extends Error {
  constructor(
    message: string,
    readonly code: number | null,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export class WarmStandby implements Standby {
  readonly loops: readonly DialScheduler[];
  private readonly loop: DialScheduler;

  constructor(
    private readonly host: StandbyHost,
    loopOptions: LoopOptions,
    promotionRetry = true,
  ) {
    this.loop = new DialScheduler({
      ...loopOptions,
      endpoints: host.legs.map((l) => l.name),
      dial: (name, _n, ms, signal) => this.dial(name, ms, signal),
      // A warm backup refuses with 58 until it is promoted: ask it again soon (issue 8).
      promotionPending: (error) => promotionRetry && error.code === ErrorCodes.OutOfService,
    });
    this.loops = [this.loop];
  }

  isAgentSource(): boolean {
    return true;
  }

  onLinkChange(): void {
    // One connection: the link decides the phase, not which server carries the session.
  }

  onSilenceChange(): void {
    // One connection: silence is `checking` until ADDP decides; there is nobody to move to.
  }

  onLegLost(leg: Leg, wasActive: boolean, toWake: boolean, reason: DisconnectReason | null): void {
    // A new outage: both endpoints must fail again.
    if (wasActive) this.host.records.outageOver();
    if (this.host.halted()) return;
    // A leg lost before it went online is the dial's failure, not a new outage. After a
    // wake the endpoint that carried the session is redialled first, at once.
    if (wasActive) this.loop.start(toWake ? 'wake' : 'connection-lost', leg.name, { lostAnswersQuickly: !toWake && answersQuickly(reason) });
  }

  /** Open, register, restore; online only when all of that is done. */
  private async dial(name: string, connectTimeoutMs: number, signal: AbortSignal): Promise<void> {
    const host = this.host;
    const leg = this.legByName(name);
    // A failure rejects to the loop, which records it (endpoint-records.ts).
    const conn = await leg.connect(host.connectOptions, connectTimeoutMs, signal);
    const abort = (): void => void conn.close();
    signal.addEventListener('abort', abort, { once: true });
    let outcome: RestoreOutcome;
    try {
      // Calls in progress survive the server (issue 12): ask for them now, beside the restore.
      // Not awaited: a server slow to answer must not hold the agent's session; until the
      // answer the calls are shown last known, never current.
      void host.relearnCalls(leg, conn);
      outcome = await host.restoreRegistered(leg, conn, !host.everOnline());
    } finally {
      signal.removeEventListener('abort', abort);
    }
    if (signal.aborted || leg.conn !== conn || conn.state !== 'open' || outcome.interrupted) {
      throw new DialError(`${name}: the session was lost while the agent state was being restored`, null, true);
    }
    if (outcome.error && !outcome.error.retryable) {
      void conn.close();
      throw new DialError(outcome.error.message, outcome.error.code, false);
    }
    const from = host.lastServer();
    host.takeOver(leg);
    host.records.outageOver();
    host.applyOutcome(leg, outcome, from);
    host.publish();
  }

  private legByName(name: string): Leg {
    const leg = this.host.legs.find((l) => l.name === name);
    if (!leg) throw new DialError(`unknown endpoint ${name}`, null, false);
    return leg;
  }
}

/**
 * A server whose end was heard (it closed, reset, or broke the protocol) is either still
 * up or refuses a dial at once, so asking it again costs little; a silent one (ADDP) may
 * hold a dial until the connect timeout.
 */
function answersQuickly(reason: DisconnectReason | null): boolean {
  return reason !== null && reason !== 'addp-timeout' && reason !== 'connect-timeout';
}
