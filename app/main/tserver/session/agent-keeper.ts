// The agent side of the session (docs/architecture.md §3.3, §3.6): what the
// switch says (observed), the state to keep across sessions (desired — the
// agent's latest intent), requests whose outcome is unknown (pending), how sure
// the picture is (agent-truth.ts), and bringing a new session's DN back to the
// desired state (agent-restorer.ts decides the steps).
import type { AgentRequestName, AgentView, ErrorInfo, FailoverInfo } from '../../../shared/connectivity.ts';
import { ErrorCodes } from '../protocol/index.ts';
import type { TMessage } from '../protocol/index.ts';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../connection/index.ts';
import type { Clock, TServerConnection } from '../connection/index.ts';
import type { CoreLogger } from '../core-logger.ts';
import type { SessionOptions } from './api.ts';
import { executeRestore, planRestore } from './agent-restorer.ts';
import type { RestoreIo, RestoreOutcome } from './agent-restorer.ts';
import { UNKNOWN_AGENT, desiredFrom, observeAgent, stateWords } from './agent-state.ts';
import type { AgentObserved, DesiredAgent } from './agent-state.ts';
import { AgentTruth } from './agent-truth.ts';
import { errorInfoOf } from './error-info.ts';
import type { Leg } from './leg.ts';

/** A restore after a move: null when the session moved on meanwhile (nothing to publish). */
export type MoveRestoreResult = { fatal: ErrorInfo | null } | null;

/** What the agent asked for, as a request and as the state it aims at. */
export interface AgentIntent {
  request: AgentRequestName;
  reasonCode: string | null;
  /** The state the request leads to (what a restore after a failover aims for). */
  target: DesiredAgent;
}

const CREDENTIAL_CODES: ReadonlySet<number> = new Set([ErrorCodes.PasswordDoesNotMatch, ErrorCodes.InvalidAgentId]);

export class AgentKeeper {
  private current: AgentObserved = UNKNOWN_AGENT;
  /** Wall time the switch's state for the DN last changed (time in state), null while unknown. */
  stateSince: number | null = null;

  /** What the switch says about the DN; setting a different state starts its time in state. */
  get observed(): AgentObserved {
    return this.current;
  }

  set observed(next: AgentObserved) {
    const prev = this.current;
    if (next.state !== prev.state || next.reasonCode !== prev.reasonCode || next.agentId !== prev.agentId) {
      this.stateSince = next.state === 'unknown' ? null : this.clock.now();
    }
    this.current = next;
  }

  agentId: string | null;
  restoreError: ErrorInfo | null = null;
  /** The CTI link blocked the last restore: run it again when the link is back. */
  restorePending = false;
  /** The last restore's query got no answer (or a retryable refusal): it is owed, from this failover's server. */
  restoreOwed: { from: string | null } | null = null;
  lastFailover: FailoverInfo | null = null;
  /** A request that got no answer in time: its outcome is unknown until the switch is asked. */
  pending: AgentView['pending'] = null;
  readonly truth = new AgentTruth();
  /** A read of the DN on the session that carries it failed, or was overtaken by the agent: the session asks again later. */
  onReadOwed: (soon: boolean) => void = () => undefined;
  /** Every QueryAddress answer the keeper reads (it also carries the DN's calls). */
  onAddressInfo: (reply: TMessage) => void = () => undefined;

  private readonly dn: string;
  private desired: DesiredAgent | null = null;
  /** The password the agent last logged in with: the fallback for a re-login. Never logged or shown. */
  private loginPassword: string | undefined;
  /** Bumped by every restore and every loss; a restore whose number is stale changes nothing. */
  private restoreEpoch = 0;
  /** Epoch of the restore in flight (0: none): the switch's answers to it do not change `desired`. */
  private restoring = 0;
  /** Agent events read so far: a query answered before a newer event must not overwrite it. */
  private agentEvents = 0;
  /** This toolbar's own logout is in flight or pending: its EventAgentLogout is not a forced logout. */
  private ownLogout = false;

