// Fleet failover benchmark (issues 3, 8, 9): N sessions (default 1,000) in this
// process against a simulator in a child process, primary crash, hot and warm,
// each with our fleet-tuned reconnect settings and, in the same run and on the same
// fleet, the reconnect behaviour peers ship (Genesys Workspace: uniform 0–2 s, then
// fixed 10 s rounds; Platform SDK warm standby defaults: fixed 1 s retry, no backup
// delay; naive: reconnect immediately), modelled with the same session code — only
// the settings, the random source and our warm 58 re-ask differ. Per scenario: time until every
// session is online on the backup with its agent restored, and the peak number
// of connections the backup accepts in any 100 ms window (counted by the
// simulator's onAccept), plus every TCP connect this process starts (any
// server, via diagnostics_channel), since the naive policy's storm in hot mode
// goes to the dead primary. One JSON line per scenario on stdout.
//   npm run bench:fleet [-- --fleet 1000 --first-delay-ms 2000 --promote-delay-ms 0 --modes hot,warm --policies tuned,workspace,psdk,naive]
// After the scenarios of a mode, one `fleet-compare` line: does ours beat every peer on
// peak arrivals and total dials, within 1.5× of the fastest on time until all are back.
// Needs ~2 open files per hot session in this process and in the child: with
// `ulimit -n` below 2 × fleet + 200 it refuses to start (raise it in the shell).
import { execFileSync } from 'node:child_process';
import diagnostics from 'node:diagnostics_channel';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { ReconnectSettings } from '../app/main/tserver/session/api.ts';
import { TServerSession } from '../app/main/tserver/session/index.ts';
import { DEFAULT_RECONNECT_SETTINGS, reconnectSettings } from '../app/main/tserver/session/reconnect/reconnect-policy.ts';
import { emitResult, environment, progress } from './lib/report.ts';
import { SimHost } from './lib/sim-host-client.ts';
import { epochNow } from './lib/sim-host-protocol.ts';
import { agentAsBefore, onlineOn, whenSnapshot } from './lib/snapshots.ts';
import type { ExpectedAgent } from './lib/snapshots.ts';
import { peakInWindow, summarize } from './lib/stats.ts';
import { sleep } from './lib/wait.ts';

type Mode = 'hot' | 'warm';
type Policy = 'tuned' | 'workspace' | 'psdk' | 'naive';
const POLICIES: readonly Policy[] = ['tuned', 'workspace', 'psdk', 'naive'];

const WINDOW_MS = 100;
/**
 * Connections are counted from the crash for this long (at least until every
 * session is back), the same span for every scenario, so that a policy that
 * keeps hammering the dead primary after the switchover shows it.
 */
const OBSERVE_MS = 5_000;
/** An unreported small fleet first, so the first reported scenario does not pay for JIT warm-up. */
const WARMUP_FLEET = 100;
const GOAL_ALL_ONLINE_MS = 5_000;
const GOAL_PEAK_FRACTION = 0.25;
/** Bounds: startup of the whole fleet, and its failover. */
const STARTUP_TIMEOUT_MS = 120_000;
const FAILOVER_TIMEOUT_MS = 30_000;
/** Hot: the restarted primary until every session has it back as a ready standby (backoff may be at ~10 s by then). */
const RESTART_TIMEOUT_MS = 60_000;
/** The whole run, whatever happens. */
const RUN_WATCHDOG_MS = 20 * 60_000;

interface Args {
  fleet: number;
  firstDelayMs: number;
  /** How long the simulator (as Solution Control Server) takes to promote the backup. */
  promoteDelayMs: number;
  modes: Mode[];
  policies: Policy[];
}

function args(): Args {
  const { values } = parseArgs({
    options: {
      fleet: { type: 'string', default: '1000' },
      'first-delay-ms': { type: 'string', default: '2000' },
      'promote-delay-ms': { type: 'string', default: '0' },
      modes: { type: 'string', default: 'hot,warm' },
      policies: { type: 'string', default: POLICIES.join(',') },
    },
  });
  const a: Args = {
    fleet: Number(values.fleet),
    firstDelayMs: Number(values['first-delay-ms']),
    promoteDelayMs: Number(values['promote-delay-ms']),
    modes: values.modes.split(',') as Mode[],
    policies: values.policies.split(',') as Policy[],
  };
  if (
    !Number.isInteger(a.fleet) ||
    a.fleet <= 0 ||
    !Number.isInteger(a.firstDelayMs) ||
    a.firstDelayMs < 0 ||
    !Number.isInteger(a.promoteDelayMs) ||
    a.promoteDelayMs < 0 ||
    !a.modes.every((m) => m === 'hot' || m === 'warm') ||
    !a.policies.every((p) => POLICIES.includes(p))
  ) {
    process.stderr.write(`usage: bench/fleet.ts [--fleet N] [--first-delay-ms MS] [--promote-delay-ms MS] [--modes hot,warm] [--policies ${POLICIES.join(',')}]\n`);
    process.exit(2);
  }
  return a;
}

