// After every new session (warm failover, restart, hot switchover): compare the
// state the agent last had with what the switch says now, and do only what is
// missing. Rules (DESIGN.md §4): log in only when the switch lost the login
// (never a duplicate login), restore Ready / NotReady(reason), never force
// Ready while the switch says after-call work, never log in over another agent.
// planRestore is pure; executeRestore runs a plan through injected requests.
import type { ErrorInfo } from '../../../shared/connectivity.ts';
import { ErrorCodes, WorkMode } from '../protocol/index.ts';
import { stateWords } from './agent-state.ts';
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

export function planRestore(desired: DesiredAgent | null, now: AgentObserved): RestorePlan {
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
  // After-call work is the switch's doing (a call just ended): leave it.
  if (now.state === 'acw') return plan('acw-kept');
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
  /** Plain words for the "switched to backup" notice. */
  detail: string;
  /** Set when a request failed; `retryable: false` stops the session. */
  error: ErrorInfo | null;
  /** The CTI link was down: try again when it is back. */
  pending: boolean;
  /** The connection ended mid-way: the session was lost again. */
  interrupted: boolean;
}

/** Plain words for the T-Library errors a restore can meet. */
export function reasonWords(code: number | null, message: string): string {
  switch (code) {
    case ErrorCodes.PasswordDoesNotMatch:
      return 'password does not match';
    case ErrorCodes.InvalidAgentId:
      return 'the switch does not know this agent id';
    case ErrorCodes.AlreadyLoggedIn:
      return 'already logged in elsewhere';
    case ErrorCodes.LinkDown:
      return 'the CTI link is down';
    case ErrorCodes.DnDoesNotExist:
      return 'the DN does not exist';
    case ErrorCodes.Timeout:
      return 'the T-Server did not answer in time';
    default:
      return message;
  }
}

export interface RestoreContext {
  /** Names the server in an error. */
  server: string;
  /** The first session: the agent is logged "in", not "back in". */
  initial: boolean;
}

/** Runs `plan` towards `desired`; never throws. */
export async function executeRestore(plan: RestorePlan, desired: DesiredAgent | null, now: AgentObserved, io: RestoreIo, context: RestoreContext): Promise<RestoreOutcome> {
  const { server, initial } = context;
  const backIn = initial ? 'in' : 'back in';
  const ok = (detail: string): RestoreOutcome => ({ restored: true, detail, error: null, pending: false, interrupted: false });
  const target = desired && desired.state !== 'logged-out' ? desired : null;
  switch (plan.verdict) {
    case 'nothing':
      return ok(now.state === 'logged-out' || now.state === 'unknown' ? 'DN registered; no agent logged in.' : `Agent state: ${stateWords(now)}.`);
    case 'in-place':
      return ok(`Agent state restored: ${stateWords(now)}.`);
    case 'acw-kept':
      return ok(`Agent ${target?.agentId ?? now.agentId ?? ''} is in after-call work: left as the switch has it, not forced Ready.`);
    case 'other-agent':
      return {
        restored: false,
        detail: `Agent ${now.agentId ?? '?'} is logged in on this DN; agent ${target?.agentId ?? '?'} was not logged ${backIn}.`,
        error: null,
        pending: false,
        interrupted: false,
      };
    case 'steps':
      break;
  }
  const agentId = target?.agentId ?? '';
  const wanted = target ? stateWords(target) : '';
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
      const why = reasonWords(f.code, f.message);
      const detail =
        step.kind === 'login'
          ? `Could not log agent ${agentId} ${backIn}: ${why}.`
          : `${loggedIn ? `Agent ${agentId} logged ${backIn}, but state` : 'Agent state'} not restored to ${wanted}: ${why}.`;
      const pending = f.code === ErrorCodes.LinkDown;
      return {
        restored: false,
        detail: pending ? `Agent state not restored yet (${wanted}): the CTI link is down; it will be restored when the link is back.` : detail,
        error: { code: f.code, message: detail, retryable: f.retryable, server },
        pending,
        interrupted: isDisconnect(err),
      };
    }
  }
  return ok(plan.relogin ? `Agent ${agentId} logged ${backIn}; state restored: ${wanted}.` : `Agent state restored: ${wanted}.`);
}
