// After every new session (warm failover, restart, hot switchover): compare the
// state the agent last had with what the switch says now, and do only what is
// missing. Rules (DESIGN.md §4): log in only when the switch lost the login
// (never a duplicate login), restore Ready / NotReady(reason), never force
// Ready while the switch says after-call work, never log in over another agent.
// "Never force" is about the toolbar inventing a state: when the agent themselves
// asked to leave after-call work (Ready / Not Ready clicked during it) and that
// request's outcome is unknown, the restore completes it (soak finding 2).
// planRestore is pure; executeRestore runs a plan through injected requests and
// reports what it came to as facts (RestoreResult), never as sentences: the words
// the agent sees come from the one catalogue (app/shared/messages).
import type { AgentStateName, ErrorInfo, RestoreResult } from '../../../shared/connectivity.ts';
import { ErrorCodes, WorkMode } from '../protocol/index.ts';
import { errorInfoOf, isDisconnect } from './error-info.ts';
import type { AgentObserved, DesiredAgent } from './agent-state.ts';

export type RestoreStep =
  | { kind: 'login'; agentId: string; /** ManualIn logs straight into Ready. */ workMode: number | undefined }
  | { kind: 'ready' }
  | { kind: 'not-ready'; workMode: number; reasonCode: string | null };

export type RestoreVerdict =
  /** Nothing to restore: no agent wanted, or nothing known yet (adopt what the switch says). */
  | 'nothing'
  /** The switch already has the agent as wanted. */
  | 'in-place'
  /** Steps are needed. */
  | 'steps'
  /** The switch says after-call work: left alone, never forced Ready. */
  | 'acw-kept'
  /** Another agent is logged in on the DN: not touched. */
  | 'other-agent';

export interface RestorePlan {
  verdict: RestoreVerdict;
  steps: RestoreStep[];
  /** Whether the plan logs the agent in (the switch lost the login). */
  relogin: boolean;
}

export interface PlanContext {
  /**
   * The desired state is the target of the agent's own request, sent while the switch
   * said after-call work, whose outcome is unknown: the agent asked to leave it, so a
   * switch still in after-call work has not done it yet.
   */
  leaveAcw?: boolean;
}

export function planRestore(desired: DesiredAgent | null, now: AgentObserved, context: PlanContext = {}): RestorePlan {
  const plan = (verdict: RestoreVerdict, steps: RestoreStep[] = []): RestorePlan => ({ verdict, steps, relogin: steps[0]?.kind === 'login' });
  if (desired === null || desired.state === 'logged-out' || now.state === 'unknown') return plan('nothing');
  const { agentId } = desired;
  if (now.state === 'logged-out') {
    const login: RestoreStep = { kind: 'login', agentId, workMode: desired.state === 'ready' ? WorkMode.ManualIn : undefined };
    if (desired.state === 'acw') return plan('steps', [login, { kind: 'not-ready', workMode: WorkMode.AfterCallWork, reasonCode: null }]);
    // A login without a work mode lands in NotReady (aux work) without a reason.
    if (desired.state === 'not-ready' && desired.reasonCode !== null) {
      return plan('steps', [login, { kind: 'not-ready', workMode: WorkMode.AuxWork, reasonCode: desired.reasonCode }]);
    }
    return plan('steps', [login]);
  }
  if (now.agentId !== null && now.agentId !== agentId) return plan('other-agent');
  // After-call work is the switch's doing (a call just ended): leave it — unless the
  // agent asked to leave it and that request may not have reached this switch.
  if (now.state === 'acw' && !(context.leaveAcw === true && (desired.state === 'ready' || desired.state === 'not-ready'))) return plan('acw-kept');
  switch (desired.state) {
    case 'ready':
      return now.state === 'ready' ? plan('in-place') : plan('steps', [{ kind: 'ready' }]);
    case 'not-ready':
      return now.state === 'not-ready' && now.reasonCode === desired.reasonCode
        ? plan('in-place')
        : plan('steps', [{ kind: 'not-ready', workMode: WorkMode.AuxWork, reasonCode: desired.reasonCode }]);
    case 'acw':
      // The agent was wrapping up and the switch has moved on since: its word stands.
      return plan('in-place');
  }
}

