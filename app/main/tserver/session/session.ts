// TServerSession: one logical T-Server session over a primary/backup pair
// (DESIGN.md §4, docs/architecture.md §3). This class holds what both modes
// share — the legs, the session's lifecycle, connection events, the
// not-retryable stop, requests and publishing — and hands the choice of
// connection to a Standby:
// - warm (warm-standby.ts): one connection at a time, one DialScheduler over the pair;
// - hot (hot-standby.ts): a leg and a loop per endpoint, riding the primary.
// The agent's state and its restore live in agent-keeper.ts. Every change is
// published as a full ConnectivitySnapshot; every T-Library event goes out as a
// TimelineEvent.
import type { ConnectivitySnapshot, ErrorInfo, RequestOutcome, TimelineEvent } from '../../../shared/connectivity.ts';
import { WorkMode } from '../protocol/index.ts';
import type { TMessage } from '../protocol/index.ts';
import type { TServerConnection } from '../connection/index.ts';
import type { CheckNowReason, SessionOptions, ToolbarSession } from './api.ts';
import { AgentKeeper } from './agent-keeper.ts';
import { isAgentEvent } from './agent-state.ts';
import { Leg } from './leg.ts';
import type { LegConnectOptions } from './leg.ts';
import type { DialSchedulerState } from './reconnect/dial-scheduler.ts';
import { CHECK_NOW_MIN_INTERVAL_MS } from './reconnect/reconnect-policy.ts';
import { systemTimers } from './reconnect/timers.ts';
import type { Timers } from './reconnect/timers.ts';
import { SessionOutput } from './event-stream.ts';
import type { ListenerErrorReporter } from './event-stream.ts';
import { HotStandby } from './hot-standby.ts';
import { notConnectedError, sameStateIsDone } from './session-requests.ts';
import { buildSnapshotBody } from './snapshot-builder.ts';
import type { SessionFacts } from './snapshot-builder.ts';
import type { Standby, StandbyHost } from './standby.ts';
import { timelineEventOf } from './timeline.ts';
import { WarmStandby } from './warm-standby.ts';

export interface TServerSessionTestHooks {
  /** Fake timers for the reconnect loops (tests). */
  timers?: Timers;
  /** Where a throwing snapshot/event listener is reported (default: process.emitWarning). */
  onListenerError?: ListenerErrorReporter;
}

export class TServerSession implements ToolbarSession {
  private readonly options: SessionOptions;
  private readonly now: () => number;
  private readonly legs: Leg[];
  private readonly standby: Standby;
  private readonly agent: AgentKeeper;
  private readonly output: SessionOutput;

  private started = false;
  private stopping: Promise<void> | null = null;
  /** Set first thing in stop(): the closes it causes must not start anything. */
  private halting = false;
  private stopped = false;
  private active: Leg | null = null;
  /** The server the last session was on (the "from" of the next failover). */
  private lastServer: string | null = null;
  private everOnline = false;
  private fatal: ErrorInfo | null = null;
  private lastFatalRestartAt = Number.NEGATIVE_INFINITY;
  private readonly failedThisOutage = new Set<string>();
  private dialError: ErrorInfo | null = null;

  constructor(options: SessionOptions, hooks: TServerSessionTestHooks = {}) {
    if (!Array.isArray(options.endpoints) || options.endpoints.length === 0) throw new TypeError('the session needs at least one endpoint');
    if (typeof options.dn !== 'string' || options.dn === '') throw new TypeError('the session needs a DN');
    if (options.mode !== 'warm' && options.mode !== 'hot') throw new TypeError(`mode must be warm or hot, not ${String(options.mode)}`);
    this.options = options;
    this.now = options.now ?? Date.now;
    this.agent = new AgentKeeper(options, this.now);
    const connectOptions: LegConnectOptions = {
      dn: options.dn,
      applicationName: options.applicationName,
      applicationPassword: options.applicationPassword,
      addpTimeoutMs: options.addpTimeoutMs,
      addpRemoteTimeoutMs: options.addpRemoteTimeoutMs,
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    };
    this.legs = options.endpoints.map((endpoint) => new Leg(endpoint, (leg, conn, message, t) => this.onLegEvent(leg, conn, message, t)));
    const loopOptions = {
      settings: options.reconnect,
      now: this.now,
      random: options.random ?? Math.random,
      timers: hooks.timers ?? systemTimers,
      onListenerError: (err: unknown) => process.emitWarning(`session: reconnect listener threw: ${String(err)}`),
    };
    const host = this.standbyHost(connectOptions);
    this.standby = options.mode === 'warm' ? new WarmStandby(host, loopOptions) : new HotStandby(host, loopOptions);
    for (const loop of this.standby.loops) loop.onChange((state) => this.onLoopChange(state));
    this.output = new SessionOutput(() => buildSnapshotBody(this.facts()), this.now, hooks.onListenerError);
  }