  constructor(
    private readonly options: SessionOptions,
    private readonly clock: Clock,
    private readonly log: CoreLogger,
  ) {
    this.dn = options.dn;
    this.agentId = options.agentId;
    if (options.agentId && options.initialAgentState) {
      const s = options.initialAgentState;
      this.desired = s.state === 'ready' ? { state: 'ready', agentId: options.agentId } : { state: 'not-ready', agentId: options.agentId, reasonCode: s.reasonCode };
    }
  }

  /** Any restore in flight is stale from now on (loss, stop, not-retryable answer). */
  invalidate(): void {
    this.restoreEpoch++;
    this.restoring = 0;
  }

  /** A new session, or none: the last one's restore problems are gone. */
  clearProblems(): void {
    this.restoreError = null;
    this.restorePending = false;
    this.restoreOwed = null;
  }

  /** An agent event from the session's server. */
  noteAgent(message: TMessage): void {
    const next = observeAgent(message, this.dn, this.observed);
    if (!next) return;
    this.agentEvents++;
    const before = this.observed;
    this.observed = next;
    if (message.name === 'EventAgentLogout') {
      if (this.ownLogout) this.ownLogout = false;
      else if (before.state !== 'logged-out') {
        // Not asked for by this toolbar (a supervisor, the switch): say so, and do not log back in.
        this.truth.forcedLogout(this.clock.now());
        this.desired = { state: 'logged-out' };
        this.loginPassword = undefined;
        this.log.info({ agentId: before.agentId }, 'agent logged out by the switch');
      }
    }
    // The switch's answers to our own restore are not the agent's choice.
    if (this.restoring === 0) this.desired = desiredFrom(next) ?? this.desired;
    // A late answer to a request whose outcome was unknown: it happened. (During a restore
    // the event answers the restore, which settles the request itself when it is done.)
    if (this.restoring === 0 && this.pending && this.reaches(next, this.pendingTarget)) this.settlePending('late answer');
  }

  // ---------- the agent's own requests ----------

  private pendingTarget: DesiredAgent | null = null;

  /**
   * The target of the agent's latest request if it asked to leave after-call work (Ready /
   * Not Ready clicked during it), until its outcome is known: in flight or unknown, a restore
   * on a new session completes it even while the switch still says after-call work.
   */
  private acwExit: DesiredAgent | null = null;
  /** Counts the agent's requests: a restore's read taken before one of them is older than it. */
  private intents = 0;

  /** The agent asked for `intent`: it is the state to keep from now on (restores aim for it). */
  intend(intent: AgentIntent): void {
    this.intents++;
    this.truth.agentActed();
    this.desired = intent.target;
    if (intent.request === 'logout') this.ownLogout = true;
    // Also when the state is only last known (link down, silent, no session): after-call work
    // may have begun unheard, and the agent's Ready / Not Ready is then the latest word on it.
    const maybeAcw = this.observed.state === 'acw' || !this.truth.current;
    this.acwExit = maybeAcw && (intent.request === 'ready' || intent.request === 'not-ready') ? intent.target : null;
  }

  /** The switch confirmed the request. */
  requestDone(intent: AgentIntent, password?: string): void {
    if (intent.request === 'login') {
      this.agentId = intent.target.state === 'logged-out' ? this.agentId : intent.target.agentId;
      this.loginPassword = password;
      this.truth.loggedIn();
      // The agent logged in themselves: a refused automatic re-login no longer holds.
      if (isCredentialError(this.restoreError)) this.restoreError = null;
    }
    if (intent.request === 'logout') this.loginPassword = undefined;
    // What the switch says now is the state to keep (a login lands where the switch puts it).
    this.desired = intent.request === 'logout' ? { state: 'logged-out' } : (desiredFrom(this.observed) ?? this.desired);
    this.pending = null;
    this.pendingTarget = null;
    this.acwExit = null;
  }

