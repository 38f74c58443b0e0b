// The soak run (docs/PERFORMANCE.md "Soak and leak"): one HA session in this
// process against the simulator pair in a child process, faults through the
// simulator's HTTP control API on a seeded schedule (schedule.ts), invariants
// checked on every snapshot and every 100 ms (invariants.ts), an audit after every
// heal (audit.ts), the agent's intent tracked (intent.ts, agent.ts), memory and
// handles sampled (memory.ts). Returns the summary; cli.ts prints it.
import type { ConnectivitySnapshot, Phase } from '../../app/shared/connectivity.ts';
import { TServerSession } from '../../app/main/tserver/session/index.ts';
import type { SessionOptions } from '../../app/main/tserver/session/index.ts';
import { DEFAULT_RECONNECT_SETTINGS, DIAL_WATCHDOG_GRACE_MS, maxWaitMs } from '../../app/main/tserver/session/reconnect/reconnect-policy.ts';
import { silenceGraceMs } from '../../app/main/tserver/connection/addp.ts';
import { SoakAgent } from './agent.ts';
import type { SoakArgs } from './args.ts';
import { Auditor } from './audit.ts';
import type { AuditResult } from './audit.ts';
import { ControlRefused, SimControl } from './control.ts';
import { IntentOracle } from './intent.ts';
import { FaultBook, SentChecks, SnapshotChecks, Starvation } from './invariants.ts';
import { MemorySampler, collect, gcExposed, growthOf, resourceCounts, resourceGrowth } from './memory.ts';
import type { Growth } from './memory.ts';
import { Recorder, describeSnapshot } from './recorder.ts';
import type { Violation } from './recorder.ts';
import { Rng } from './rng.ts';
import { Schedule, describeStep, isFault } from './schedule.ts';
import type { Episode, FaultStep, SwitchChange } from './schedule.ts';
import { startSimHost } from './sim-host-client.ts';

const DN = '5001';
const AGENT = '1001';
const TICK_MS = 100;
/** Detection slack over 2 × ADDP: timer lateness on a loaded 2-core machine. */
const DETECTION_SLACK_MS = 500;
const RECOVERY_SLO_MS = 5000;
/** Heap retained after GC may not grow more than this over a run (the leak check's bound). */
export const HEAP_GROWTH_BOUND = 5 * 1024 * 1024;
/**
 * RSS may not grow more than this: RSS also holds what V8 and malloc keep after a
 * collection (free heap pages, arenas), which moves by several MB between samples
 * without any leak; a leak of the session (sockets, buffers, listeners) shows in
 * the heap first. Chosen from the recorded runs (docs/PERFORMANCE.md).
 */
export const RSS_GROWTH_BOUND = 32 * 1024 * 1024;
/** Phases in which the session cannot hear the switch (for the "changed while away" watch). */
const DEAF: ReadonlySet<Phase> = new Set<Phase>(['connecting', 'link-down', 'reconnecting', 'offline']);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const mb = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);

export interface SoakResult {
  args: SoakArgs;
  lines: string[];
  faults: number;
  recoveries: number;
  violations: number;
  detail: {
    detectionBoundMs: number;
    recoveryBoundMs: number;
    recoverySloMs: number;
    episodes: number;
    faultsByKind: Record<string, number>;
    refusedBySimulator: number;
    recoveryMs: number[];
    settledMs: number[];
    agent: SoakAgent['outcomes'] & { skipped: number; refusedCodes: Record<string, number> };
    memory: { gcExposed: boolean; rss: Growth; heap: Growth; samples: number; intervalMs: number };
    violationsByKind: Record<string, number>;
    violations: Violation[];
    /** Recoveries past the SLO, with context. */
    notes: Violation[];
  };
}

