// TServerSession: one logical T-Server session over a primary/backup pair
// (DESIGN.md §4, docs/architecture.md §3). This class holds what both modes
// share — the legs, the session's lifecycle, connection events, the
// not-retryable stop, requests and publishing — and hands the choice of
// connection to a Standby:
// - warm (warm-standby.ts): one connection at a time, one DialScheduler over the pair;
// - hot (hot-standby.ts): a leg and a loop per endpoint, riding the newest primary.
// The agent's state, its restore and the unknown outcomes live in agent-keeper.ts;
// per-endpoint facts in endpoint-records.ts. Every change is published as a full
// ConnectivitySnapshot; every T-Library event goes out as a TimelineEvent; the
// story is written to the injected logger.
import type { CallRequestName, ConnectivitySnapshot, ErrorInfo, Phase, RequestOutcome, TimelineEvent } from '../../../shared/connectivity.ts';
import { WorkMode } from '../protocol/index.ts';
import type { TMessage } from '../protocol/index.ts';
import { realClock } from '../connection/index.ts';
import type { Clock, TServerConnection } from '../connection/index.ts';
import { silentLogger } from '../core-logger.ts';
import type { CoreLogger } from '../core-logger.ts';
import { SessionRequestError } from './api.ts';
import type { CheckNowReason, SessionOptions, ToolbarSession, WakeReason } from './api.ts';
import { AgentKeeper } from './agent-keeper.ts';
import { CallKeeper, isCallEvent } from './call-keeper.ts';
import type { AgentIntent, MoveRestoreResult } from './agent-keeper.ts';
import { isAgentEvent, stateWords } from './agent-state.ts';
import { EndpointRecords } from './endpoint-records.ts';
import { errorInfoOf } from './error-info.ts';
import { Leg } from './leg.ts';
import type { LegConnectOptions } from './leg.ts';
import type { DialSchedulerState } from './reconnect/dial-scheduler.ts';
import { CHECK_NOW_MIN_INTERVAL_MS } from './reconnect/reconnect-policy.ts';
import { SessionOutput } from './event-stream.ts';
import type { ListenerErrorReporter } from './event-stream.ts';
import { HotStandby } from './hot-standby.ts';
import { isUnknownOutcome, notConnectedError, sameStateIsDone } from './session-requests.ts';
import { buildSnapshotBody, phaseOf } from './snapshot-builder.ts';
import type { SessionFacts } from './snapshot-builder.ts';
import type { Standby, StandbyHost } from './standby.ts';
import { logFieldsOf, timelineEventOf } from './timeline.ts';
import { scrubDeep } from './scrub.ts';
import { RereadRetry } from './reread-retry.ts';
import { WakeDetector } from './wake-detector.ts';
import { WarmStandby } from './warm-standby.ts';

/** Hints this close together are one wake (a resume, an unlock and the network coming back). */
const WAKE_COALESCE_MS = 2_000;
const DEFAULT_WAKE_PROBE_MS = 1_000;

export interface TServerSessionTestHooks {
  /** Where a throwing snapshot/event listener is reported (default: the logger, at warn). */
  onListenerError?: ListenerErrorReporter;
  /** False models a client without the warm 58 re-ask (bench:fleet's peer policies). */
  promotionRetry?: boolean;
  /** False models a client without the hot standby's calm redial (bench:fleet's peer policies). */
  standbyRetry?: boolean;
}

/**
 * idle → running (start) → failed (not-retryable answer) → running (Reconnect now) …;
 * any → stopping (stop) → stopped (every close done).
 */
type Lifecycle = 'idle' | 'running' | 'failed' | 'stopping' | 'stopped';

export class TServerSession implements ToolbarSession {
  private readonly options: SessionOptions;
  private readonly clock: Clock;
  private readonly log: CoreLogger;
  private readonly records: EndpointRecords;
  private readonly legs: Leg[];
  private readonly standby: Standby;
  private readonly agent: AgentKeeper;
  private readonly calls: CallKeeper;
  /** Per connection: how far its server's clock is behind ours (ms), see noteServerClock. */
  private readonly serverClockBehind = new WeakMap<TServerConnection, number>();
  /** Call requests on their way, by request and ConnID (at most one each; bounded by the calls kept). */
  private readonly callsInFlight = new Map<string, Promise<RequestOutcome>>();
  private readonly output: SessionOutput;
  /** A failed read of the DN is asked again while the session lasts (reread-retry.ts). */
  private readonly reread: RereadRetry;