  /** No answer in time (or the session was lost after sending): it may still happen. */
  requestUnknown(intent: AgentIntent, at: number, password?: string): void {
    if (intent.request === 'login') {
      this.agentId = intent.target.state === 'logged-out' ? this.agentId : intent.target.agentId;
      // Needed if a failover must finish the login; dropped if the switch says otherwise.
      this.loginPassword = password;
    }
    this.pending = { request: intent.request, reasonCode: intent.reasonCode, since: at };
    this.pendingTarget = intent.target;
  }

  /** The switch refused: the intent does not hold; what the switch says stays. */
  requestRefused(intent: AgentIntent): void {
    if (intent.request === 'logout') this.ownLogout = false;
    this.acwExit = null;
    this.desired = desiredFrom(this.observed) ?? (intent.request === 'login' ? null : this.desired);
  }

  private settlePending(how: string): void {
    if (!this.pending) return;
    this.log.info({ request: this.pending.request, how, state: stateWords(this.observed) }, 'unknown request outcome reconciled');
    if (this.pending.request === 'logout') this.ownLogout = false;
    this.pending = null;
    this.pendingTarget = null;
    this.acwExit = null;
  }

  /**
   * The desired state is still the target of a request not known to be done that asked to
   * leave after-call work (nothing the switch said since has replaced it).
   */
  private leavingAcw(desired: DesiredAgent | null): boolean {
    const target = this.acwExit;
    if (!target || !desired) return false;
    if (target.state !== desired.state || target.state === 'logged-out' || desired.state === 'logged-out') return false;
    if (target.agentId !== desired.agentId) return false;
    return target.state !== 'not-ready' || (desired.state === 'not-ready' && desired.reasonCode === target.reasonCode);
  }

  private reaches(observed: AgentObserved, target: DesiredAgent | null): boolean {
    if (!target) return false;
    if (target.state === 'logged-out') return observed.state === 'logged-out';
    if (observed.agentId !== target.agentId) return false;
    if (target.state === 'not-ready') return observed.state === 'not-ready' && (target.reasonCode === null || observed.reasonCode === target.reasonCode);
    return observed.state === target.state;
  }

  /** What the EventRegistered of `leg`'s registration says about the agent. */
  registrationView(leg: Leg): AgentObserved {
    const reg = leg.registration;
    return (reg && observeAgent(reg, this.dn, UNKNOWN_AGENT)) ?? UNKNOWN_AGENT;
  }

  // ---------- restoring ----------

  /** Brings the agent on `conn` to the desired state, given what the switch says now. */
  async restoreOn(leg: Leg, conn: TServerConnection, now: AgentObserved, initial: boolean): Promise<RestoreOutcome> {
    this.observed = now;
    if (this.desired === null) this.desired = desiredFrom(now);
    const desired = this.desired;
    const epoch = ++this.restoreEpoch;
    this.restoring = epoch;
    const io = this.restoreIo(conn, leg.name);
    try {
      const leaveAcw = this.leavingAcw(desired);
      const plan = planRestore(desired, now, { leaveAcw });
      if (leaveAcw && now.state === 'acw') this.log.info({ server: leg.name, target: stateWords(desired ?? now), outcome: this.pending ? 'unknown' : 'in flight' }, 'agent asked to leave after-call work (outcome unknown): completing it');
      const executed = await executeRestore(plan, desired, now, io, { server: leg.name, initial });
      const current = epoch === this.restoreEpoch;
      const refused = loginRefusal(executed);
      // A refused re-login does not stop the session: the connection and the DN are fine, and
      // the agent can log in at once with the password they type (issue 11).
      const outcome: RestoreOutcome = refused ? { ...executed, error: null, loginRefused: refused } : executed;
      this.log.info(
        { server: leg.name, verdict: plan.verdict, steps: plan.steps.map((s) => s.kind), restored: outcome.restored, pending: outcome.pending, code: executed.error?.code ?? null, result: outcome.result, current },
        'agent restore finished',
      );
      if (current && refused) this.reloginRefused(refused, io.lastPasswordSource);
      // Done: from here on the switch's word is the agent's state again.
      if (current && outcome.restored) this.desired = desiredFrom(this.observed) ?? this.desired;
      if (current && !outcome.interrupted && !outcome.pending) {
        // The session re-read the state and aimed it at the agent's latest intent.
        const own = this.reaches(this.observed, this.pendingTarget ?? this.acwExit);
        this.settlePending(own ? 'completed on a new session' : 'restored on a new session');
        this.acwExit = null;
        this.truth.settled(this.observed, this.clock.now(), own);
      }
      return outcome;
    } finally {
      if (this.restoring === epoch) this.restoring = 0;
    }
  }

