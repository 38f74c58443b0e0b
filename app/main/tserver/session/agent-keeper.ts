// The agent side of the session (docs/architecture.md §3.3, §3.6): what the
// switch says (observed), the state to keep across sessions (desired), and
// bringing a new session's DN back to it (agent-restorer.ts decides the steps).
import type { ErrorInfo, FailoverInfo } from '../../../shared/connectivity.ts';
import type { TMessage } from '../protocol/index.ts';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../connection/index.ts';
import type { TServerConnection } from '../connection/index.ts';
import type { SessionOptions } from './api.ts';
import { executeRestore, planRestore } from './agent-restorer.ts';
import type { RestoreIo, RestoreOutcome } from './agent-restorer.ts';
import { UNKNOWN_AGENT, desiredFrom, observeAgent } from './agent-state.ts';
import type { AgentObserved, DesiredAgent } from './agent-state.ts';
import { errorInfoOf } from './error-info.ts';
import type { Leg } from './leg.ts';

/** A restore after a move: null when the session moved on meanwhile (nothing to publish). */
export type MoveRestoreResult = { fatal: ErrorInfo | null } | null;

export class AgentKeeper {
  observed: AgentObserved = UNKNOWN_AGENT;
  agentId: string | null;
  restoreError: ErrorInfo | null = null;
  /** The CTI link blocked the last restore: run it again when the link is back. */
  restorePending = false;
  lastFailover: FailoverInfo | null = null;

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

  constructor(
    private readonly options: SessionOptions,
    private readonly now: () => number,
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
  }

  /** An agent event from the session's server. */
  noteAgent(message: TMessage): void {
    const next = observeAgent(message, this.dn, this.observed);
    if (!next) return;
    this.agentEvents++;
    this.observed = next;
    // The switch's answers to our own restore are not the agent's choice.
    if (this.restoring === 0) this.desired = desiredFrom(next) ?? this.desired;
  }

  /** The agent's own request succeeded: what the switch says now is the state to keep. */
  keepObservedAsDesired(): void {
    this.desired = desiredFrom(this.observed) ?? this.desired;
  }

  loggedIn(agentId: string, password: string | undefined): void {
    this.agentId = agentId;
    this.loginPassword = password;
    this.keepObservedAsDesired();
  }

  /** Do not log back in after a failover. */
  loggedOut(): void {
    this.loginPassword = undefined;
    this.desired = { state: 'logged-out' };
  }

  /** What the EventRegistered of `leg`'s registration says about the agent. */
  registrationView(leg: Leg): AgentObserved {
    const reg = leg.registration;
    return (reg && observeAgent(reg, this.dn, UNKNOWN_AGENT)) ?? UNKNOWN_AGENT;
  }

  /** Brings the agent on `conn` to the desired state, given what the switch says now. */
  async restoreOn(leg: Leg, conn: TServerConnection, now: AgentObserved, initial: boolean): Promise<RestoreOutcome> {
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

  applyOutcome(leg: Leg, outcome: RestoreOutcome, failoverFrom: string | null): void {
    this.restoreError = outcome.error;
    this.restorePending = outcome.pending;
    if (failoverFrom !== null && failoverFrom !== leg.name) {
      this.lastFailover = { at: this.now(), from: failoverFrom, to: leg.name, restored: outcome.restored, detail: outcome.detail };
    } else if (failoverFrom === null && outcome.restored && this.lastFailover?.to === leg.name && !this.lastFailover.restored) {
      // A restore deferred by a CTI link that was down has now been done.
      this.lastFailover = { ...this.lastFailover, restored: true, detail: outcome.detail };
    }
  }

  /**
   * Queries the DN on `conn` and restores what is missing (hot move, link back after a
   * deferred restore). `current` says whether `leg`/`conn` still carry the session.
   */
  async restoreAfterMove(leg: Leg, conn: TServerConnection, failoverFrom: string | null, initial: boolean, current: () => boolean): Promise<MoveRestoreResult> {
    let view: AgentObserved | null;
    const events = this.agentEvents;
    try {
      view = observeAgent(await conn.queryAddress(this.dn), this.dn, this.observed);
      // An agent event since the query carries the full state and is at least as new as the reply.
      if (this.agentEvents !== events) view = this.observed;
    } catch (err) {
      if (!current()) return null;
      const info = errorInfoOf(err, leg.name);
      if (!info.retryable) return { fatal: info };
      this.restoreError = info;
      return { fatal: null };
    }
    if (!current() || !view) return null;
    const outcome = await this.restoreOn(leg, conn, view, initial);
    if (!current() || outcome.interrupted) return null;
    this.applyOutcome(leg, outcome, failoverFrom);
    return { fatal: outcome.error && !outcome.error.retryable ? outcome.error : null };
  }

  /**
   * Re-reads the DN after the CTI link came back; what changed meanwhile was the
   * switch's doing. True when that changed what the session knows.
   */
  async refresh(conn: TServerConnection, current: () => boolean): Promise<boolean> {
    const epoch = this.restoreEpoch;
    const events = this.agentEvents;
    let reply: TMessage;
    try {
      reply = await conn.queryAddress(this.dn);
    } catch {
      return false; // lost again or link down again: the next session / link-up reads it
    }
    if (!current() || epoch !== this.restoreEpoch || this.restoring !== 0) return false;
    // An agent event since the query carries the full state and is at least as new as the reply.
    if (this.agentEvents !== events) return false;
    const view = observeAgent(reply, this.dn, this.observed);
    if (!view) return false;
    this.observed = view;
    this.desired = desiredFrom(view) ?? this.desired;
    return true;
  }

  private restoreIo(conn: TServerConnection): RestoreIo {
    const dn = this.dn;
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
