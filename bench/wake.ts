// Wake benchmark (issue 15): the primary's network vanishes while the laptop sleeps
// (a proxy drops every byte — no FIN, no RST) and comes back 5 s after the wake.
// In-process the sleep is stood for by the network dropping for a moment with ADDP
// far from firing, then the host's wake hint (Electron's resume; SIGCONT in the CLIs).
// Measured from the wake: until the snapshot stops saying online on the dead session
// (wake-to-truth) and until it is online again with the agent state read there
// (wake-to-online). Warm and hot, ADDP 2 s and 10 s, trials side by side, each with
// its own simulator pair, proxy and session at the app's defaults otherwise.
//   npm run bench:wake [-- --trials 20 --modes warm,hot --addp 2,10 --return-after-ms 5000]
import { parseArgs } from 'node:util';
import { TServerSession } from '../app/main/tserver/session/index.ts';
import { DEFAULT_RECONNECT_SETTINGS } from '../app/main/tserver/session/reconnect/reconnect-policy.ts';
import { startSimulator } from '../sim/index.ts';
import { startDroppingProxy } from '../test/support/dropping-proxy.ts';
import { emitResult, environment, progress } from './lib/report.ts';
import { whenSnapshot } from './lib/snapshots.ts';
import { summarize } from './lib/stats.ts';
import { sleep } from './lib/wait.ts';

type Mode = 'hot' | 'warm';
const ONLINE_TIMEOUT_MS = 15_000;

function args() {
  const { values } = parseArgs({
    options: {
      trials: { type: 'string', default: '20' },
      modes: { type: 'string', default: 'warm,hot' },
      addp: { type: 'string', default: '2,10' },
      'return-after-ms': { type: 'string', default: '5000' },
    },
  });
  const trials = Number(values.trials);
  const modes = values.modes.split(',') as Mode[];
  const addp = values.addp.split(',').map((s) => Number(s) * 1000);
  const returnAfterMs = Number(values['return-after-ms']);
  if (!Number.isInteger(trials) || trials <= 0 || !modes.every((m) => m === 'hot' || m === 'warm') || !addp.every((a) => a > 0) || !(returnAfterMs >= 0)) {
    process.stderr.write('usage: bench/wake.ts [--trials N] [--modes warm,hot] [--addp 2,10] [--return-after-ms MS]\n');
    process.exit(2);
  }
  return { trials, modes, addp, returnAfterMs };
}

type TrialResult = { ok: true; truthMs: number; onlineMs: number } | { ok: false; why: string };

async function trial(mode: Mode, addpMs: number, returnAfterMs: number): Promise<TrialResult> {
  const sim = await startSimulator({ mode, control: false, a: { port: 0 }, b: { port: 0 }, promoteDelayMs: 600_000 });
  const network = await startDroppingProxy(sim.servers.a);
  const session = new TServerSession({
    mode,
    endpoints: [
      { name: 'a', host: '127.0.0.1', port: network.port },
      { name: 'b', host: '127.0.0.1', port: sim.servers.b.port },
    ],
    applicationName: 'bench-wake',
    addpTimeoutMs: addpMs,
    addpRemoteTimeoutMs: 0,
    dn: '5001',
    agentId: '1001',
    initialAgentState: { state: 'ready' },
    reconnect: { ...DEFAULT_RECONNECT_SETTINGS },
    // The bench gives the wake hint itself, at a known instant.
    detectDrift: false,
  });
  try {
    session.start();
    const up = await whenSnapshot(session, (s) => s.phase === 'online' && s.server?.name === 'a' && s.agent.confidence === 'current' && (mode === 'warm' || s.standby.ready), ONLINE_TIMEOUT_MS);
    if (up === null) return { ok: false, why: 'not online before the sleep' };
    network.drop();
    await sleep(200);
    const truth = whenSnapshot(session, (s) => !(s.phase === 'online' && s.server?.name === 'a'), ONLINE_TIMEOUT_MS);
    const wokeAt = performance.now();
    session.wake('resume');
    const leftAt = await truth;
    await sleep(Math.max(0, returnAfterMs - (performance.now() - wokeAt)));
    network.restore();
    const back = await whenSnapshot(session, (s) => s.phase === 'online' && s.agent.confidence === 'current', ONLINE_TIMEOUT_MS + returnAfterMs);
    if (leftAt === null || back === null) return { ok: false, why: `left ${leftAt === null ? 'never' : 'ok'}, back ${back === null ? 'never' : 'ok'}: ${JSON.stringify(session.snapshot())}` };
    return { ok: true, truthMs: leftAt - wokeAt, onlineMs: back - wokeAt };
  } finally {
    await session.stop();
    await network.close();
    await sim.close();
  }
}

async function main(): Promise<void> {
  const { trials, modes, addp, returnAfterMs } = args();
  for (const mode of modes) {
    for (const addpMs of addp) {
      progress(`${mode}, ADDP ${addpMs / 1000} s: ${trials} trials side by side`);
      const results = await Promise.all(Array.from({ length: trials }, () => trial(mode, addpMs, returnAfterMs)));
      const ok = results.flatMap((r) => (r.ok ? [r] : []));
      const failures = results.flatMap((r) => (r.ok ? [] : [r.why]));
      const truth = ok.length ? summarize(ok.map((r) => r.truthMs)) : null;
      const online = ok.length ? summarize(ok.map((r) => r.onlineMs)) : null;
      emitResult({
        bench: 'wake',
        mode,
        addpTimeoutMs: addpMs,
        networkBackAfterWakeMs: returnAfterMs,
        trials,
        completed: ok.length,
        wakeToTruth: truth ? { p50Ms: truth.p50, p95Ms: truth.p95, maxMs: truth.max } : null,
        wakeToOnline: online ? { p50Ms: online.p50, p95Ms: online.p95, maxMs: online.max } : null,
        goals: { wakeToTruthMs: 1_500, onlineAfterNetworkBackMs: 5_000 },
        goalMet: truth !== null && online !== null && failures.length === 0 && truth.p95 <= 1_500 && online.p95 - returnAfterMs <= 5_000,
        failures: failures.slice(0, 3),
        ...environment(),
      });
    }
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench/wake: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