  /**
   * The switch refused the automatic re-login's credentials: that password is never tried
   * again (a stored one is removed by the host), and the session does not log the agent in
   * by itself until they have logged in — they are asked, at the password field.
   */
  private reloginRefused(refused: ErrorInfo, source: 'stored' | 'session' | null): void {
    this.loginPassword = undefined;
    this.desired = { state: 'logged-out' };
    this.log.info({ agentId: this.agentId, code: refused.code, tried: source ?? 'none' }, 'automatic re-login refused: the agent logs in with the password they type');
    if (source !== 'stored' || !this.agentId) return;
    this.log.info({ agentId: this.agentId, code: refused.code }, 'stored agent password rejected by the switch');
    try {
      this.options.onStoredPasswordRejected?.(this.agentId);
    } catch (err) {
      this.log.warn({ err: String(err) }, 'onStoredPasswordRejected threw');
    }
  }

  applyOutcome(leg: Leg, outcome: RestoreOutcome, failoverFrom: string | null): void {
    this.restoreError = outcome.error ?? outcome.loginRefused ?? null;
    this.restorePending = outcome.pending;
    if (failoverFrom !== null && failoverFrom !== leg.name) {
      this.lastFailover = { at: this.clock.now(), from: failoverFrom, to: leg.name, restored: outcome.restored, result: outcome.result };
      this.log.info({ from: failoverFrom, to: leg.name, restored: outcome.restored, result: outcome.result }, 'failover');
    } else if (failoverFrom === null && outcome.restored && this.lastFailover?.to === leg.name && !this.lastFailover.restored) {
      // A restore deferred by a CTI link that was down has now been done.
      this.lastFailover = { ...this.lastFailover, restored: true, result: outcome.result };
      this.log.info({ server: leg.name, result: outcome.result }, 'deferred restore done');
    }
  }

  /**
   * Queries the DN on `conn` and restores what is missing (hot move, link back after a
   * deferred restore). `current` says whether `leg`/`conn` still carry the session.
   */
  async restoreAfterMove(leg: Leg, conn: TServerConnection, failoverFrom: string | null, initial: boolean, current: () => boolean): Promise<MoveRestoreResult> {
    let view: AgentObserved | null;
    const events = this.agentEvents;
    const intents = this.intents;
    this.restoreOwed = null;
    try {
      const reply = await conn.queryAddress(this.dn);
      if (current()) this.onAddressInfo(reply);
      view = observeAgent(reply, this.dn, this.observed);
      // An agent event since the query carries the full state and is at least as new as the reply.
      if (this.agentEvents !== events) view = this.observed;
    } catch (err) {
      if (!current()) return null;
      const info = errorInfoOf(err, leg.name);
      this.log.info({ server: leg.name, code: info.code, error: info.message }, 'agent state query failed');
      if (!info.retryable) return { fatal: info };
      this.restoreError = info;
      // Nothing was restored yet: the restore is owed, asked again while this session lasts.
      this.restoreOwed = { from: failoverFrom };
      this.onReadOwed(false);
      return { fatal: null };
    }
    if (!current() || !view) return null;
    if (this.intents !== intents) {
      // The agent asked for something while the query was out (their request went to this
      // server after it): the answer predates it, and a restore planned on it would repeat or
      // undo their request (a second AgentLogin refused as "already logged in"). Read again.
      this.log.info({ server: leg.name }, 'agent request during the restore query: reading again before restoring');
      this.restoreOwed = { from: failoverFrom };
      this.onReadOwed(true);
      return { fatal: null };
    }
    const outcome = await this.restoreOn(leg, conn, view, initial);
    if (!current() || outcome.interrupted) return null;
    this.applyOutcome(leg, outcome, failoverFrom);
    return { fatal: outcome.error && !outcome.error.retryable ? outcome.error : null };
  }

