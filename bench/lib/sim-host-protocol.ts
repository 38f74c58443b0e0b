// Messages between the fleet benchmark and its simulator child (sim-host.ts).
import type { SimAgentStateName, SimMode, SimServerName } from '../../sim/index.ts';

export type HostRequest =
  | { op: 'start'; mode: SimMode; dns: string[]; agents: string[]; promoteDelayMs: number }
  | { op: 'crash'; server: SimServerName }
  | { op: 'restart'; server: SimServerName }
  | { op: 'accepts' }
  | { op: 'agents' }
  | { op: 'close' };

export type HostReply =
  | { op: 'hello' }
  | { op: 'started'; ports: Record<SimServerName, number> }
  | { op: 'crashed'; at: number }
  | { op: 'restarted'; at: number }
  | { op: 'accepts'; accepts: Record<SimServerName, number[]> }
  | { op: 'agents'; agents: Array<{ id: string; state: SimAgentStateName; reasonCode: string | null }> }
  | { op: 'closed' }
  | { op: 'error'; message: string };

/** Sub-millisecond epoch time, comparable across processes on one machine. */
export const epochNow = (): number => performance.timeOrigin + performance.now();