/** The requests a plan needs, on the connection being restored. */
export interface RestoreIo {
  login(agentId: string, password: string | undefined, workMode: number | undefined): Promise<unknown>;
  ready(): Promise<unknown>;
  notReady(workMode: number, reasonCode: string | null): Promise<unknown>;
  password(): Promise<string | undefined>;
}

export interface RestoreOutcome {
  restored: boolean;
  /** What the restore came to, as facts (the window words them; the log records them). */
  result: RestoreResult;
  /** Set when a request failed; `retryable: false` stops the session. */
  error: ErrorInfo | null;
  /** The CTI link was down: try again when it is back. */
  pending: boolean;
  /** The connection ended mid-way: the session was lost again. */
  interrupted: boolean;
  /**
   * Set by the keeper (never by executeRestore): the switch refused the credentials of the
   * automatic re-login (1705 / 192). Shown (the snapshot's `lastError`, not retryable) and
   * never retried, but the session itself goes on: `error` is then null, the agent is
   * logged out and logs in with the password they type.
   */
  loginRefused?: ErrorInfo;
}

export interface RestoreContext {
  /** Names the server in an error. */
  server: string;
  /** The first session (not a failover): recorded in the log only. */
  initial: boolean;
}

const REQUEST_NAMES: Readonly<Record<RestoreStep['kind'], string>> = { login: 'AgentLogin', ready: 'AgentReady', 'not-ready': 'AgentNotReady' };

/** The wanted state as facts: state, and the reason only where it means something. */
function stateOf(s: { state: AgentStateName; reasonCode?: string | null }): Pick<RestoreResult, 'state' | 'reasonCode'> {
  return { state: s.state, reasonCode: s.state === 'not-ready' ? (s.reasonCode ?? null) : null };
}

/** Runs `plan` towards `desired`; never throws. */
export async function executeRestore(plan: RestorePlan, desired: DesiredAgent | null, now: AgentObserved, io: RestoreIo, context: RestoreContext): Promise<RestoreOutcome> {
  const { server } = context;
  const ok = (result: RestoreResult): RestoreOutcome => ({ restored: true, result, error: null, pending: false, interrupted: false });
  const target = desired && desired.state !== 'logged-out' ? desired : null;
  switch (plan.verdict) {
    case 'nothing':
      return ok(now.state === 'logged-out' || now.state === 'unknown' ? { outcome: 'no-agent' } : { outcome: 'restored', agentId: now.agentId, ...stateOf(now) });
    case 'in-place':
      return ok({ outcome: 'restored', agentId: now.agentId, ...stateOf(now) });
    case 'acw-kept':
      return ok({ outcome: 'acw-kept', agentId: target?.agentId ?? now.agentId, state: 'acw', reasonCode: null });
    case 'other-agent':
      return {
        restored: false,
        result: { outcome: 'other-agent', agentId: target?.agentId ?? null, otherAgentId: now.agentId },
        error: null,
        pending: false,
        interrupted: false,
      };
    case 'steps':
      break;
  }
  const agentId = target?.agentId ?? null;
  const wanted = target ? stateOf(target) : {};
  let loggedIn = false;
  for (const step of plan.steps) {
    try {
      if (step.kind === 'login') {
        await io.login(step.agentId, await io.password(), step.workMode);
        loggedIn = true;
      } else if (step.kind === 'ready') {
        await io.ready();
      } else {
        await io.notReady(step.workMode, step.reasonCode);
      }
    } catch (err) {
      const f = errorInfoOf(err, server);
      // Asking for the state the agent is already in is no failure.
      if (f.code === ErrorCodes.InSameState && step.kind !== 'login') continue;
      const pending = f.code === ErrorCodes.LinkDown;
      const result: RestoreResult = pending
        ? { outcome: 'deferred-link-down', agentId, ...wanted }
        : { outcome: 'failed', agentId, ...wanted, step: step.kind === 'login' ? 'login' : 'state', loggedIn, code: f.code };
      return {
        restored: false,
        result,
        // For Details and the log: which request the server refused, and its own words.
        error: { code: f.code, message: `${REQUEST_NAMES[step.kind]}: ${f.message}`, retryable: f.retryable, server },
        pending,
        interrupted: isDisconnect(err),
      };
    }
  }
  return ok({ outcome: plan.relogin ? 'relogged-in' : 'restored', agentId, ...wanted });
}