  /**
   * Re-reads the DN (the CTI link came back, or a request's outcome is unknown): what
   * changed meanwhile was the switch's doing. True when that changed what the session knows.
   */
  async refresh(conn: TServerConnection, server: string, current: () => boolean): Promise<boolean> {
    const epoch = this.restoreEpoch;
    const events = this.agentEvents;
    let reply: TMessage;
    try {
      reply = await conn.queryAddress(this.dn);
    } catch (err) {
      this.log.info({ server, error: errorInfoOf(err, server).message }, 'agent state query failed');
      // Lost or link down again: the next session / link-up reads it; still carried: asked again later.
      if (current()) this.onReadOwed(false);
      return false;
    }
    if (current()) this.onAddressInfo(reply);
    if (!current() || epoch !== this.restoreEpoch || this.restoring !== 0) return false;
    // An agent event since the query carries the full state and is at least as new as the reply.
    const view = this.agentEvents !== events ? this.observed : observeAgent(reply, this.dn, this.observed);
    if (!view) return false;
    this.observed = view;
    this.desired = desiredFrom(view) ?? this.desired;
    const own = this.reaches(view, this.pendingTarget);
    this.settlePending('asked the switch');
    this.truth.settled(view, this.clock.now(), own);
    this.log.info({ server, state: stateWords(view) }, 'agent state re-read');
    return true;
  }

  private restoreIo(conn: TServerConnection, server: string): RestoreIo & { lastPasswordSource: 'stored' | 'session' | null } {
    const dn = this.dn;
    const logged = async <T>(request: string, send: () => Promise<T>): Promise<T> => {
      const started = this.clock.now();
      try {
        const reply = await send();
        this.log.info({ server, request, outcome: 'done', ms: this.clock.now() - started, by: 'restore' }, 'request');
        return reply;
      } catch (err) {
        const info = errorInfoOf(err, server);
        this.log.info({ server, request, outcome: 'failed', code: info.code, error: info.message, ms: this.clock.now() - started, by: 'restore' }, 'request');
        throw err;
      }
    };
    const io = {
      lastPasswordSource: null as 'stored' | 'session' | null,
      login: (agentId: string, password: string | undefined, workMode: number | undefined) => logged('AgentLogin', () => conn.agentLogin(dn, agentId, password, workMode)),
      ready: () => logged('AgentReady', () => conn.agentReady(dn)),
      notReady: (workMode: number, reasonCode: string | null) =>
        logged('AgentNotReady', () => conn.agentNotReady(dn, reasonCode === null ? { workMode } : { workMode, reasonCode })),
      password: async () => {
        let stored: string | undefined;
        try {
          // Bounded: a keychain that never answers must not hold the restore.
          stored = await withTimeout(this.options.agentPassword?.(), this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, this.clock);
        } catch {
          stored = undefined; // a keychain failure: fall back to the password of the last login
        }
        io.lastPasswordSource = stored !== undefined ? 'stored' : this.loginPassword !== undefined ? 'session' : null;
        return stored ?? this.loginPassword;
      },
    };
    return io;
  }
}

const isCredentialError = (e: ErrorInfo | null): boolean => e !== null && e.code !== null && CREDENTIAL_CODES.has(e.code);

/** The error of a restore whose login step the switch refused for its credentials, else null. */
function loginRefusal(outcome: RestoreOutcome): ErrorInfo | null {
  const r = outcome.result;
  return r.outcome === 'failed' && r.step === 'login' && isCredentialError(outcome.error) ? outcome.error : null;
}

/** `promise`'s value, or undefined once `ms` have passed on `clock`. */
async function withTimeout<T>(promise: Promise<T> | undefined, ms: number, clock: Clock): Promise<T | undefined> {
  if (promise === undefined) return undefined;
  let timer: unknown;
  const late = new Promise<undefined>((resolve) => (timer = clock.setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clock.clearTimeout(timer);
  }
}