export async function runSoak(args: SoakArgs, print: (line: string) => void): Promise<SoakResult> {
  const now = (): number => performance.now();
  const startedAt = now();
  const runMs = args.minutes * 60_000;
  const detectionBoundMs = 2 * args.addpMs + DETECTION_SLACK_MS;
  const reconnect = { ...DEFAULT_RECONNECT_SETTINGS };
  const connectBound = Math.max(reconnect.connectTimeoutMs, reconnect.minConnectTimeoutMs);
  // An attempt in flight at the heal may still fail (connect bound + the loop's watchdog grace),
  // the next starts within the longest wait and must succeed within the connect bound; ADDP may
  // first have to drop a connection to a server that was hung (2 × ADDP); 1 s of slack.
  const recoveryBoundMs = connectBound + DIAL_WATCHDOG_GRACE_MS + maxWaitMs(reconnect) + connectBound + 2 * args.addpMs + 1000;
  const rec = new Recorder(startedAt, now, print);

  // ---------- process-level invariants ----------
  const resourcesAtStart = resourceCounts();
  const onRejection = (reason: unknown): void => rec.violation('unhandled-rejection', reason instanceof Error ? (reason.stack ?? reason.message) : String(reason));
  const onException = (err: Error): void => rec.violation('uncaught-exception', err.stack ?? err.message);
  const warnings = new Map<string, number>();
  const onWarning = (w: Error): void => {
    warnings.set(w.name, (warnings.get(w.name) ?? 0) + 1);
    if (w.name === 'MaxListenersExceededWarning') rec.violation('listener-leak', w.message);
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  process.on('warning', onWarning);

  const host = await startSimHost({ mode: args.mode, promoteDelayMs: args.promoteDelayMs, logoutOnDisconnectMs: args.logoutOnDisconnectMs, dn: DN, agentId: AGENT });
  host.onUnexpectedExit((code) => rec.violation('simulator-exited', `the simulator child exited with ${String(code)} during the run`));
  const control = new SimControl(host.controlUrl);
  const book = new FaultBook(now());
  book.update(await control.state(), now());
  const oracle = new IntentOracle({ state: 'ready', reasonCode: null });
  const starved = new Starvation(now(), TICK_MS);
  const checks = new SnapshotChecks(rec, book, detectionBoundMs, args.mode === 'hot', starved);
  const sent = new SentChecks(rec);
  host.onSent((f) => sent.onSent(f));
  let lastForcedLogoutAt = Number.NEGATIVE_INFINITY;
  let switchOwnLogouts = 0;
  let lastAgentState = '';
  host.onAgent((change) => {
    // Logged out with no forced logout just made: the switch's own (logout on disconnect).
    if (change.state === 'logged-out' && lastAgentState !== '' && lastAgentState !== 'logged-out' && now() - lastForcedLogoutAt > 1000) {
      switchOwnLogouts++;
      oracle.switchLostLogin();
      rec.step('switch logged the agent out by itself (nobody had the DN registered)');
    }
    lastAgentState = change.state;
  });

  // ---------- the session under test ----------
  const sessionRandom = new Rng(args.seed, 'session');
  const warns = new Map<string, number>();
  const options: SessionOptions = {
    mode: args.mode,
    endpoints: (['a', 'b'] as const).map((name) => ({ name, host: '127.0.0.1', port: host.ports[name] })),
    applicationName: 'soak',
    addpTimeoutMs: args.addpMs,
    addpRemoteTimeoutMs: args.addpMs,
    dn: DN,
    agentId: AGENT,
    initialAgentState: { state: 'ready' },
    reconnect,
    logger: {
      info: (f, m) => rec.logger.info(f, m),
      warn: (f, m) => {
        warns.set(m, (warns.get(m) ?? 0) + 1);
        rec.logger.warn(f, m);
      },
    },
    random: () => sessionRandom.float(),
  };
  const session = new TServerSession(options, { onListenerError: (what, err) => rec.violation('listener-error', `${what}: ${String(err)}`) });
  const agent = new SoakAgent(session, oracle, rec, AGENT);
  const wakers = new Set<() => void>();
  // "Changed while away": after-call work the session could not hear must be reported when it hears again.
  let awayWatch: { acted: number; episode: number } | null = null;
  session.onSnapshot((s: ConnectivitySnapshot) => {
    rec.snapshot(s);
    checks.onSnapshot(s, now());
    if (awayWatch && s.phase === 'online' && s.agent.confidence === 'current') {
      if (agent.acted === awayWatch.acted && s.agent.state === 'acw' && s.agent.changedWhileAway === null) {
        rec.violation('change-while-away-not-reported', `after-call work set on the switch while the session could not hear it (episode ${awayWatch.episode}); heard again, the snapshot does not say it changed: ${describeSnapshot(s)}`);
      }
      awayWatch = null;
    }
    for (const w of [...wakers]) w();
  });
  const ticker = setInterval(() => {
    starved.tick(now());
    checks.check(session.snapshot(), now());
  }, TICK_MS);
  const memory = new MemorySampler(() => now() - startedAt, Math.min(10_000, Math.max(2000, args.minutes * 1000)));

  const auditor = new Auditor({
    mode: args.mode,
    agentId: AGENT,
    dn: DN,
    session,
    control,
    book,
    oracle,
    agent,
    rec,
    now,
    recoveryBoundMs,
    starvedSince: (t) => starved.since(t),
    onSnapshot: (l) => {
      wakers.add(l);
      return () => wakers.delete(l);
    },
    switchMoved: (kind: SwitchChange['kind']) => {
      if (kind === 'forced-logout') lastForcedLogoutAt = now();
      awayWatch = null;
    },
  });

  const faultsByKind: Record<string, number> = {};
  let faults = 0;
  let refused = 0;

  async function apply(step: FaultStep): Promise<void> {
    const text = describeStep(step);
    const call = (): Promise<Awaited<ReturnType<SimControl['state']>>> => {
      switch (step.kind) {
        case 'link-down':
          return control.link(step.server, false, step.message);
        case 'link-up':
          return control.link(step.server, true);
        case 'refuse':
          return control.refuse(step.server, step.on);
        case 'slow-handshake':
          return control.slowHandshake(step.server, step.delayMs);
        case 'switchover':
          return control.switchover();
        case 'acw':
          return control.agentState(AGENT, { state: 'acw' });
        default:
          return control.server(step.server, step.kind);
      }
    };
    try {
      if (step.kind === 'acw') {
        // Never overlapping a request: the oracle must know which the switch saw last.
        await agent.exclusive(async () => {
          const before = session.snapshot();
          book.update(await call(), now());
          const after = session.snapshot();
          oracle.switchMoved({ state: 'acw', reasonCode: null }, 'acw');
          awayWatch = DEAF.has(before.phase) && DEAF.has(after.phase) && before.agent.state !== 'acw' ? { acted: agent.acted, episode: rec.episode } : null;
          rec.step(`acw${awayWatch ? ' (session deaf)' : ''}`, args.verbose);
        });
      } else if (step.kind === 'link-down' || step.kind === 'link-up') {
        book.linkCall(step.server, 1);
        try {
          book.update(await call(), now());
        } finally {
          book.linkCall(step.server, -1);
        }
        rec.step(text, args.verbose);
      } else {
        book.update(await call(), now());
        rec.step(text, args.verbose);
      }
    } catch (err) {
      if (!(err instanceof ControlRefused)) throw err;
      refused++;
      rec.step(`${text}: refused by the simulator (${err.message})`, args.verbose);
      return;
    }
    if (isFault(step)) {
      faults++;
      faultsByKind[step.kind] = (faultsByKind[step.kind] ?? 0) + 1;
    }
  }

  async function runEpisode(ep: Episode, durationMs: number): Promise<void> {
    const t0 = now();
    const steps = ep.steps.filter((s) => s.at < durationMs);
    rec.step(`episode ${ep.index}: ${Math.round(durationMs)} ms, ${steps.map((s) => `${(s.at / 1000).toFixed(1)}s ${describeStep(s.step)}`).join('; ') || 'no faults'}`, true);
    const faultsDone = (async () => {
      for (const s of steps) {
        await sleep(t0 + s.at - now());
        await apply(s.step);
      }
    })();
    const clicks = (async () => {
      for (const c of ep.agent) {
        if (c.at >= durationMs) break;
        await sleep(t0 + c.at - now());
        void agent.act(c.kind, c.reasonCode);
      }
    })();
    await Promise.all([faultsDone, clicks]);
    await sleep(t0 + durationMs - now());
  }

  const recoveryMs: number[] = [];
  const settledMs: number[] = [];
  const slow: Array<{ episode: number; ms: number }> = [];
  let recoveries = 0;
  let episodes = 0;
  let alreadyOnline = 0;
  const note = (r: AuditResult, episode: number): void => {
    if (r.recoveryMs !== null) recoveries++;
    // Timed only when the heal found the session not yet back (else it recovered during the episode).
    if (r.already) alreadyOnline++;
    else if (r.recoveryMs !== null) {
      recoveryMs.push(r.recoveryMs);
      if (r.recoveryMs > RECOVERY_SLO_MS) {
        slow.push({ episode, ms: r.recoveryMs });
        rec.note('recovery-over-slo', `back ${Math.round(r.recoveryMs)} ms after the heal (SLO ${RECOVERY_SLO_MS} ms)`);
      }
    }
    if (r.settledMs !== null) settledMs.push(r.settledMs);
    rec.step(`audit: recovery ${r.recoveryMs === null ? 'none' : `${Math.round(r.recoveryMs)} ms`}, settled ${r.settledMs === null ? 'no' : `${Math.round(r.settledMs)} ms`}`, true);
  };

  // ---------- the run ----------
  memory.start();
  const sessionStartedAt = now();
  session.start();
  const startup = await auditor.audit(sessionStartedAt);
  rec.step(`startup: online in ${startup.recoveryMs === null ? '—' : Math.round(startup.recoveryMs)} ms`, true);
  const schedule = new Schedule(args.seed);
  try {
    while (now() - startedAt < runMs) {
      const ep = schedule.next();
      episodes++;
      rec.episode = ep.index;
      // The last episode is cut to the time left (at least 3 s), so a run lasts about what was asked.
      const durationMs = Math.min(ep.durationMs, Math.max(3000, runMs - (now() - startedAt)));
      await runEpisode(ep, durationMs);
      const healedAt = await auditor.heal();
      note(await auditor.audit(healedAt), ep.index);
      await auditor.steady(ep.steady.change, ep.steady.agent);
    }
  } finally {
    clearInterval(ticker);
    await agent.idle();
    await session.stop();
    memory.sample();
    memory.stop();
    await host.close();
  }
  // Every handle and timer the run opened is closed again.
  await sleep(200);
  collect();
  const leaked = resourceGrowth(resourcesAtStart, resourceCounts());
  if (leaked.length > 0) rec.violation('leaked-handles', `after stop: ${leaked.join(', ')}`);
  const warmupMs = Math.max(15_000, runMs * 0.1);
  const rss = growthOf(memory.samples, 'rss', warmupMs);
  const heap = growthOf(memory.samples, 'heapUsed', warmupMs);
  if (!gcExposed) rec.step('heap measured without --expose-gc: includes garbage', true);
  else if (heap.growthBytes > HEAP_GROWTH_BOUND) rec.violation('heap-growth', `heap after GC grew ${mb(heap.growthBytes)} MB (bound ${mb(HEAP_GROWTH_BOUND)} MB), slope ${mb(heap.slopePerMin)} MB/min`);
  if (rss.growthBytes > RSS_GROWTH_BOUND) rec.violation('rss-growth', `RSS grew ${mb(rss.growthBytes)} MB (bound ${mb(RSS_GROWTH_BOUND)} MB), slope ${mb(rss.slopePerMin)} MB/min`);
  process.off('unhandledRejection', onRejection);
  process.off('uncaughtException', onException);
  process.off('warning', onWarning);

  // ---------- summary ----------
  const sorted = [...recoveryMs].sort((a, b) => a - b);
  const pct = (xs: number[], p: number): string => (xs.length === 0 ? '—' : `${Math.round(xs[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)] as number)} ms`);
  const settledSorted = [...settledMs].sort((a, b) => a - b);
  const loop = memory.eventLoopDelay();
  const counts = (m: Map<string, number> | Record<string, number>): string =>
    (m instanceof Map ? [...m.entries()] : Object.entries(m)).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
  const lines = [
    `soak: mode=${args.mode} seed=${args.seed} minutes=${args.minutes} ran=${((now() - startedAt) / 60_000).toFixed(2)} min addp=${args.addpMs} ms promote-delay=${args.promoteDelayMs} ms logout-on-disconnect=${args.logoutOnDisconnectMs} ms`,
    `bounds: detection ${detectionBoundMs} ms (2 × ADDP + ${DETECTION_SLACK_MS}; checking after ${args.addpMs + silenceGraceMs(args.addpMs)} ms is allowed), recovery SLO ${RECOVERY_SLO_MS} ms p95 (reported), recovery violation past ${recoveryBoundMs} ms`,
    `episodes: ${episodes}; fault steps applied ${faults} (${counts(faultsByKind)}); refused by the simulator ${refused}`,
    `recovery after heal (online on the primary, agent current; ${alreadyOnline} heals found it back already): n=${sorted.length} p50 ${pct(sorted, 50)}, p95 ${pct(sorted, 95)}, max ${pct(sorted, 100)}; over the ${RECOVERY_SLO_MS} ms SLO: ${slow.length}${slow.length > 0 ? ` (${slow.map((x) => `ep${x.episode} ${Math.round(x.ms)} ms`).join(', ')})` : ''}`,
    `settled after heal (${args.mode === 'hot' ? 'standby ready, ' : ''}registrations, agent = intent = snapshot): n=${settledSorted.length} p50 ${pct(settledSorted, 50)}, p95 ${pct(settledSorted, 95)}, max ${pct(settledSorted, 100)}`,
    `startup: online in ${startup.recoveryMs === null ? '—' : `${Math.round(startup.recoveryMs)} ms`}`,
    `agent requests: done ${agent.outcomes.done}, unknown ${agent.outcomes.unknown}, refused ${agent.outcomes.refused} (${counts(agent.refusedCodes)}), not connected ${agent.outcomes['not-connected']}, skipped (one in flight) ${agent.skipped}; logins by the session ${sent.logins}; switch's own logouts ${switchOwnLogouts}`,
    `simulator: sessions opened a ${sent.opens.a} / b ${sent.opens.b}, DN registrations a ${sent.registered.a} / b ${sent.registered.b}, errors sent ${counts(new Map([...sent.errors.entries()].map(([k, n]) => [String(k), n])))}`,
    `snapshots: ${checks.checked} checks (every snapshot and every ${TICK_MS} ms); longest online on a crashed/hung server ${Math.round(checks.maxOnlineAfterDeathMs)} ms; session warnings ${counts(warns)}; process warnings ${counts(warnings)}`,
    `memory (${memory.samples.length} samples every ${Math.round(memory.samples.length > 1 ? (memory.samples.at(-1)!.t - memory.samples[0]!.t) / (memory.samples.length - 1) : 0)} ms, ${gcExposed ? 'heap after GC' : 'no --expose-gc'}): rss ${mb(rss.first)} → ${mb(rss.last)} MB (max ${mb(rss.max)}, growth ${mb(rss.growthBytes)}, slope ${mb(rss.slopePerMin)} MB/min); heap ${mb(heap.first)} → ${mb(heap.last)} MB (growth ${mb(heap.growthBytes)}, slope ${mb(heap.slopePerMin)} MB/min)`,
    `handles after stop: ${leaked.length === 0 ? 'none leaked' : leaked.join(', ')}; event loop delay p99 ${loop.p99Ms.toFixed(1)} ms, max ${loop.maxMs.toFixed(1)} ms; starved ${Math.round(starved.totalMs)} ms in all (added to the detection bounds it overlapped)`,
    `violations by kind: ${counts(rec.counts)}`,
    `faults: ${faults}, recoveries: ${recoveries}, violations: ${rec.total}`,
  ];
  return {
    args,
    lines,
    faults,
    recoveries,
    violations: rec.total,
    detail: {
      detectionBoundMs,
      recoveryBoundMs,
      recoverySloMs: RECOVERY_SLO_MS,
      episodes,
      faultsByKind,
      refusedBySimulator: refused,
      recoveryMs,
      settledMs,
      agent: { ...agent.outcomes, skipped: agent.skipped, refusedCodes: Object.fromEntries(agent.refusedCodes) },
      memory: { gcExposed, rss, heap, samples: memory.samples.length, intervalMs: Math.min(10_000, Math.max(2000, args.minutes * 1000)) },
      violationsByKind: Object.fromEntries(rec.counts),
      violations: rec.violations,
      notes: rec.notes,
    },
  };
}
