// The agent's state as the switch reports it, read from T-Library events, and
// the state the session keeps restoring after failovers ("desired"). Pure.
import type { AgentStateName } from '../../../shared/connectivity.ts';
import { AgentStateCode, WorkMode } from '../protocol/index.ts';
import type { TMessage } from '../protocol/index.ts';

/** What the switch says about our DN. */
export interface AgentObserved {
  agentId: string | null;
  state: AgentStateName;
  /** Not-ready reason (`ReasonCode`), when there is one. */
  reasonCode: string | null;
}

/** The state to restore: the last one observed while connected (or the configured initial one). */
export type DesiredAgent =
  | { state: 'logged-out' }
  | { state: 'ready'; agentId: string }
  | { state: 'not-ready'; agentId: string; reasonCode: string | null }
  | { state: 'acw'; agentId: string };

export const UNKNOWN_AGENT: AgentObserved = Object.freeze({ agentId: null, state: 'unknown', reasonCode: null });

const AGENT_EVENTS = new Set(['EventAgentLogin', 'EventAgentLogout', 'EventAgentReady', 'EventAgentNotReady']);
const DN_STATE_EVENTS = new Set(['EventRegistered', 'EventAddressInfo']);

export const isAgentEvent = (name: string): boolean => AGENT_EVENTS.has(name);

function reasonCodeOf(reasons: unknown): string | null {
  if (!Array.isArray(reasons)) return null;
  for (const entry of reasons) {
    if (Array.isArray(entry) && entry[0] === 'ReasonCode' && (typeof entry[1] === 'string' || typeof entry[1] === 'number')) return String(entry[1]);
  }
  return null;
}

function notReady(agentId: string | null, workMode: unknown, reasons: unknown): AgentObserved {
  if (workMode === WorkMode.AfterCallWork) return { agentId, state: 'acw', reasonCode: reasonCodeOf(reasons) };
  return { agentId, state: 'not-ready', reasonCode: reasonCodeOf(reasons) };
}

/**
 * The DN's agent state after `message`, or null when the message says nothing
 * about `dn`. `previous` supplies the agent id when an event leaves it out.
 */
export function observeAgent(message: TMessage, dn: string, previous: AgentObserved): AgentObserved | null {
  const a = message.attributes;
  if (a.ThisDN !== dn) return null;
  const agentId = typeof a.AgentID === 'string' && a.AgentID !== '' ? a.AgentID : previous.agentId;
  if (DN_STATE_EVENTS.has(message.name)) {
    const id = typeof a.AgentID === 'string' && a.AgentID !== '' ? a.AgentID : null;
    if (a.AgentState === AgentStateCode.Ready) return { agentId: id, state: 'ready', reasonCode: null };
    if (a.AgentState === AgentStateCode.NotReady) return notReady(id, a.AgentWorkMode, a.Reasons);
    return { agentId: null, state: 'logged-out', reasonCode: null };
  }
  switch (message.name) {
    case 'EventAgentLogout':
      return { agentId: null, state: 'logged-out', reasonCode: null };
    case 'EventAgentReady':
      return { agentId, state: 'ready', reasonCode: null };
    case 'EventAgentNotReady':
      return notReady(agentId, a.AgentWorkMode, a.Reasons);
    case 'EventAgentLogin':
      // A login lands in Ready (manual/auto-in) or NotReady (aux work by default).
      if (a.AgentState === AgentStateCode.Ready) return { agentId, state: 'ready', reasonCode: null };
      return notReady(agentId, a.AgentWorkMode ?? WorkMode.AuxWork, a.Reasons);
    default:
      return null;
  }
}

/** The observed state as the one to keep; null when there is nothing to keep (unknown). */
export function desiredFrom(observed: AgentObserved): DesiredAgent | null {
  if (observed.state === 'unknown') return null;
  if (observed.state === 'logged-out' || observed.agentId === null) return { state: 'logged-out' };
  if (observed.state === 'ready') return { state: 'ready', agentId: observed.agentId };
  if (observed.state === 'acw') return { state: 'acw', agentId: observed.agentId };
  return { state: 'not-ready', agentId: observed.agentId, reasonCode: observed.reasonCode };
}

/** Plain words for a state: "Ready", "Not Ready (42)", "After-call work", "Logged out". */
export function stateWords(s: { state: AgentStateName; reasonCode?: string | null }): string {
  switch (s.state) {
    case 'ready':
      return 'Ready';
    case 'not-ready':
      return s.reasonCode ? `Not Ready (${s.reasonCode})` : 'Not Ready';
    case 'acw':
      return 'After-call work';
    case 'logged-out':
      return 'Logged out';
    default:
      return 'Unknown';
  }
}
