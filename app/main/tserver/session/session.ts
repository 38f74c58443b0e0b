// TServerSession: one logical T-Server session over a primary/backup pair
// (DESIGN.md §4, docs/architecture.md §3).
// - warm: one connection at a time; on loss, one DialScheduler over the pair
//   dials the other endpoint first; a dial is open + register + agent restore,
//   and the session is online only once that is done.
// - hot: a connection to each endpoint, each reconnected by its own scheduler;
//   the session rides the one that says ServerRole=primary and moves to the
//   other (no re-registration) when it is lost or demoted.
// Every change is published as a full ConnectivitySnapshot; every T-Library
// event goes out as a TimelineEvent.
import type { ConnectivitySnapshot, ErrorInfo, FailoverInfo, TimelineEvent } from '../../../shared/connectivity.ts';
import { ErrorCodes, WorkMode } from '../protocol/index.ts';
import type { TMessage } from '../protocol/index.ts';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../connection/index.ts';
import type { TServerConnection } from '../connection/index.ts';
import { SessionRequestError } from './api.ts';
import type { CheckNowReason, SessionOptions, ToolbarSession } from './api.ts';
import { executeRestore, planRestore } from './agent-restorer.ts';
import type { RestoreIo, RestoreOutcome } from './agent-restorer.ts';
import { UNKNOWN_AGENT, desiredFrom, isAgentEvent, observeAgent } from './agent-state.ts';
import type { AgentObserved, DesiredAgent } from './agent-state.ts';
import { Leg } from './leg.ts';
import type { LegConnectOptions } from './leg.ts';
import { DialScheduler } from './reconnect/dial-scheduler.ts';
import type { DialSchedulerState } from './reconnect/dial-scheduler.ts';
import { CHECK_NOW_MIN_INTERVAL_MS } from './reconnect/reconnect-policy.ts';
import { systemTimers } from './reconnect/timers.ts';
import type { Timers } from './reconnect/timers.ts';
import { SessionOutput } from './event-stream.ts';
import type { ListenerErrorReporter } from './event-stream.ts';
import { nextPrimary } from './hot-pair.ts';
import { buildSnapshotBody } from './snapshot-builder.ts';
import type { SessionFacts } from './snapshot-builder.ts';
import { primaryChangedEvent, timelineEventOf } from './timeline.ts';

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