/** How a policy reconnects: settings, how it draws its waits, and whether it re-asks a promoting warm backup (58). */
interface PolicyModel {
  reconnect: ReconnectSettings;
  /** A fresh random source per session. */
  random: () => () => number;
  promotionRetry: boolean;
}

/** Uniform first draw (the first delay), then 1: a full-jitter loop waits exactly its ceiling — fixed rounds. */
const uniformThenFixed = (): (() => number) => {
  let first = true;
  return () => {
    if (!first) return 1;
    first = false;
    return Math.random();
  };
};

/**
 * tuned: ours — the defaults with firstDelayMaxMs set for the fleet (docs/architecture.md §2.4).
 * workspace: Genesys Workspace — a uniform 0–2 s delay, then fixed 10 s rounds, no 58 re-ask.
 * psdk: Platform SDK warm-standby defaults — a fixed 1 s retry, no backup delay, no 58 re-ask.
 * naive: reconnect at once on loss and retry after at most 1 ms, no backoff, no
 * spreading (1 ms is the smallest initialDelayMs the policy accepts).
 * Peers reset their schedule on every successful open (healthySessionMs 0).
 */
function policyModel(policy: Policy, firstDelayMs: number): PolicyModel {
  switch (policy) {
    case 'tuned':
      return { reconnect: reconnectSettings({ firstDelayMaxMs: firstDelayMs }), random: () => Math.random, promotionRetry: true };
    case 'workspace':
      return {
        reconnect: reconnectSettings({ initialDelayMs: 10_000, multiplier: 1, maxDelayMs: 10_000, firstDelayMaxMs: 2_000, healthySessionMs: 0 }),
        random: uniformThenFixed,
        promotionRetry: false,
      };
    case 'psdk':
      return {
        reconnect: reconnectSettings({ initialDelayMs: 1_000, multiplier: 1, maxDelayMs: 1_000, firstDelayMaxMs: 0, healthySessionMs: 0 }),
        random: () => () => 1,
        promotionRetry: false,
      };
    case 'naive':
      return {
        reconnect: reconnectSettings({ initialDelayMs: 1, multiplier: 1, maxDelayMs: 1, firstDelayMaxMs: 0, healthySessionMs: 0 }),
        random: () => Math.random,
        promotionRetry: false,
      };
  }
}

function openFilesLimit(): number {
  try {
    return Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim());
  } catch {
    return Number.NaN;
  }
}

/** Every outgoing TCP connect of this process, stamped; only while recording. */
function connectRecorder() {
  let times: number[] | null = null;
  const onSocket = () => times?.push(epochNow());
  diagnostics.subscribe('net.client.socket', onSocket);
  return {
    start: () => (times = []),
    stop: (): number[] => {
      const t = times ?? [];
      times = null;
      return t;
    },
    dispose: () => diagnostics.unsubscribe('net.client.socket', onSocket),
  };
}

const expectedFor = (i: number): ExpectedAgent => (i % 2 === 0 ? { state: 'not-ready', reasonCode: '42' } : { state: 'ready' });
const dnOf = (i: number) => String(100_000 + i);
const agentOf = (i: number) => String(500_000 + i);

