// Silent-failure benchmark (issue 3): the primary hangs (socket open, nothing
// read or written) → how long until TServerConnection emits
// EventServerDisconnected. ADDP at 1 s and 2 s (target ≤ 2 × timeout + 100 ms),
// and TCP alone (ADDP off) in the same run, waited for with a bound.
// One JSON line per case on stdout; progress on stderr.
//   npm run bench:silent [-- --trials 10 --addp 1000,2000 --tcp-wait-ms 10000]
import { parseArgs } from 'node:util';
import { TServerConnection } from '../app/main/tserver/connection/index.ts';
import { startSimulator } from '../sim/index.ts';
import type { Simulator } from '../sim/index.ts';
import { emitResult, environment, progress } from './lib/report.ts';
import { summarize } from './lib/stats.ts';
import { sleep, within } from './lib/wait.ts';

/** Slack the issue allows on top of ADDP's worst case of two timeouts. */
const TARGET_SLACK_MS = 100;

interface Args {
  trials: number;
  addpTimeouts: number[];
  tcpWaitMs: number;
}

function args(): Args {
  const { values } = parseArgs({
    options: {
      trials: { type: 'string', default: '10' },
      addp: { type: 'string', default: '1000,2000' },
      'tcp-wait-ms': { type: 'string', default: '10000' },
    },
  });
  const result: Args = {
    trials: Number(values.trials),
    addpTimeouts: values.addp.split(',').map(Number),
    tcpWaitMs: Number(values['tcp-wait-ms']),
  };
  const ok = (n: number) => Number.isInteger(n) && n > 0;
  if (!ok(result.trials) || !result.addpTimeouts.every(ok) || !ok(result.tcpWaitMs)) {
    process.stderr.write('usage: bench/silent-failure.ts [--trials N] [--addp MS,MS,...] [--tcp-wait-ms MS] (positive integers)\n');
    process.exit(2);
  }
  return result;
}

async function openTo(sim: Simulator, addpTimeoutMs: number): Promise<{ conn: TServerConnection; disconnectedAt: Promise<number> }> {
  const conn = new TServerConnection({
    endpoint: { name: 'a', host: '127.0.0.1', port: sim.servers.a.port },
    applicationName: 'bench-silent',
    addpTimeoutMs,
  });
  // Stamped in the listener, the moment the session learns of the loss.
  const disconnectedAt = new Promise<number>((resolve) =>
    conn.onEvent((event) => {
      if (event.name === 'EventServerDisconnected') resolve(performance.now());
    }),
  );
  await conn.open();
  return { conn, disconnectedAt };
}

/** One ADDP trial: hang at a random phase of the ping cycle, time until detection. */
async function addpTrial(addpTimeoutMs: number): Promise<{ ms: number | null; reason: string }> {
  const sim = await startSimulator({ control: false, a: { port: 0 }, b: { port: 0 } });
  try {
    const { conn, disconnectedAt } = await openTo(sim, addpTimeoutMs);
    await sleep(Math.random() * addpTimeoutMs);
    const hungAt = performance.now();
    sim.hang('a');
    const at = await within(disconnectedAt, 2 * addpTimeoutMs + 5_000, null);
    const reason = conn.disconnectInfo?.reason ?? 'not detected';
    await conn.close();
    return { ms: at === null ? null : at - hungAt, reason };
  } finally {
    await sim.close();
  }
}

/**
 * TCP-only trials, run side by side (each waits the full bound when nothing is
 * detected). A request is sent into the hang so TCP has data in flight too.
 */
async function tcpOnlyTrials(trials: number, waitMs: number) {
  const one = async () => {
    const sim = await startSimulator({ control: false, a: { port: 0 }, b: { port: 0 } });
    try {
      const { conn, disconnectedAt } = await openTo(sim, 0);
      const hungAt = performance.now();
      sim.hang('a');
      const request = conn.queryServer().then(
        () => 'answered',
        (e: { code?: number | null; kind?: string }) => (e.kind === 'timeout' ? 'timed out (57), session kept' : `failed: ${e.kind ?? 'error'}`),
      );
      const at = await within(disconnectedAt, waitMs, null);
      const requestOutcome = await within(request, 1_000, 'pending');
      const stillOpen = conn.state === 'open';
      await conn.close();
      return { ms: at === null ? null : at - hungAt, requestOutcome, stillOpen };
    } finally {
      await sim.close();
    }
  };
  return Promise.all(Array.from({ length: trials }, one));
}

async function main(): Promise<void> {
  const a = args();
  for (const timeout of a.addpTimeouts) {
    const samples: number[] = [];
    const reasons: Record<string, number> = {};
    for (let i = 0; i < a.trials; i++) {
      const { ms, reason } = await addpTrial(timeout);
      reasons[reason] = (reasons[reason] ?? 0) + 1;
      if (ms !== null && reason === 'addp-timeout') samples.push(ms);
      progress(`addp ${timeout} ms trial ${i + 1}/${a.trials}: ${ms === null ? 'not detected' : `${ms.toFixed(1)} ms`} (${reason})`);
    }
    const targetMs = 2 * timeout + TARGET_SLACK_MS;
    const summary = samples.length > 0 ? summarize(samples) : null;
    emitResult({
      bench: 'silent-failure',
      detector: 'addp',
      addpTimeoutMs: timeout,
      trials: a.trials,
      detected: samples.length,
      reasons,
      ...(summary ? { p50Ms: summary.p50, p95Ms: summary.p95, maxMs: summary.max, minMs: summary.min } : {}),
      targetMs,
      targetMet: summary !== null && samples.length === a.trials && summary.max <= targetMs,
      ...environment(),
    });
  }

  progress(`tcp-only: ${a.trials} trials side by side, waiting up to ${a.tcpWaitMs} ms each`);
  const tcp = await tcpOnlyTrials(a.trials, a.tcpWaitMs);
  const detected = tcp.filter((r) => r.ms !== null).map((r) => r.ms!);
  const outcomes: Record<string, number> = {};
  for (const r of tcp) outcomes[r.requestOutcome] = (outcomes[r.requestOutcome] ?? 0) + 1;
  emitResult({
    bench: 'silent-failure',
    detector: 'tcp-only',
    addpTimeoutMs: 0,
    trials: a.trials,
    detected: detected.length,
    waitMs: a.tcpWaitMs,
    result: detected.length === 0 ? `not detected within ${a.tcpWaitMs} ms` : `detected in ${detected.length} of ${a.trials} trials`,
    ...(detected.length > 0 ? { detectedMaxMs: Math.round(Math.max(...detected)) } : {}),
    sessionsStillOpenAtEnd: tcp.filter((r) => r.stillOpen).length,
    requestDuringHang: outcomes,
    ...environment(),
  });
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench/silent-failure: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