  private lifecycle: Lifecycle = 'idle';
  private stopping: Promise<void> | null = null;
  /** The not-retryable answer that stopped the session (lifecycle `failed`). */
  private fatal: ErrorInfo | null = null;
  private active: Leg | null = null;
  /** The server the last session was on (the "from" of the next failover). */
  private lastServer: string | null = null;
  private everOnline = false;
  private lastFatalRestartAt = Number.NEGATIVE_INFINITY;
  private dialError: ErrorInfo | null = null;
  private loggedPhase: Phase | null = null;
  private lastWakeAt = Number.NEGATIVE_INFINITY;
  /** restoreActive calls under way (their query and restore read the DN). */
  private restoresRunning = 0;
  private readonly wakeDetector: WakeDetector | null;

  constructor(options: SessionOptions, hooks: TServerSessionTestHooks = {}) {
    if (!Array.isArray(options.endpoints) || options.endpoints.length === 0) throw new TypeError('the session needs at least one endpoint');
    if (typeof options.dn !== 'string' || options.dn === '') throw new TypeError('the session needs a DN');
    if (options.mode !== 'warm' && options.mode !== 'hot') throw new TypeError(`mode must be warm or hot, not ${String(options.mode)}`);
    this.options = options;
    // Every timer and clock of the core comes from here (connections, loops, keeper).
    this.clock = options.clock ?? (options.now ? { ...realClock, now: options.now } : realClock);
    this.log = options.logger ?? silentLogger;
    const now = (): number => this.clock.now();
    this.records = new EndpointRecords(options.endpoints.map((e) => e.name));
    this.agent = new AgentKeeper(options, this.clock, this.log);
    // Over the bound the list is re-read (through the retry: one timer, backing off to 30 s) until one fits.
    this.calls = new CallKeeper(options.dn, ({ connId, kept, from }) => {
      this.log.warn({ connId, kept, from }, 'more calls on the DN than the toolbar keeps: some are not shown until a re-read list fits');
      this.reread.schedule();
    });
    this.agent.onAddressInfo = (reply) => {
      const leg = this.active;
      if (leg?.conn) this.onCallsRead(reply, leg, leg.conn);
    };
    this.reread = new RereadRetry(this.clock, options.random ?? Math.random, () => this.rereadOwed());
    this.agent.onReadOwed = (soon) => (soon ? this.reread.soon() : this.reread.schedule());
    const connectOptions: LegConnectOptions = {
      dn: options.dn,
      applicationName: options.applicationName,
      applicationPassword: options.applicationPassword,
      addpTimeoutMs: options.addpTimeoutMs,
      addpRemoteTimeoutMs: options.addpRemoteTimeoutMs,
      clock: this.clock,
      logger: this.log,
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    };
    this.legs = options.endpoints.map(
      (endpoint) =>
        new Leg(endpoint, this.records, {
          event: (leg, conn, message, t) => this.onLegEvent(leg, conn, message, t),
          silence: (leg, _conn, since) => this.onSilence(leg, since),
        }),
    );
    const loopOptions = {
      settings: options.reconnect,
      now,
      monotonic: () => this.clock.monotonic(),
      random: options.random ?? Math.random,
      timers: this.clock,
      records: this.records,
      logger: this.log,
      onListenerError: (err: unknown) => this.log.warn({ where: 'reconnect loop', err: String(err) }, 'listener threw'),
    };
    const host = this.standbyHost(connectOptions);
    this.standby = options.mode === 'warm' ? new WarmStandby(host, loopOptions, hooks.promotionRetry ?? true) : new HotStandby(host, loopOptions, hooks.standbyRetry ?? true);
    for (const loop of this.standby.loops) loop.onChange((state) => this.onLoopChange(state));
    const onListenerError: ListenerErrorReporter =
      hooks.onListenerError ?? ((what, err) => this.log.warn({ where: `${what} listener`, err: err instanceof Error ? err.message : String(err) }, 'listener threw'));
    const scrub = options.scrub;
    this.output = new SessionOutput(() => (scrub ? scrubDeep(buildSnapshotBody(this.facts()), scrub) : buildSnapshotBody(this.facts())), now, onListenerError);
    this.wakeDetector =
      options.detectDrift === false
        ? null
        : new WakeDetector({
            clock: this.clock,
            onWake: ({ cause, awayMs }) => this.wake(cause, awayMs),
            onWallStepBack: (stepMs) => this.log.info({ stepMs }, 'wall clock stepped back (deadlines run on the monotonic clock: nothing moves)'),
          });
  }

