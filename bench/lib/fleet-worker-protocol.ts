// Messages between the fleet benchmark (bench/fleet.ts, through fleet-pool.ts)
// and its worker threads (fleet-worker.ts). One request at a time per worker,
// one reply each. Every time in a reply is epoch-based (epochNow() in
// sim-host-protocol.ts: performance.timeOrigin + performance.now()), the same
// clock in every thread of the process and in the simulator child.
import type { SimServerName } from '../../sim/index.ts';
import type { Mode, Policy } from './fleet-model.ts';

/** Given to each worker thread at its start. */
export interface FleetWorkerData {
  /**
   * The thread's nice value (os.setPriority on the thread itself; on Linux nice is per
   * thread): > 0 lets the simulator child, which stands in for a T-Server on its own
   * machine, go first when the fleet's threads and it compete for the cores.
   */
  nice: number;
}

export type WorkerRequest =
  /** Create and start sessions [from, to) against `ports`; reply once all are online on a (hot: standby ready too), or the deadline passes. */
  | { op: 'start'; mode: Mode; policy: Policy; firstDelayMs: number; ports: Record<SimServerName, number>; from: number; to: number; timeoutMs: number }
  /** Before the crash: wait for every session online on b, start recording connects and event-loop delay. */
  | { op: 'arm'; timeoutMs: number }
  /** Reply with when each session was back on b (null: not within the deadline). */
  | { op: 'collect' }
  /** End of the observation window: stop recording, reply with what was recorded. */
  | { op: 'disarm' }
  /** Hot, before the primary restarts: wait for every session to have a ready standby on a again. */
  | { op: 'arm-restart'; timeoutMs: number }
  | { op: 'collect-restart' }
  | { op: 'stop' };

export type WorkerReply =
  | { op: 'hello' }
  | { op: 'up'; sessions: number; notUp: number }
  | { op: 'armed' }
  | { op: 'restored'; at: Array<number | null> }
  | { op: 'disarmed'; connects: number[]; loopDelayMaxMs: number; loopDelayP99Ms: number }
  | { op: 'standby'; at: Array<number | null> }
  | { op: 'stopped' }
  | { op: 'error'; message: string };
