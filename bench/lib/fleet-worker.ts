// Worker thread of the fleet benchmark: holds a slice of the fleet (sessions
// [from, to)) on its own event loop, as a real desktop holds its session in its
// own process, so one thread's stall does not bunch the whole fleet's timers.
// Records its own TCP connects (diagnostics_channel is per thread) and its own
// event-loop delay, and posts every time back epoch-based.
//   started by bench/lib/fleet-pool.ts, never run by hand
import diagnostics from 'node:diagnostics_channel';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { IntervalHistogram } from 'node:perf_hooks';
import os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { TServerSession } from '../../app/main/tserver/session/index.ts';
import { agentOf, dnOf, expectedFor, policyModel } from './fleet-model.ts';
import type { FleetWorkerData, WorkerReply, WorkerRequest } from './fleet-worker-protocol.ts';
import { epochNow } from './sim-host-protocol.ts';
import { agentAsBefore, onlineOn, whenSnapshot } from './snapshots.ts';

const port = parentPort;
if (!port) throw new Error('fleet-worker.ts runs as a worker thread of bench/fleet.ts');
const { nice } = workerData as FleetWorkerData;
// pid 0: this thread only (Linux keeps nice per thread); the parent and the simulator child keep theirs.
if (nice !== 0) os.setPriority(0, nice);

let sessions: TServerSession[] = [];
let from = 0;
let restored: Promise<Array<number | null>> | null = null;
let standbyAgain: Promise<Array<number | null>> | null = null;
let loopDelay: IntervalHistogram | null = null;
let connects: number[] | null = null;

const onSocket = () => connects?.push(epochNow());
diagnostics.subscribe('net.client.socket', onSocket);

/** whenSnapshot's performance.now() stamp as epoch time (the same clock as the parent's and the simulator child's). */
const toEpoch = (t: number | null): number | null => (t === null ? null : performance.timeOrigin + t);

async function stopAll(): Promise<void> {
  const s = sessions;
  sessions = [];
  restored = null;
  standbyAgain = null;
  connects = null;
  loopDelay?.disable();
  loopDelay = null;
  await Promise.all(s.map((x) => x.stop()));
}

async function handle(req: WorkerRequest): Promise<WorkerReply> {
  switch (req.op) {
    case 'start': {
      await stopAll();
      const { mode } = req;
      const model = policyModel(req.policy, req.firstDelayMs);
      from = req.from;
      for (let i = req.from; i < req.to; i++) {
        const expected = expectedFor(i);
        sessions.push(
          new TServerSession(
            {
              mode,
              endpoints: [
                { name: 'a', host: '127.0.0.1', port: req.ports.a },
                { name: 'b', host: '127.0.0.1', port: req.ports.b },
              ],
              applicationName: 'bench-fleet',
              // ADDP off: a crash is an RST, and 1,000 ping timers would only add noise.
              addpTimeoutMs: 0,
              addpRemoteTimeoutMs: 0,
              dn: dnOf(i),
              agentId: agentOf(i),
              initialAgentState: expected.state === 'ready' ? { state: 'ready' } : { state: 'not-ready', reasonCode: expected.reasonCode },
              reconnect: model.reconnect,
              random: model.random(),
            },
            { promotionRetry: model.promotionRetry, standbyRetry: model.standbyRetry },
          ),
        );
      }
      for (const s of sessions) s.start();
      const up = await Promise.all(
        sessions.map((s, k) => whenSnapshot(s, onlineOn('a', agentAsBefore(agentOf(from + k), expectedFor(from + k)), mode === 'hot'), req.timeoutMs)),
      );
      return { op: 'up', sessions: sessions.length, notUp: up.filter((t) => t === null).length };
    }
    case 'arm': {
      restored = Promise.all(
        sessions.map((s, k) => whenSnapshot(s, onlineOn('b', agentAsBefore(agentOf(from + k), expectedFor(from + k))), req.timeoutMs)),
      ).then((ts) => ts.map(toEpoch));
      loopDelay = monitorEventLoopDelay({ resolution: 10 });
      loopDelay.enable();
      connects = [];
      return { op: 'armed' };
    }
    case 'collect': {
      if (!restored) throw new Error('collect before arm');
      return { op: 'restored', at: await restored };
    }
    case 'disarm': {
      const h = loopDelay;
      h?.disable();
      loopDelay = null;
      const t = connects ?? [];
      connects = null;
      return { op: 'disarmed', connects: t, loopDelayMaxMs: h ? h.max / 1e6 : 0, loopDelayP99Ms: h ? h.percentile(99) / 1e6 : 0 };
    }
    case 'arm-restart': {
      standbyAgain = Promise.all(
        sessions.map((s) => whenSnapshot(s, (x) => x.phase === 'online' && x.standby.name === 'a' && x.standby.ready, req.timeoutMs)),
      ).then((ts) => ts.map(toEpoch));
      return { op: 'armed' };
    }
    case 'collect-restart': {
      if (!standbyAgain) throw new Error('collect-restart before arm-restart');
      return { op: 'standby', at: await standbyAgain };
    }
    case 'stop':
      await stopAll();
      return { op: 'stopped' };
  }
}

port.on('message', (req: WorkerRequest) => {
  handle(req).then(
    (reply) => port.postMessage(reply),
    (err: unknown) => port.postMessage({ op: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) } satisfies WorkerReply),
  );
});
port.postMessage({ op: 'hello' } satisfies WorkerReply);