  private get halted(): boolean {
    return this.lifecycle !== 'running';
  }

  private get closing(): boolean {
    return this.lifecycle === 'stopping' || this.lifecycle === 'stopped';
  }

  // ---------- ToolbarSession ----------

  start(): void {
    if (this.lifecycle !== 'idle') return;
    this.lifecycle = 'running';
    this.log.info({ mode: this.options.mode, endpoints: this.legs.map((l) => l.name), dn: this.options.dn, agentId: this.options.agentId }, 'session starting');
    for (const loop of this.standby.loops) loop.start('startup');
    this.wakeDetector?.start();
    this.publish();
  }

  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    this.lifecycle = 'stopping';
    this.log.info({}, 'session stopping');
    this.wakeDetector?.stop();
    this.reread.stop();
    this.agent.invalidate();
    for (const loop of this.standby.loops) loop.stop();
    const closing: Promise<void>[] = [];
    for (const leg of this.legs) {
      for (const conn of [leg.conn, leg.candidate]) if (conn) closing.push(conn.close());
    }
    this.stopping = Promise.allSettled(closing).then(() => {
      this.lifecycle = 'stopped';
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
    if (this.lifecycle === 'failed') return this.restartAfterFatal(reason);
    if (this.halted) return false;
    let acted = false;
    // Hot: only the loops that are reconnecting have anything to do.
    for (const loop of this.standby.loops) if (loop.checkNow(reason)) acted = true;
    this.log.info({ reason, acted }, 'check now');
    return acted;
  }

  wake(reason: WakeReason, awayMs: number | null = null): boolean {
    if (this.halted) return false;
    const now = this.clock.monotonic();
    if (now - this.lastWakeAt < WAKE_COALESCE_MS) {
      this.log.info({ reason }, 'wake hint folded into the wake just handled');
      return false;
    }
    this.lastWakeAt = now;
    const probeMs = this.options.wakeProbeMs ?? DEFAULT_WAKE_PROBE_MS;
    // Check before claiming: every open connection is silent (checking) until a whole frame answers.
    const probed: string[] = [];
    for (const leg of this.legs) {
      if (leg.conn?.probe(probeMs)) {
        leg.probeSentAt = now;
        probed.push(leg.name);
      }
    }
    // The agent state (and the calls) from before the sleep are only last known until the switch has been asked.
    this.agent.truth.reread(this.agent.observed);
    this.calls.stale();
    // A connection that cannot be probed (ADDP off) is asked directly, so the state does not stay last known.
    const active = this.active;
    if (active?.conn && active.link.up && !probed.includes(active.name)) void this.refreshAgent(active);
    // A loop waiting out its backoff dials now, the endpoint that last carried the session first.
    const preferred = this.active?.name ?? this.lastServer;
    // The network coming back reaches a whole site at once: those attempts keep the fleet spread.
    const dialled = this.standby.loops.filter((loop) => loop.wake(preferred, reason === 'network-back')).length;
    this.log.info({ reason, awayMs, probed, probeMs, loopsDialling: dialled }, 'wake: checking before claiming');
    this.publish();
    return true;
  }

  agentReady(): Promise<RequestOutcome> {
    const target = this.targetFor({ state: 'ready' });
    return this.agentRequest({ request: 'ready', reasonCode: null, target }, 'AgentReady', (conn) => conn.agentReady(this.options.dn));
  }

  agentNotReady(reasonCode: string): Promise<RequestOutcome> {
    const target = this.targetFor({ state: 'not-ready', reasonCode });
    return this.agentRequest({ request: 'not-ready', reasonCode, target }, 'AgentNotReady', (conn) =>
      conn.agentNotReady(this.options.dn, { workMode: WorkMode.AuxWork, reasonCode }),
    );
  }

  agentLogin(agentId: string, password: string | undefined): Promise<RequestOutcome> {
    // A login without a work mode lands in Not Ready (aux work).
    const intent: AgentIntent = { request: 'login', reasonCode: null, target: { state: 'not-ready', agentId, reasonCode: null } };
    return this.agentRequest(intent, 'AgentLogin', (conn) => conn.agentLogin(this.options.dn, agentId, password), password);
  }

  agentLogout(): Promise<RequestOutcome> {
    return this.agentRequest({ request: 'logout', reasonCode: null, target: { state: 'logged-out' } }, 'AgentLogout', (conn) => conn.agentLogout(this.options.dn));
  }

  // ---------- what the standby orchestration may use ----------

  private standbyHost(connectOptions: LegConnectOptions): StandbyHost {
    return {
      legs: this.legs,
      connectOptions,
      records: this.records,
      log: this.log,
      timers: this.clock,
      halted: () => this.halted,
      everOnline: () => this.everOnline,
      active: () => this.active,
      lastServer: () => this.lastServer,
      takeOver: (leg) => this.takeOver(leg),
      restoreRegistered: (leg, conn, initial) => this.agent.restoreOn(leg, conn, this.agent.registrationView(leg), initial),
      relearnCalls: async (leg, conn) => {
        try {
          const reply = await conn.queryAddress(this.options.dn);
          if (leg.conn === conn || leg.candidate === conn) this.onCallsRead(reply, leg, conn);
        } catch (err) {
          // The calls stay last known; the agent restore goes on (before the takeover, takeOver asks again).
          this.log.info({ server: conn.name, error: errorInfoOf(err, conn.name).message }, 'calls query failed');
          if (leg === this.active && conn === leg.conn) this.reread.schedule();
        }
      },
      applyOutcome: (leg, outcome, from) => this.agent.applyOutcome(leg, outcome, from),
      restoreActive: (from, initial) => this.restoreActive(from, initial),
      emitEvent: (event) => this.emitEvent(event),
      publish: () => this.publish(),
      now: () => this.clock.now(),
    };
  }

  private onLoopChange(state: DialSchedulerState): void {
    if (this.halted) return;
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
    // Calls re-learned on this leg before it carried the session (warm) may wait on it.
    this.completePendingCalls();
    // A new session starts the retry afresh. Warm: the candidate's calls query, if it failed
    // or is still out, is asked again on the session (hot: the restore's own query reads them).
    this.reread.reset();
    if (this.options.mode === 'warm' && !this.callsCurrent()) this.reread.schedule();
  }

  // ---------- connection events ----------

  private onLegEvent(leg: Leg, conn: TServerConnection, message: TMessage, t: number): void {
    if (this.lifecycle === 'stopped') return;
    const live = conn === leg.conn;
    const agentSource = live && this.standby.isAgentSource(leg);
    this.log.info(logFieldsOf(message, leg.name), message.name);
    // Agent and call events reach every server with the DN registered: the timeline shows the active one's.
    const dnEvent = isAgentEvent(message.name) || isCallEvent(message.name);
    if (!dnEvent || agentSource) this.emitEvent(timelineEventOf(message, leg.name, t));
    if (!leg.owns(conn) || this.closing) return;
    if (message.name !== 'EventServerDisconnected' && message.name !== 'EventServerConnected') this.records.heard(leg.name, t);
    this.noteServerClock(conn, message, t);
    if (this.halted) return;
    try {
      switch (message.name) {
        case 'EventLinkConnected':
        case 'EventLinkDisconnected': {
          const wasUp = leg.link.up;
          leg.noteLink(message, t);
          if (!live) break;
          // A server whose link is down hears no call events: what is known about calls is last known.
          if (leg === this.active && !leg.link.up) this.calls.stale();
          this.standby.onLinkChange();
          if (leg !== this.active || !leg.link.up || wasUp) break;
          // Link back: a deferred restore runs now; otherwise re-read what the switch did meanwhile
          // (a server whose link is down hears no agent events).
          if (this.agent.restorePending || this.agent.restoreOwed) void this.restoreActive(this.agent.restoreOwed?.from ?? null);
          else void this.refreshAgent(leg);
          break;
        }
        case 'EventServerDisconnected':
          if (live) this.onLegLost(leg);
          break;
        default:
          // EventRegistered / EventAddressInfo answer the session's own queries: the restore reads them.
          if (agentSource && isAgentEvent(message.name)) this.agent.noteAgent(message);
          if (agentSource && isCallEvent(message.name) && this.calls.noteEvent(message, t) && message.name === 'EventReleased' && this.calls.overflowing) {
            // A kept call ended while others were left out: there is room now, read them.
            this.reread.soon();
          }
      }
    } finally {
      this.publish();
    }
  }

  private onSilence(leg: Leg, since: number | null): void {
    if (this.halted) return;
    if (since === null && leg.probeSentAt !== null) {
      this.log.info({ server: leg.name, answeredInMs: Math.round(this.clock.monotonic() - leg.probeSentAt) }, 'wake probe answered');
      leg.probeSentAt = null;
    } else {
      this.log.info({ server: leg.name, active: leg === this.active, silentSince: since }, since === null ? 'server heard again' : 'server silent: checking');
    }
    this.standby.onSilenceChange(leg);
    if (since === null && leg === this.active) {
      // Heard again: a request whose outcome is unknown, or a state not trusted since a wake, is asked for now.
      if (this.agent.truth.needsRead && leg.link.up && !this.agent.pending) void this.refreshAgent(leg);
      else this.reconcilePending();
    }
    this.publish();
  }

  private onLegLost(leg: Leg): void {
    const wasActive = leg === this.active;
    const info = leg.conn?.disconnectInfo ?? null;
    const toWake = leg.probeSentAt !== null;
    leg.reset();
    this.log.info({ server: leg.name, active: wasActive, reason: info?.reason ?? null, detail: info?.detail ?? null }, toWake ? 'wake probe unanswered: connection closed, redialling' : 'connection lost');
    if (wasActive) {
      this.active = null;
      this.calls.stale();
      this.agent.invalidate();
      this.agent.clearProblems();
      this.dialError = null;
    }
    this.standby.onLegLost(leg, wasActive, toWake, info?.reason ?? null);
  }

  // ---------- restoring ----------

  /** Queries the active leg's DN and restores what is missing (hot move, link back after a deferred restore). */
  private async restoreActive(failoverFrom: string | null, initial = false): Promise<void> {
    const leg = this.active;
    const conn = leg?.conn;
    if (!leg || !conn) return;
    // Not current until read on this server.
    this.agent.truth.reread(this.agent.observed);
    this.calls.stale();
    this.publish();
    this.restoresRunning++;
    let result: MoveRestoreResult;
    try {
      result = await this.agent.restoreAfterMove(leg, conn, failoverFrom, initial, () => leg === this.active && conn === leg.conn);
    } finally {
      this.restoresRunning--;
    }
    if (!result) return;
    if (result.fatal) this.failWith(result.fatal);
    this.publish();
  }

  /** Re-reads the DN (link back, or a request's outcome unknown); what changed meanwhile was the switch's doing. */
  private async refreshAgent(leg: Leg): Promise<void> {
    const conn = leg.conn;
    if (!conn) return;
    if (await this.agent.refresh(conn, leg.name, () => leg === this.active && conn === leg.conn)) this.publish();
  }

  /** A request's outcome is unknown: ask the switch as soon as the active server is heard. */
  private reconcilePending(): void {
    const leg = this.active;
    if (!this.agent.pending || !leg?.conn || leg.silent || !leg.link.up) return;
    void this.refreshAgent(leg);
  }

  // ---------- not retryable ----------

  /** A not-retryable answer: stop every loop, close every connection, say why. */
  private failWith(info: ErrorInfo): void {
    if (this.halted) return;
    this.lifecycle = 'failed';
    this.fatal = info;
    this.active = null;
    this.log.info({ code: info.code, error: info.message, server: info.server }, 'not retryable: session stopped until the agent reconnects');
    this.agent.invalidate();
    for (const loop of this.standby.loops) loop.stop();
    for (const leg of this.legs) {
      for (const conn of [leg.conn, leg.candidate]) if (conn) void conn.close();
    }
    this.publish();
  }

  /** Only the agent's Reconnect-now retries after a not-retryable answer (they may have fixed it). */
  private restartAfterFatal(reason: CheckNowReason): boolean {
    const now = this.clock.monotonic();
    if (reason !== 'user' || now - this.lastFatalRestartAt < CHECK_NOW_MIN_INTERVAL_MS) return false;
    this.lastFatalRestartAt = now;
    this.lifecycle = 'running';
    this.fatal = null;
    this.dialError = null;
    this.records.outageOver();
    this.log.info({ reason }, 'restarting after a not-retryable answer');
    for (const loop of this.standby.loops) {
      loop.start('startup');
      loop.checkNow('user');
    }
    this.publish();
    return true;
  }

  // ---------- requests ----------

  private requireSession(): { leg: Leg; conn: TServerConnection } {
    const leg = this.active;
    const conn = leg?.conn;
    if (leg && conn) return { leg, conn };
    throw notConnectedError(this.fatal?.message ?? null, this.lifecycle !== 'idle');
  }

  /** The state a request leads to, for the agent id the switch (or the config) names. */
  private targetFor(s: { state: 'ready' } | { state: 'not-ready'; reasonCode: string }): AgentIntent['target'] {
    const agentId = this.agent.observed.agentId ?? this.agent.agentId ?? '';
    return s.state === 'ready' ? { state: 'ready', agentId } : { state: 'not-ready', agentId, reasonCode: s.reasonCode };
  }

  /**
   * Sends one agent request. The intent is what restores aim for from now on. A reply
   * is `done`; a refusal rejects; no reply in time (or the session lost after sending)
   * is `unknown`: the snapshot says so and the session asks the switch once it can.
   */
  private async agentRequest(intent: AgentIntent, what: string, send: (conn: TServerConnection) => Promise<TMessage>, password?: string): Promise<RequestOutcome> {
    const { leg, conn } = this.requireSession();
    const started = this.clock.now();
    this.agent.intend(intent);
    try {
      await sameStateIsDone(send(conn));
    } catch (err) {
      const info = errorInfoOf(err, leg.name);
      if (isUnknownOutcome(err)) {
        this.agent.requestUnknown(intent, this.clock.now(), password);
        this.log.info({ server: leg.name, request: what, outcome: 'unknown', error: info.message, ms: this.clock.now() - started }, 'request');
        this.publish();
        this.reconcilePending();
        return { outcome: 'unknown' };
      }
      this.agent.requestRefused(intent);
      this.log.info({ server: leg.name, request: what, outcome: 'refused', code: info.code, error: info.message, ms: this.clock.now() - started }, 'request');
      this.publish();
      throw err;
    }
    this.agent.requestDone(intent, password);
    this.log.info({ server: leg.name, request: what, outcome: 'done', state: stateWords(this.agent.observed), ms: this.clock.now() - started }, 'request');
    this.publish();
    return { outcome: 'done' };
  }

  // ---------- output ----------

  private facts(): SessionFacts {
    const running = this.standby.loops.map((l) => l.state()).filter((s) => s.phase === 'waiting' || s.phase === 'dialling');
    const loop = running.find((s) => s.phase === 'dialling') ?? running.sort((x, y) => (x.nextAttemptAt ?? 0) - (y.nextAttemptAt ?? 0))[0];
    const active = this.active;
    const standby = this.legs.find((l) => l !== active);
    const truth = this.agent.truth;
    return {
      mode: this.options.mode,
      endpoints: this.legs.map((l) => l.name),
      fatal: this.fatal,
      active: active ? { name: active.name, role: active.role, link: active.link } : null,
      standbyReady: (standby?.up ?? false) && !(standby?.silent ?? false),
      everOnline: this.everOnline,
      allFailedThisOutage: this.records.allFailedThisOutage(),
      loop: loop ? { attempt: loop.attempt, nextAttemptAt: loop.nextAttemptAt, nextServer: loop.nextServer } : null,
      dialError: this.dialError,
      restoreError: this.agent.restoreError,
      dn: this.options.dn,
      agentId: this.agent.agentId,
      agent: this.agent.observed,
      silentSince: active?.silentSince ?? null,
      agentTruth: {
        confidence: truth.current ? 'current' : 'last-known',
        asOf: truth.since,
        pending: this.agent.pending,
        changedWhileAway: truth.changedWhileAway,
        loggedOutBySwitch: truth.loggedOutBySwitch,
        stateSince: this.agent.stateSince,
      },
      lastFailover: this.agent.lastFailover,
      ...this.callFacts(),
    };
  }

  private callFacts(): Pick<SessionFacts, 'calls' | 'callsEndedUnheard' | 'callsIncomplete'> {
    const { calls, ended, incomplete } = this.calls.view(this.callsCurrent(), this.active?.link.up ?? false);
    return { calls, callsEndedUnheard: ended, callsIncomplete: incomplete };
  }

  // ---------- calls (issue 12) ----------

  /**
   * The switch's list of the DN's calls (a QueryAddress answer): it replaces what was
   * known. A request whose outcome was unknown is completed only if it has not
   * happened: answer a call still ringing, release one still there, hold one still
   * established, retrieve one still held — never twice.
   */
  private onCallsRead(reply: TMessage, leg: Leg, conn: TServerConnection): void {
    // Without its CTI link the server's list is not the switch's word (an answer that arrives
    // after EventLinkDisconnected): the link-up re-read decides.
    if (!leg.link.up) return;
    const pending = this.calls.relearn(reply, this.clock.now(), conn, this.serverClockBehind.get(conn) ?? 0);
    if (pending === null) return;
    if (this.calls.overflowing) this.reread.schedule();
    this.log.info({ calls: this.calls.view(true, true).calls.map((c) => `${c.connId}:${c.state}`) }, 'calls re-learned');
    this.completePendingCalls();
    this.publish();
  }

  /**
   * How far the server's clock is behind ours (ms), from the newest event that said its time
   * (TimeinSecs/TimeinuSecs): a re-learned call's start is the server's time, and a server two
   * minutes off would show a call that just rang as 2:00 old (or 0:00 for two minutes).
   */
  private noteServerClock(conn: TServerConnection, message: TMessage, t: number): void {
    const secs = message.attributes.TimeinSecs;
    if (typeof secs !== 'number') return;
    const micros = message.attributes.TimeinuSecs;
    this.serverClockBehind.set(conn, t - (secs * 1000 + (typeof micros === 'number' ? Math.floor(micros / 1000) : 0)));
  }

  /** The calls were re-learned on the connection that carries the session, and have not gone stale since. */
  private callsCurrent(): boolean {
    const conn = this.active?.conn;
    return conn !== undefined && conn !== null && this.calls.isFreshFrom(conn);
  }

  /**
   * Completes the call requests whose outcome was unknown, now that the calls are re-learned
   * — only once a session carries them: a warm candidate's calls may be read before it takes
   * over (the restore still running), and a request sent then would be refused as "not
   * connected" and lost. The takeover calls this again.
   */
  private completePendingCalls(): void {
    if (!this.callsCurrent()) return;
    for (const call of this.calls.pendingCalls()) {
      const request = call.pending?.request;
      const needed =
        (request === 'answer' && call.state === 'ringing') ||
        // A ringing call is never one the agent asked to release (a reused ConnID is another call).
        (request === 'release' && call.state !== 'ringing') ||
        (request === 'hold' && call.state === 'established') ||
        (request === 'retrieve' && call.state === 'held');
      if (!needed || !request) {
        this.log.info({ connId: call.connId, request, state: call.state }, 'call request had happened: nothing to redo');
        this.calls.clearPending(call.connId);
        continue;
      }
      this.log.info({ connId: call.connId, request, state: call.state }, 'call request had not happened: sending it again');
      this.calls.clearPending(call.connId);
      void this.callRequest(request, call.connId).catch((err: unknown) => this.log.info({ connId: call.connId, request, error: String(err) }, 'completing a call request failed'));
    }
  }

  answerCall(connId: string): Promise<RequestOutcome> {
    return this.callRequest('answer', connId);
  }

  releaseCall(connId: string): Promise<RequestOutcome> {
    return this.callRequest('release', connId);
  }

  holdCall(connId: string): Promise<RequestOutcome> {
    return this.callRequest('hold', connId);
  }

  retrieveCall(connId: string): Promise<RequestOutcome> {
    return this.callRequest('retrieve', connId);
  }

  /** Asks the active server for the DN's calls when it can be heard (a call request's outcome is unknown). */
  private requeryCalls(): void {
    const leg = this.active;
    const conn = leg?.conn;
    if (!leg || !conn || leg.silent || !leg.link.up) return;
    void conn.queryAddress(this.options.dn).then(
      (reply) => {
        if (leg === this.active && conn === leg.conn) this.onCallsRead(reply, leg, conn);
      },
      (err: unknown) => {
        this.log.info({ server: leg.name, error: errorInfoOf(err, leg.name).message }, 'calls query failed');
        if (leg === this.active && conn === leg.conn) this.reread.schedule();
      },
    );
  }

  /**
   * The retry (a read that failed or was overtaken by the agent, calls past the bound): what is
   * still owed on the session that carries it is read now — the restore that never ran, the
   * agent state, or the calls. A session not heard or
   * without its link waits for the heard-again / link-up read; no session, for the next one.
   */
  private rereadOwed(): void {
    const leg = this.active;
    const conn = leg?.conn;
    if (this.halted || !leg || !conn || leg.silent || !leg.link.up) return;
    // A restore running reads the DN itself (and a re-read beside it could take the switch's
    // not-yet-restored state for the agent's intent): look again after it.
    if (this.restoresRunning > 0) {
      this.reread.schedule();
      return;
    }
    const what = this.readOwed();
    if (what === null) {
      this.reread.reset();
      return;
    }
    this.log.info({ server: leg.name, owed: what }, 'asking the switch again: a read is owed');
    if (what === 'restore') void this.restoreActive(this.agent.restoreOwed?.from ?? null);
    else if (what === 'agent state') void this.refreshAgent(leg);
    else this.requeryCalls();
  }

  /** What the session still has to read from the switch, most needed first; null when the picture is read. */
  private readOwed(): 'restore' | 'agent state' | 'calls' | null {
    if (this.agent.restoreOwed) return 'restore';
    if (this.agent.truth.needsRead || this.agent.pending) return 'agent state';
    return !this.callsCurrent() || this.calls.overflowing ? 'calls' : null;
  }

  /** Places a call from the DN; its ConnID comes with the EventDialing the calls then show. */
  async makeCall(otherDn: string): Promise<RequestOutcome> {
    const { leg, conn } = this.requireSession();
    try {
      await conn.makeCall(this.options.dn, otherDn);
      this.log.info({ server: leg.name, request: 'MakeCall', outcome: 'done' }, 'request');
      return { outcome: 'done' };
    } catch (err) {
      if (!isUnknownOutcome(err)) throw err;
      this.log.info({ server: leg.name, request: 'MakeCall', outcome: 'unknown' }, 'request');
      return { outcome: 'unknown' };
    }
  }

  /**
   * One call request. Refused at once while the calls are only last known (the agent
   * cannot know what they would act on); the switch's own refusals (109 link down, 1712
   * not in that state, 56 no such call) pass through; no answer in time is `unknown`
   * and is completed, once, when the calls are re-learned.
   */
  private callRequest(request: CallRequestName, connId: string): Promise<RequestOutcome> {
    // The window, the tray and a notification may ask at once: one request reaches the switch.
    const key = `${request}:${connId}`;
    const inFlight = this.callsInFlight.get(key);
    if (inFlight) return inFlight;
    const sent = this.sendCallRequest(request, connId).finally(() => this.callsInFlight.delete(key));
    this.callsInFlight.set(key, sent);
    return sent;
  }

  private async sendCallRequest(request: CallRequestName, connId: string): Promise<RequestOutcome> {
    const { leg, conn } = this.requireSession();
    if (!this.callsCurrent()) throw new SessionRequestError('The calls are only last known until the toolbar has asked the switch again; try again in a moment.', null, true);
    const dn = this.options.dn;
    const send = { answer: () => conn.answerCall(dn, connId), release: () => conn.releaseCall(dn, connId), hold: () => conn.holdCall(dn, connId), retrieve: () => conn.retrieveCall(dn, connId) }[request];
    const started = this.clock.now();
    try {
      await sameStateIsDone(send());
      this.log.info({ server: leg.name, request, connId, outcome: 'done', ms: this.clock.now() - started }, 'call request');
      return { outcome: 'done' };
    } catch (err) {
      const info = errorInfoOf(err, leg.name);
      if (isUnknownOutcome(err)) {
        this.calls.markPending(connId, request, this.clock.now());
        this.log.info({ server: leg.name, request, connId, outcome: 'unknown', error: info.message }, 'call request');
        this.publish();
        // The session may already ride another server (or this one is heard again): ask it now.
        this.requeryCalls();
        return { outcome: 'unknown' };
      }
      this.log.info({ server: leg.name, request, connId, outcome: 'refused', code: info.code, error: info.message }, 'call request');
      throw err;
    }
  }

  /** Snapshots stop the moment stop() is called; the closes it causes still reach the timeline. */
  private publish(): void {
    if (this.closing) return;
    const facts = this.facts();
    const phase = phaseOf(facts);
    this.agent.truth.follow(phase, this.agent.observed, this.clock.now(), facts.silentSince);
    if (phase === 'online' && this.readOwed() === null) this.reread.reset();
    this.output.publish();
    if (phase !== this.loggedPhase) {
      const s = this.output.current();
      this.log.info(
        { phase, previous: this.loggedPhase, server: s.server?.name ?? null, role: s.server?.role ?? null, link: s.link, attempt: s.attempt, nextServer: s.nextServer, error: s.lastError?.message ?? null, agent: stateWords(s.agent), confidence: s.agent.confidence },
        'phase changed',
      );
      this.loggedPhase = phase;
    }
  }

  private emitEvent(event: TimelineEvent): void {
    if (this.lifecycle === 'stopped') return;
    this.output.emit(this.options.scrub ? scrubDeep(event, this.options.scrub) : event);
  }
}
