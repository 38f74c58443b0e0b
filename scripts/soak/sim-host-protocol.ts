// Messages between the soak and its simulator child (sim-host.ts) over the fork
// IPC channel. Faults never travel here: they go through the simulator's HTTP
// control API, as an operator's would. This channel only reports what the
// simulator wrote, for the duplicate-login/registration checks and the switch's
// agent-state history.
import type { HaMode } from '../../app/shared/connectivity.ts';
import type { SimAgentStateName, SimServerName } from '../../sim/index.ts';

/** Wall-clock ms with sub-ms resolution, comparable across the two processes. */
export const epochNow = (): number => performance.timeOrigin + performance.now();

export interface HostConfig {
  mode: HaMode;
  promoteDelayMs: number;
  /** 0: off. */
  logoutOnDisconnectMs: number;
  /** The DN and agent the soak's session uses. */
  dn: string;
  agentId: string;
}

/** A frame the simulator wrote that the invariants care about. */
export interface SentFrame {
  type: 'sent';
  server: SimServerName;
  t: number;
  /** 'open' is the reply to RequestRegisterClient (EventLinkConnected/Disconnected carrying ApplicationName). */
  kind: 'open' | 'registered' | 'agent-login' | 'agent-logout' | 'error';
  /** The requester's copy (carries a ReferenceID): caused by a request of the session. */
  requested: boolean;
  /** EventError's ErrorCode. */
  code: number | null;
}

/** The switch's state of the soak's agent changed (polled every 20 ms in the child). */
export interface AgentChange {
  type: 'agent';
  t: number;
  state: SimAgentStateName;
  reasonCode: string | null;
}

export type HostMessage =
  | { type: 'ready'; controlUrl: string; ports: Record<SimServerName, number> }
  | { type: 'failed'; message: string }
  | SentFrame
  | AgentChange;
