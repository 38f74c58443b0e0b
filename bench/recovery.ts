// Recovery benchmark (issue 9, the recovery SLO): both servers down for a long outage
// (default 20 s: past the point where the backoff reaches its cap), then back — the
// former primary first, the other `--stagger-ms` later, as an operator restarting a
// pair would — and the time from the first server accepting sessions again until the
// session is online with the agent state read there (confidence current). Trials run
// side by side, each with its own simulator pair and session at the app's defaults
// (ADDP 10 s, reconnect defaults), so a run takes about one outage per mode.
// Goal: p95 ≤ 5 s on one desktop. One JSON line per mode on stdout.
//   npm run bench:recovery [-- --trials 20 --outage-s 20 --stagger-ms 2000 --modes warm,hot]
import { parseArgs } from 'node:util';
import { BUILTIN_DEFAULTS } from '../app/main/config/defaults.ts';
import { createToolbarSession } from '../app/main/tserver/session/index.ts';
import { DEFAULT_RECONNECT_SETTINGS } from '../app/main/tserver/session/reconnect/reconnect-policy.ts';
import { startSimulator } from '../sim/index.ts';
import { emitResult, environment, progress } from './lib/report.ts';
import { whenSnapshot } from './lib/snapshots.ts';
import { summarize } from './lib/stats.ts';
import { sleep } from './lib/wait.ts';

type Mode = 'hot' | 'warm';
const GOAL_P95_MS = 5_000;
const ONLINE_TIMEOUT_MS = 10_000;
const RECOVERY_TIMEOUT_MS = 60_000;

function args(): { trials: number; outageMs: number; staggerMs: number; modes: Mode[] } {
  const { values } = parseArgs({
    options: {
      trials: { type: 'string', default: '20' },
      'outage-s': { type: 'string', default: '20' },
      'stagger-ms': { type: 'string', default: '2000' },
      modes: { type: 'string', default: 'warm,hot' },
    },
  });
  const trials = Number(values.trials);
  const outageMs = Number(values['outage-s']) * 1000;
  const staggerMs = Number(values['stagger-ms']);
  const modes = values.modes.split(',') as Mode[];
  if (!Number.isInteger(trials) || trials <= 0 || !(outageMs > 0) || !(staggerMs >= 0) || !modes.every((m) => m === 'hot' || m === 'warm')) {
    process.stderr.write('usage: bench/recovery.ts [--trials N] [--outage-s S] [--stagger-ms MS] [--modes warm,hot]\n');
    process.exit(2);
  }
  return { trials, outageMs, staggerMs, modes };
}

type TrialResult = { ok: true; ms: number; server: string } | { ok: false; why: string };

async function trial(mode: Mode, outageMs: number, staggerMs: number): Promise<TrialResult> {
  const sim = await startSimulator({ mode, control: false, a: { port: 0 }, b: { port: 0 } });
  const session = createToolbarSession({
    mode,
    endpoints: [
      { name: 'a', host: '127.0.0.1', port: sim.servers.a.port },
      { name: 'b', host: '127.0.0.1', port: sim.servers.b.port },
    ],
    applicationName: 'bench-recovery',
    addpTimeoutMs: BUILTIN_DEFAULTS.addp.timeoutMs,
    addpRemoteTimeoutMs: BUILTIN_DEFAULTS.addp.remoteTimeoutMs,
    dn: '5001',
    agentId: '1001',
    initialAgentState: { state: 'ready' },
    reconnect: { ...DEFAULT_RECONNECT_SETTINGS },
  });
  try {
    session.start();
    const up = await whenSnapshot(session, (s) => s.phase === 'online' && s.agent.state === 'ready' && (mode === 'warm' || s.standby.ready), ONLINE_TIMEOUT_MS);
    if (up === null) return { ok: false, why: `not online within ${ONLINE_TIMEOUT_MS} ms` };
    sim.crash('a');
    sim.crash('b');
    await sleep(outageMs);
    const back = whenSnapshot(session, (s) => s.phase === 'online' && s.agent.confidence === 'current' && s.agent.state === 'ready', RECOVERY_TIMEOUT_MS);
    // The outage ends when the first server accepts sessions again.
    await sim.restart('a');
    const endedAt = performance.now();
    const second = sleep(staggerMs).then(() => sim.restart('b'));
    const at = await back;
    await second;
    if (at === null) return { ok: false, why: `not online within ${RECOVERY_TIMEOUT_MS} ms of the restart: ${JSON.stringify(session.snapshot())}` };
    return { ok: true, ms: at - endedAt, server: session.snapshot().server?.name ?? '?' };
  } finally {
    await session.stop();
    await sim.close();
  }
}

async function main(): Promise<void> {
  const { trials, outageMs, staggerMs, modes } = args();
  for (const mode of modes) {
    progress(`${mode}: ${trials} trials side by side, outage ${outageMs / 1000} s`);
    const results = await Promise.all(Array.from({ length: trials }, () => trial(mode, outageMs, staggerMs)));
    const samples = results.flatMap((r) => (r.ok ? [r.ms] : []));
    const failures = results.flatMap((r) => (r.ok ? [] : [r.why]));
    const summary = samples.length > 0 ? summarize(samples) : null;
    emitResult({
      bench: 'recovery',
      mode,
      trials,
      outageMs,
      staggerMs,
      recovered: samples.length,
      ...(summary ? { p50Ms: summary.p50, p95Ms: summary.p95, maxMs: summary.max, minMs: summary.min, meanMs: summary.mean } : {}),
      goalP95Ms: GOAL_P95_MS,
      goalMet: summary !== null && failures.length === 0 && summary.p95 <= GOAL_P95_MS,
      failures: failures.slice(0, 3),
      reconnect: DEFAULT_RECONNECT_SETTINGS,
      ...environment(),
    });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench/recovery: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