const NOT_CONNECTED = 'Not connected to a T-Server';

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
  private readonly loops = new Map<Leg | 'warm', DialScheduler>();
  private readonly connectOptions: LegConnectOptions;
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
  private restoreError: ErrorInfo | null = null;
  private restorePending = false;
  private lastFailover: FailoverInfo | null = null;
  private observed: AgentObserved = UNKNOWN_AGENT;
  private desired: DesiredAgent | null = null;
  private agentId: string | null;
  /** The password the agent last logged in with: the fallback for a re-login. Never logged or shown. */
  private loginPassword: string | undefined;
  /** Bumped by every restore and every loss; a restore whose number is stale changes nothing. */
  private restoreEpoch = 0;
  /** Epoch of the restore in flight (0: none): the switch's answers to it do not change `desired`. */
  private restoring = 0;
  /** Agent events read so far: a query answered before a newer event must not overwrite it. */
  private agentEvents = 0;

  constructor(options: SessionOptions, hooks: TServerSessionTestHooks = {}) {
    if (!Array.isArray(options.endpoints) || options.endpoints.length === 0) throw new TypeError('the session needs at least one endpoint');
    if (typeof options.dn !== 'string' || options.dn === '') throw new TypeError('the session needs a DN');
    if (options.mode !== 'warm' && options.mode !== 'hot') throw new TypeError(`mode must be warm or hot, not ${String(options.mode)}`);
    this.options = options;
    this.now = options.now ?? Date.now;
    this.agentId = options.agentId;
    if (options.agentId && options.initialAgentState) {
      const s = options.initialAgentState;
      this.desired = s.state === 'ready' ? { state: 'ready', agentId: options.agentId } : { state: 'not-ready', agentId: options.agentId, reasonCode: s.reasonCode };
    }
    this.connectOptions = {
      dn: options.dn,
      applicationName: options.applicationName,
      applicationPassword: options.applicationPassword,
      addpTimeoutMs: options.addpTimeoutMs,
      addpRemoteTimeoutMs: options.addpRemoteTimeoutMs,
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    };
    this.legs = options.endpoints.map((endpoint) => new Leg(endpoint, (leg, conn, message, t) => this.onLegEvent(leg, conn, message, t)));
    const common = {
      settings: options.reconnect,
      now: this.now,
      random: options.random ?? Math.random,
      timers: hooks.timers ?? systemTimers,
      onListenerError: (err: unknown) => process.emitWarning(`session: reconnect listener threw: ${String(err)}`),
    };
    if (options.mode === 'warm') {
      const loop = new DialScheduler({ ...common, endpoints: this.legs.map((l) => l.name), dial: (name, _n, ms, signal) => this.dialWarm(name, ms, signal) });
      loop.onChange((state) => this.onLoopChange(state));
      this.loops.set('warm', loop);
    } else {
      for (const leg of this.legs) {
        const loop = new DialScheduler({ ...common, endpoints: [leg.name], dial: (_name, _n, ms, signal) => this.dialHot(leg, ms, signal) });
        loop.onChange((state) => this.onLoopChange(state));
        this.loops.set(leg, loop);
      }
    }
    this.output = new SessionOutput(() => buildSnapshotBody(this.facts()), this.now, hooks.onListenerError);
  }

  // ---------- ToolbarSession ----------

  start(): void {
    if (this.started || this.halting) return;
    this.started = true;
    for (const loop of this.loops.values()) loop.start('startup');
    this.publish();
  }

  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    this.halting = true;
    this.restoreEpoch++;
    this.restoring = 0;
    for (const loop of this.loops.values()) loop.stop();
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
    for (const loop of this.loops.values()) if (loop.checkNow(reason)) acted = true;
    return acted;
  }

  async agentReady(): Promise<void> {
    const conn = this.requireSession();
    await sameStateIsDone(conn.agentReady(this.options.dn));
    this.keepObservedAsDesired();
  }

  async agentNotReady(reasonCode: string): Promise<void> {
    const conn = this.requireSession();
    await sameStateIsDone(conn.agentNotReady(this.options.dn, { workMode: WorkMode.AuxWork, reasonCode }));
    this.keepObservedAsDesired();
  }

  async agentLogin(agentId: string, password: string | undefined): Promise<void> {
    const conn = this.requireSession();
    await conn.agentLogin(this.options.dn, agentId, password);
    this.agentId = agentId;
    this.loginPassword = password;
    this.keepObservedAsDesired();
  }

  async agentLogout(): Promise<void> {
    const conn = this.requireSession();
    await sameStateIsDone(conn.agentLogout(this.options.dn));
    this.loginPassword = undefined;
    this.desired = { state: 'logged-out' };
    this.publish();
  }

  // ---------- dialling ----------

  /** Warm: open, register, restore; online only when all of that is done. */
  private async dialWarm(name: string, connectTimeoutMs: number, signal: AbortSignal): Promise<void> {
    const leg = this.legByName(name);
    try {
      const conn = await leg.connect(this.connectOptions, connectTimeoutMs, signal);
      const abort = (): void => void conn.close();
      signal.addEventListener('abort', abort, { once: true });
      let outcome: RestoreOutcome;
      try {
        outcome = await this.restoreOn(leg, conn, this.registrationView(leg), !this.everOnline);
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
      this.goOnline(leg, outcome);
    } catch (err) {
      this.failedThisOutage.add(name);
      throw err;
    }
  }

  /** Hot: open and register; which leg carries the session is decided by the roles. */
  private async dialHot(leg: Leg, connectTimeoutMs: number, signal: AbortSignal): Promise<void> {
    try {
      await leg.connect(this.connectOptions, connectTimeoutMs, signal);
    } catch (err) {
      this.failedThisOutage.add(leg.name);
      throw err;
    }
    // Reachable again (if only as backup): "all servers unreachable" no longer holds.
    this.failedThisOutage.delete(leg.name);
    this.reconcileHot();
    this.publish();
  }

  private onLoopChange(state: DialSchedulerState): void {
    if (this.halting) return;
    if (state.lastError) this.dialError = state.lastError;
    if (state.phase === 'failed' && state.lastError && !state.lastError.retryable) this.failWith(state.lastError);
    this.publish();
  }

  // ---------- connection events ----------

  private onLegEvent(leg: Leg, conn: TServerConnection, message: TMessage, t: number): void {
    if (this.stopped) return;
    const live = conn === leg.conn;
    const agentSource = live && (this.options.mode === 'warm' || leg === this.active);
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
          if (this.options.mode === 'hot') this.reconcileHot();
          if (leg !== this.active || !leg.link.up || wasUp) break;
          // Link back: a deferred restore runs now; otherwise re-read what the switch did meanwhile
          // (a server whose link is down hears no agent events).
          if (this.restorePending) void this.restoreActive(null);
          else void this.refreshAgent(leg);
          break;
        }
        case 'EventServerDisconnected':
          if (live) this.onLegLost(leg);
          break;
        default:
          // EventRegistered / EventAddressInfo answer the session's own queries: the restore reads them.
          if (agentSource && isAgentEvent(message.name)) this.noteAgent(message);
      }
    } finally {
      this.publish();
    }
  }

  private noteAgent(message: TMessage): void {
    const next = observeAgent(message, this.options.dn, this.observed);
    if (!next) return;
    this.agentEvents++;
    this.observed = next;
    // The switch's answers to our own restore are not the agent's choice.
    if (this.restoring === 0) this.desired = desiredFrom(next) ?? this.desired;
  }

  private onLegLost(leg: Leg): void {
    const wasActive = leg === this.active;
    leg.reset();
    if (wasActive) {
      this.active = null;
      this.restoreEpoch++;
      this.restoring = 0;
      this.restorePending = false;
      this.restoreError = null;
      this.dialError = null;
      // Warm: a new outage, both endpoints must fail again. Hot: each leg keeps its own
      // loop, and a standby that was refused moments ago is still unreachable.
      if (this.options.mode === 'warm') this.failedThisOutage.clear();
    }
    if (this.halting || this.fatal) return;
    if (this.options.mode === 'warm') {
      // A leg lost before it went online is the dial's failure, not a new outage.
      if (wasActive) this.loop('warm').start('connection-lost', leg.name);
      return;
    }
    this.loop(leg).start('connection-lost', leg.name);
    if (wasActive) this.reconcileHot();
  }

  // ---------- hot standby ----------

  /** Rides the primary (hot-pair.ts); on a move: EventPrimaryChanged, then restore what is missing. */
  private reconcileHot(): void {
    if (this.fatal || this.halting) return;
    const current = this.active;
    const next = nextPrimary(this.legs, current);
    if (!next) return;
    const from = current?.name ?? this.lastServer;
    const initial = !this.everOnline;
    this.active = next;
    this.markOnline(next);
    if (from !== null && from !== next.name) this.emitEvent(primaryChangedEvent(next.name, from, this.now()));
    void this.restoreActive(from, initial);
  }

  // ---------- going online, restoring ----------

  private goOnline(leg: Leg, outcome: RestoreOutcome): void {
    const from = this.lastServer;
    this.active = leg;
    this.markOnline(leg);
    this.applyOutcome(leg, outcome, from);
    this.publish();
  }

  private markOnline(leg: Leg): void {
    this.everOnline = true;
    this.lastServer = leg.name;
    if (this.options.mode === 'warm') this.failedThisOutage.clear();
    else this.failedThisOutage.delete(leg.name);
    this.dialError = null;
    this.restoreError = null;
    this.restorePending = false;
  }

  private applyOutcome(leg: Leg, outcome: RestoreOutcome, failoverFrom: string | null): void {
    this.restoreError = outcome.error;
    this.restorePending = outcome.pending;
    if (failoverFrom !== null && failoverFrom !== leg.name) {
      this.lastFailover = { at: this.now(), from: failoverFrom, to: leg.name, restored: outcome.restored, detail: outcome.detail };
    } else if (failoverFrom === null && outcome.restored && this.lastFailover?.to === leg.name && !this.lastFailover.restored) {
      // A restore deferred by a CTI link that was down has now been done.
      this.lastFailover = { ...this.lastFailover, restored: true, detail: outcome.detail };
    }
  }

  /** Queries the active leg's DN and restores what is missing (hot switchover, link back after a deferred restore). */
  private async restoreActive(failoverFrom: string | null, initial = false): Promise<void> {
    const leg = this.active;
    const conn = leg?.conn;
    if (!leg || !conn) return;
    let view: AgentObserved | null;
    const events = this.agentEvents;
    try {
      view = observeAgent(await conn.queryAddress(this.options.dn), this.options.dn, this.observed);
      // An agent event since the query carries the full state and is at least as new as the reply.
      if (this.agentEvents !== events) view = this.observed;
    } catch (err) {
      if (leg !== this.active || conn !== leg.conn) return;
      const info = errorInfoOf(err, leg.name);
      if (!info.retryable) this.failWith(info);
      else this.restoreError = info;
      this.publish();
      return;
    }
    if (leg !== this.active || conn !== leg.conn || !view) return;
    const outcome = await this.restoreOn(leg, conn, view, initial);
    if (leg !== this.active || conn !== leg.conn || outcome.interrupted) return;
    this.applyOutcome(leg, outcome, failoverFrom);
    if (outcome.error && !outcome.error.retryable) this.failWith(outcome.error);
    this.publish();
  }

  /** Re-reads the DN after the CTI link came back; what changed meanwhile was the switch's doing. */
  private async refreshAgent(leg: Leg): Promise<void> {
    const conn = leg.conn;
    if (!conn) return;
    const epoch = this.restoreEpoch;
    const events = this.agentEvents;
    let reply: TMessage;
    try {
      reply = await conn.queryAddress(this.options.dn);
    } catch {
      return; // lost again or link down again: the next session / link-up reads it
    }
    if (leg !== this.active || conn !== leg.conn || epoch !== this.restoreEpoch || this.restoring !== 0) return;
    // An agent event since the query carries the full state and is at least as new as the reply.
    if (this.agentEvents !== events) return;
    const view = observeAgent(reply, this.options.dn, this.observed);
    if (!view) return;
    this.observed = view;
    this.desired = desiredFrom(view) ?? this.desired;
    this.publish();
  }

  /** Brings the agent on `conn` to the desired state, given what the switch says now. */
  private async restoreOn(leg: Leg, conn: TServerConnection, now: AgentObserved, initial: boolean): Promise<RestoreOutcome> {
    this.observed = now;
    if (this.desired === null) this.desired = desiredFrom(now);
    const desired = this.desired;
    const epoch = ++this.restoreEpoch;
    this.restoring = epoch;
    try {
      const outcome = await executeRestore(planRestore(desired, now), desired, now, this.restoreIo(conn), { server: leg.name, initial });
      // Done: from here on the switch's word is the agent's state again.
      if (epoch === this.restoreEpoch && outcome.restored) this.desired = desiredFrom(this.observed) ?? this.desired;
      return outcome;
    } finally {
      if (this.restoring === epoch) this.restoring = 0;
    }
  }

  private restoreIo(conn: TServerConnection): RestoreIo {
    const dn = this.options.dn;
    return {
      login: (agentId, password, workMode) => conn.agentLogin(dn, agentId, password, workMode),
      ready: () => conn.agentReady(dn),
      notReady: (workMode, reasonCode) => conn.agentNotReady(dn, reasonCode === null ? { workMode } : { workMode, reasonCode }),
      password: async () => {
        let stored: string | undefined;
        try {
          // Bounded: a keychain that never answers must not hold the restore.
          stored = await withTimeout(this.options.agentPassword?.(), this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
        } catch {
          stored = undefined; // a keychain failure: fall back to the password of the last login
        }
        return stored ?? this.loginPassword;
      },
    };
  }

  private registrationView(leg: Leg): AgentObserved {
    const reg = leg.registration;
    return (reg && observeAgent(reg, this.options.dn, UNKNOWN_AGENT)) ?? UNKNOWN_AGENT;
  }

  // ---------- not retryable ----------

  /** A not-retryable answer: stop every loop, close every connection, say why. */
  private failWith(info: ErrorInfo): void {
    if (this.fatal || this.halting) return;
    this.fatal = info;
    this.active = null;
    this.restoreEpoch++;
    this.restoring = 0;
    for (const loop of this.loops.values()) loop.stop();
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
    for (const loop of this.loops.values()) {
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
    const why = this.fatal ? `: ${this.fatal.message}` : this.started ? '; the toolbar is reconnecting.' : '; the session has not started.';
    throw new SessionRequestError(`${NOT_CONNECTED}${why}`, null, this.fatal === null);
  }

  private keepObservedAsDesired(): void {
    this.desired = desiredFrom(this.observed) ?? this.desired;
    this.publish();
  }

  // ---------- output ----------

  private loop(key: Leg | 'warm'): DialScheduler {
    return this.loops.get(key) as DialScheduler;
  }

  private legByName(name: string): Leg {
    const leg = this.legs.find((l) => l.name === name);
    if (!leg) throw new DialError(`unknown endpoint ${name}`, null, false);
    return leg;
  }

  private facts(): SessionFacts {
    const running = [...this.loops.values()].map((l) => l.state()).filter((s) => s.phase === 'waiting' || s.phase === 'dialling');
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
      restoreError: this.restoreError,
      dn: this.options.dn,
      agentId: this.agentId,
      agent: this.observed,
      lastFailover: this.lastFailover,
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

/** Asking for the state the agent is already in is no failure. */
async function sameStateIsDone(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (err) {
    if ((err as { code?: unknown }).code === ErrorCodes.InSameState) return;
    throw err;
  }
}

function errorInfoOf(err: unknown, server: string): ErrorInfo {
  const e = typeof err === 'object' && err !== null ? (err as Record<string, unknown>) : {};
  return {
    code: typeof e['code'] === 'number' ? e['code'] : null,
    message: typeof e['message'] === 'string' ? e['message'] : String(err),
    retryable: e['retryable'] !== false,
    server,
  };
}

/** `promise`'s value, or undefined once `ms` have passed. */
async function withTimeout<T>(promise: Promise<T> | undefined, ms: number): Promise<T | undefined> {
  if (promise === undefined) return undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