async function scenario(host: SimHost, a: Args, mode: Mode, policy: Policy, connects: ReturnType<typeof connectRecorder>) {
  const n = a.fleet;
  const dns = Array.from({ length: n }, (_, i) => dnOf(i));
  const agents = Array.from({ length: n }, (_, i) => agentOf(i));
  const { ports } = await host.request({ op: 'start', mode, dns, agents, promoteDelayMs: a.promoteDelayMs }, 'started');
  const model = policyModel(policy, a.firstDelayMs);
  const reconnect = model.reconnect;
  const sessions: TServerSession[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const expected = expectedFor(i);
      sessions.push(
        new TServerSession(
          {
          mode,
          endpoints: [
            { name: 'a', host: '127.0.0.1', port: ports.a },
            { name: 'b', host: '127.0.0.1', port: ports.b },
          ],
          applicationName: 'bench-fleet',
          // ADDP off: a crash is an RST, and 1,000 ping timers would only add noise.
          addpTimeoutMs: 0,
          addpRemoteTimeoutMs: 0,
          dn: dnOf(i),
          agentId: agentOf(i),
          initialAgentState: expected.state === 'ready' ? { state: 'ready' } : { state: 'not-ready', reasonCode: expected.reasonCode },
          reconnect,
          random: model.random(),
          },
          { promotionRetry: model.promotionRetry },
        ),
      );
    }
    const startedAt = performance.now();
    for (const s of sessions) s.start();
    const up = await Promise.all(
      sessions.map((s, i) => whenSnapshot(s, onlineOn('a', agentAsBefore(agentOf(i), expectedFor(i)), mode === 'hot'), STARTUP_TIMEOUT_MS)),
    );
    const notUp = up.filter((t) => t === null).length;
    progress(`${mode}/${policy}: ${n - notUp}/${n} online on a in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
    if (notUp > 0) throw new Error(`${notUp} sessions not online on a within ${STARTUP_TIMEOUT_MS} ms`);

    const restored = sessions.map((s, i) => whenSnapshot(s, onlineOn('b', agentAsBefore(agentOf(i), expectedFor(i))), FAILOVER_TIMEOUT_MS));
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    connects.start();
    const { at: crashAt } = await host.request({ op: 'crash', server: 'a' }, 'crashed');
    const done = await Promise.all(restored);
    const observeLeft = crashAt + OBSERVE_MS - epochNow();
    if (observeLeft > 0) await sleep(observeLeft);
    loopDelay.disable();
    const clientConnects = connects.stop().filter((t) => t >= crashAt && t < crashAt + OBSERVE_MS);
    const { accepts } = await host.request({ op: 'accepts' }, 'accepts');
    const { agents: onSwitch } = await host.request({ op: 'agents' }, 'agents');

    // Hot: the lost primary comes back; the whole fleet reconnects to it as its standby. That is
    // where a hot fleet's reconnect burst lands (the backup itself needs no new connection).
    let restart: Record<string, unknown> | null = null;
    if (mode === 'hot') {
      const standbyAgain = sessions.map((s) => whenSnapshot(s, (x) => x.phase === 'online' && x.standby.name === 'a' && x.standby.ready, RESTART_TIMEOUT_MS));
      const { at: restartedAt } = await host.request({ op: 'restart', server: 'a' }, 'restarted');
      const back = (await Promise.all(standbyAgain)).filter((t): t is number => t !== null).map((t) => performance.timeOrigin + t - restartedAt);
      const { accepts: after } = await host.request({ op: 'accepts' }, 'accepts');
      // a was down from the crash until the restart: every accept on it since the crash is a reconnect.
      const onA = after.a.filter((t) => t > crashAt);
      const peakA = peakInWindow(onA, WINDOW_MS);
      restart = {
        standbyReady: back.length,
        allStandbyReadyMs: back.length === n ? Math.round(Math.max(...back)) : null,
        acceptsTotal: onA.length,
        peakPer100ms: peakA,
        peakFraction: Math.round((peakA / n) * 1000) / 1000,
      };
    }

    const times = done.filter((t): t is number => t !== null).map((t) => performance.timeOrigin + t - crashAt);
    const backupAccepts = accepts.b.filter((t) => t >= crashAt && t < crashAt + OBSERVE_MS);
    const peak = peakInWindow(backupAccepts, WINDOW_MS);
    const allOnlineMs = times.length === n ? Math.round(Math.max(...times)) : null;
    const summary = times.length > 0 ? summarize(times) : null;
    const switchAgrees = onSwitch.filter((ag) => {
      const i = Number(ag.id) - 500_000;
      const e = expectedFor(i);
      return ag.state === e.state && (e.state === 'ready' || ag.reasonCode === e.reasonCode);
    }).length;
    return {
      bench: 'fleet',
      mode,
      policy,
      fleet: n,
      promoteDelayMs: a.promoteDelayMs,
      reconnect,
      restored: times.length,
      switchAgrees,
      allOnlineMs,
      ...(summary ? { perSessionP50Ms: summary.p50, perSessionP95Ms: summary.p95 } : {}),
      observeMs: OBSERVE_MS,
      backupAcceptsTotal: backupAccepts.length,
      backupPeakPer100ms: peak,
      backupPeakFraction: Math.round((peak / n) * 1000) / 1000,
      // Accepts on the backup per 100 ms from the crash: where the peak is, and what makes it.
      backupAcceptsPer100ms: histogram(backupAccepts, crashAt, WINDOW_MS, OBSERVE_MS),
      clientConnectsTotal: clientConnects.length,
      clientConnectsPeakPer100ms: peakInWindow(clientConnects, WINDOW_MS),
      ...(restart ? { primaryRestart: restart } : {}),
      eventLoopDelayMaxMs: Math.round(loopDelay.max / 1e6),
      eventLoopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e6),
      goalAllOnlineMs: GOAL_ALL_ONLINE_MS,
      goalPeakPer100ms: GOAL_PEAK_FRACTION * n,
      goalMet: allOnlineMs !== null && allOnlineMs <= GOAL_ALL_ONLINE_MS && peak <= GOAL_PEAK_FRACTION * n,
      ...environment(),
    };
  } finally {
    connects.stop();
    await Promise.all(sessions.map((s) => s.stop()));
    await host.request({ op: 'close' }, 'closed');
  }
}

type ScenarioResult = Awaited<ReturnType<typeof scenario>>;

/**
 * Ours against every peer of the same run: strictly lower peak arrivals (on the backup,
 * and of client connects) and fewer total dials than each, and all back within 1.5× of
 * the fastest policy's time.
 */
function compare(mode: Mode, results: readonly ScenarioResult[]): Record<string, unknown> | null {
  const ours = results.find((r) => r.policy === 'tuned');
  const peers = results.filter((r) => r.policy !== 'tuned');
  if (!ours || peers.length === 0) return null;
  const times = results.map((r) => r.allOnlineMs).filter((t): t is number => t !== null);
  const fastest = times.length > 0 ? Math.min(...times) : null;
  const peakOf = (r: ScenarioResult) => Math.max(r.backupPeakPer100ms, r.clientConnectsPeakPer100ms);
  const beatsPeak = peers.every((p) => peakOf(ours) < peakOf(p));
  const beatsDials = peers.every((p) => ours.clientConnectsTotal < p.clientConnectsTotal);
  const withinTime = fastest !== null && ours.allOnlineMs !== null && ours.allOnlineMs <= 1.5 * fastest;
  return {
    bench: 'fleet-compare',
    mode,
    fleet: ours.fleet,
    promoteDelayMs: ours.promoteDelayMs,
    policies: Object.fromEntries(
      results.map((r) => [r.policy, { allOnlineMs: r.allOnlineMs, perSessionP95Ms: r.perSessionP95Ms ?? null, peakPer100ms: peakOf(r), totalDials: r.clientConnectsTotal }]),
    ),
    fastestAllOnlineMs: fastest,
    beatsEveryPeerOnPeak: beatsPeak,
    beatsEveryPeerOnDials: beatsDials,
    within1_5xOfFastest: withinTime,
    goalMet: beatsPeak && beatsDials && withinTime,
  };
}

/** Counts of `times` per `bucketMs` from `from`, for `spanMs`. */
function histogram(times: readonly number[], from: number, bucketMs: number, spanMs: number): number[] {
  const counts = new Array<number>(Math.ceil(spanMs / bucketMs)).fill(0);
  for (const t of times) {
    const i = Math.floor((t - from) / bucketMs);
    if (i >= 0 && i < counts.length) counts[i] = (counts[i] as number) + 1;
  }
  return counts;
}

async function main(): Promise<void> {
  const a = args();
  const limit = openFilesLimit();
  const need = 2 * a.fleet + 200;
  if (!(limit >= need)) {
    process.stderr.write(`bench/fleet: open files limit ${limit} < ${need} needed for ${a.fleet} sessions; run \`ulimit -n ${need}\` first\n`);
    process.exit(2);
  }
  progress(`fleet ${a.fleet}, firstDelayMaxMs ${a.firstDelayMs} (tuned), defaults otherwise: ${JSON.stringify(DEFAULT_RECONNECT_SETTINGS)}`);
  const host = await SimHost.spawn();
  const connects = connectRecorder();
  try {
    for (const mode of a.modes) {
      const warmup = await scenario(host, { ...a, fleet: Math.min(WARMUP_FLEET, a.fleet) }, mode, 'tuned', connects);
      progress(`${mode} warm-up (${warmup.fleet} sessions, not reported): all online ${warmup.allOnlineMs ?? 'NOT'} ms`);
      const results: ScenarioResult[] = [];
      for (const policy of a.policies) {
        const result = await scenario(host, a, mode, policy, connects);
        results.push(result);
        emitResult(result);
        progress(
          `${mode}/${policy}: restored ${result.restored}/${a.fleet}, all online ${result.allOnlineMs ?? 'NOT'} ms, backup peak ${result.backupPeakPer100ms}/100 ms, client connects ${result.clientConnectsTotal}`,
        );
      }
      const compared = compare(mode, results);
      if (compared) emitResult(compared);
    }
  } finally {
    connects.dispose();
    host.kill();
  }
}

const watchdog = setTimeout(() => {
  process.stderr.write(`bench/fleet: still running after ${RUN_WATCHDOG_MS} ms, giving up\n`);
  process.exit(1);
}, RUN_WATCHDOG_MS);
watchdog.unref();

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench/fleet: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
