// The internal interface between the session (session.ts) and its standby
// orchestration: warm (warm-standby.ts) or hot (hot-standby.ts).
import type { TimelineEvent } from '../../../shared/connectivity.ts';
import type { DisconnectReason, TServerConnection } from '../connection/index.ts';
import type { CoreLogger } from '../core-logger.ts';
import type { EndpointRecords } from './endpoint-records.ts';
import type { Timers } from './reconnect/timers.ts';
import type { RestoreOutcome } from './agent-restorer.ts';
import type { Leg, LegConnectOptions } from './leg.ts';
import type { DialScheduler, DialSchedulerOptions } from './reconnect/dial-scheduler.ts';

/** What a standby orchestration may ask of the session it drives. */
export interface StandbyHost {
  readonly legs: readonly Leg[];
  readonly connectOptions: LegConnectOptions;
  /** The per-endpoint records (failures in this outage, announced roles, last heard). */
  readonly records: EndpointRecords;
  readonly log: CoreLogger;
  /** The session's injected timers. */
  readonly timers: Timers;
  /** Stopping, or stopped by a not-retryable answer: nothing may start. */
  halted(): boolean;
  everOnline(): boolean;
  active(): Leg | null;
  /** The server the last session was on. */
  lastServer(): string | null;
  /** `leg` carries the session from now on. */
  takeOver(leg: Leg): void;
  /** Restores the agent on a just-registered connection (warm dial). */
  restoreRegistered(leg: Leg, conn: TServerConnection, initial: boolean): Promise<RestoreOutcome>;
  /** Records a restore's outcome (failover notice, pending restore, problem). */
  applyOutcome(leg: Leg, outcome: RestoreOutcome, failoverFrom: string | null): void;
  /** Asks for the DN's calls on a just-registered connection (warm dial: a new server tells them only when asked); never rejects. */
  relearnCalls(leg: Leg, conn: TServerConnection): Promise<void>;
  /** Queries the active leg's DN and restores what is missing (hot move). */
  restoreActive(failoverFrom: string | null, initial: boolean): Promise<void>;
  emitEvent(event: TimelineEvent): void;
  publish(): void;
  now(): number;
}

/** What the reconnect loops share, whatever the mode. */
export type LoopOptions = Omit<DialSchedulerOptions, 'endpoints' | 'dial'>;

export interface Standby {
  /** Every reconnect loop, for start / stop / checkNow / the snapshot's countdown. */
  readonly loops: readonly DialScheduler[];
  /** Whether agent events from `leg`'s live connection are the session's. */
  isAgentSource(leg: Leg): boolean;
  /** A live leg's CTI link (and with it its ServerRole) changed. */
  onLinkChange(): void;
  /** A live leg's server went silent or was heard again. */
  onSilenceChange(leg: Leg): void;
  /**
   * A leg's connection was lost; the session has already dropped it if it was active.
   * `toWake`: it did not answer the probe after a wake — not a failure: redial it now.
   * `reason`: how the connection ended (null when it was never open).
   */
  onLegLost(leg: Leg, wasActive: boolean, toWake: boolean, reason: DisconnectReason | null): void;
}