  // ---------- ToolbarSession ----------

  start(): void {
    if (this.started || this.halting) return;
    this.started = true;
    for (const loop of this.standby.loops) loop.start('startup');
    this.publish();
  }

  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    this.halting = true;
    this.agent.invalidate();
    for (const loop of this.standby.loops) loop.stop();
    const closing: Promise<void>[] = [];
    for (const leg of this.legs) {
      for (const conn of [leg.conn, leg.candidate]) if (conn) closing.push(conn.close());
    }
    this.stopping = Promise.allSettled(closing).then(() => {
      this.stopped = true;
      this.output.close();
    });
    return this.stopping;
  }

  snapshot(): ConnectivitySnapshot {
    return this.output.current();
  }

  onSnapshot(listener: (snapshot: ConnectivitySnapshot) => void): () => void {
    return this.output.onSnapshot(listener);
  }

  onEvent(listener: (event: TimelineEvent) => void): () => void {
    return this.output.onEvent(listener);
  }

  checkNow(reason: CheckNowReason): boolean {
    if (!this.started || this.halting) return false;
    if (this.fatal) return this.restartAfterFatal(reason);
    let acted = false;
    // Hot: only the loops that are reconnecting have anything to do.
    for (const loop of this.standby.loops) if (loop.checkNow(reason)) acted = true;
    return acted;
  }

  async agentReady(): Promise<RequestOutcome> {
    const conn = this.requireSession();
    await sameStateIsDone(conn.agentReady(this.options.dn));
    this.keepObservedAsDesired();
    return { outcome: 'done' };
  }

  async agentNotReady(reasonCode: string): Promise<RequestOutcome> {
    const conn = this.requireSession();
    await sameStateIsDone(conn.agentNotReady(this.options.dn, { workMode: WorkMode.AuxWork, reasonCode }));
    this.keepObservedAsDesired();
    return { outcome: 'done' };
  }

  async agentLogin(agentId: string, password: string | undefined): Promise<RequestOutcome> {
    const conn = this.requireSession();
    await conn.agentLogin(this.options.dn, agentId, password);
    this.agent.loggedIn(agentId, password);
    this.publish();
    return { outcome: 'done' };
  }

  async agentLogout(): Promise<RequestOutcome> {
    const conn = this.requireSession();
    await sameStateIsDone(conn.agentLogout(this.options.dn));
    this.agent.loggedOut();
    this.publish();
    return { outcome: 'done' };
  }

  // ---------- what the standby orchestration may use ----------

  private standbyHost(connectOptions: LegConnectOptions): StandbyHost {
    return {
      legs: this.legs,
      connectOptions,
      failedThisOutage: this.failedThisOutage,
      halted: () => this.halting || this.fatal !== null,
      everOnline: () => this.everOnline,
      active: () => this.active,
      lastServer: () => this.lastServer,
      takeOver: (leg) => this.takeOver(leg),
      restoreRegistered: (leg, conn, initial) => this.agent.restoreOn(leg, conn, this.agent.registrationView(leg), initial),
      applyOutcome: (leg, outcome, from) => this.agent.applyOutcome(leg, outcome, from),
      restoreActive: (from, initial) => this.restoreActive(from, initial),
      emitEvent: (event) => this.emitEvent(event),
      publish: () => this.publish(),
      now: () => this.now(),
    };
  }

  private onLoopChange(state: DialSchedulerState): void {
    if (this.halting) return;
    if (state.lastError) this.dialError = state.lastError;
    if (state.phase === 'failed' && state.lastError && !state.lastError.retryable) this.failWith(state.lastError);
    this.publish();
  }

  /** `leg` carries the session; what failed before it does not count any more. */
  private takeOver(leg: Leg): void {
    this.active = leg;
    this.everOnline = true;
    this.lastServer = leg.name;
    this.dialError = null;
    this.agent.clearProblems();
  }

  // ---------- connection events ----------

  private onLegEvent(leg: Leg, conn: TServerConnection, message: TMessage, t: number): void {
    if (this.stopped) return;
    const live = conn === leg.conn;
    const agentSource = live && this.standby.isAgentSource(leg);
    // Agent events reach every server with the DN registered: the timeline shows the active one's.
    if (!isAgentEvent(message.name) || agentSource) this.emitEvent(timelineEventOf(message, leg.name, t));
    if (!leg.owns(conn) || this.halting) return;
    try {
      switch (message.name) {
        case 'EventLinkConnected':
        case 'EventLinkDisconnected': {
          const wasUp = leg.link.up;
          leg.noteLink(message);
          if (!live) break;
          this.standby.onLinkChange();
          if (leg !== this.active || !leg.link.up || wasUp) break;
          // Link back: a deferred restore runs now; otherwise re-read what the switch did meanwhile
          // (a server whose link is down hears no agent events).
          if (this.agent.restorePending) void this.restoreActive(null);
          else void this.refreshAgent(leg);
          break;
        }
        case 'EventServerDisconnected':
          if (live) this.onLegLost(leg);
          break;
        default:
          // EventRegistered / EventAddressInfo answer the session's own queries: the restore reads them.
          if (agentSource && isAgentEvent(message.name)) this.agent.noteAgent(message);
      }
    } finally {
      this.publish();
    }
  }

  private onLegLost(leg: Leg): void {
    const wasActive = leg === this.active;
    leg.reset();
    if (wasActive) {
      this.active = null;
      this.agent.invalidate();
      this.agent.clearProblems();
      this.dialError = null;
    }
    this.standby.onLegLost(leg, wasActive);
  }

  // ---------- restoring ----------

  /** Queries the active leg's DN and restores what is missing (hot switchover, link back after a deferred restore). */
  private async restoreActive(failoverFrom: string | null, initial = false): Promise<void> {
    const leg = this.active;
    const conn = leg?.conn;
    if (!leg || !conn) return;
    const result = await this.agent.restoreAfterMove(leg, conn, failoverFrom, initial, () => leg === this.active && conn === leg.conn);
    if (!result) return;
    if (result.fatal) this.failWith(result.fatal);
    this.publish();
  }

  /** Re-reads the DN after the CTI link came back; what changed meanwhile was the switch's doing. */
  private async refreshAgent(leg: Leg): Promise<void> {
    const conn = leg.conn;
    if (!conn) return;
    if (await this.agent.refresh(conn, () => leg === this.active && conn === leg.conn)) this.publish();
  }

  // ---------- not retryable ----------

  /** A not-retryable answer: stop every loop, close every connection, say why. */
  private failWith(info: ErrorInfo): void {
    if (this.fatal || this.halting) return;
    this.fatal = info;
    this.active = null;
    this.agent.invalidate();
    for (const loop of this.standby.loops) loop.stop();
    for (const leg of this.legs) {
      for (const conn of [leg.conn, leg.candidate]) if (conn) void conn.close();
    }
    this.publish();
  }

  /** Only the agent's Reconnect-now retries after a not-retryable answer (they may have fixed it). */
  private restartAfterFatal(reason: CheckNowReason): boolean {
    const now = this.now();
    if (reason !== 'user' || now - this.lastFatalRestartAt < CHECK_NOW_MIN_INTERVAL_MS) return false;
    this.lastFatalRestartAt = now;
    this.fatal = null;
    this.dialError = null;
    this.failedThisOutage.clear();
    for (const loop of this.standby.loops) {
      loop.start('startup');
      loop.checkNow('user');
    }
    this.publish();
    return true;
  }

  // ---------- requests ----------

  private requireSession(): TServerConnection {
    const conn = this.active?.conn;
    if (conn) return conn;
    throw notConnectedError(this.fatal?.message ?? null, this.started);
  }

  private keepObservedAsDesired(): void {
    this.agent.keepObservedAsDesired();
    this.publish();
  }

  // ---------- output ----------

  private facts(): SessionFacts {
    const running = this.standby.loops.map((l) => l.state()).filter((s) => s.phase === 'waiting' || s.phase === 'dialling');
    const loop = running.find((s) => s.phase === 'dialling') ?? running.sort((x, y) => (x.nextAttemptAt ?? 0) - (y.nextAttemptAt ?? 0))[0];
    const active = this.active;
    const standby = this.legs.find((l) => l !== active);
    return {
      mode: this.options.mode,
      endpoints: this.legs.map((l) => l.name),
      fatal: this.fatal,
      active: active ? { name: active.name, role: active.role, link: active.link } : null,
      standbyReady: standby?.up ?? false,
      everOnline: this.everOnline,
      failedThisOutage: this.failedThisOutage,
      loop: loop ? { attempt: loop.attempt, nextAttemptAt: loop.nextAttemptAt, nextServer: loop.nextServer } : null,
      dialError: this.dialError,
      restoreError: this.agent.restoreError,
      dn: this.options.dn,
      agentId: this.agent.agentId,
      agent: this.agent.observed,
      silentSince: null,
      agentTruth: { asOf: null, pending: null, changedWhileAway: null, loggedOutBySwitch: null },
      lastFailover: this.agent.lastFailover,
    };
  }

  /** Snapshots stop the moment stop() is called; the closes it causes still reach the timeline. */
  private publish(): void {
    if (!this.halting) this.output.publish();
  }

  private emitEvent(event: TimelineEvent): void {
    if (!this.stopped) this.output.emit(event);
  }
}
