// Leak check (issue 9): one HA session in one process through 10,000 CTI-link flaps
// and 1,000 reconnects against the in-process simulator, with heap, RSS, active
// handles and timers, live client sockets, the collections and listeners the
// session holds, and the process's listeners measured before and after. Run with
// --expose-gc (the leak test does: node --expose-gc --import tsx scripts/soak/leak.ts);
// prints one JSON object on stdout (progress on stderr), exit 0 when flat, 1 if not.
//   flat: heap and RSS growth < 5 MB, no handle/timer/socket/listener/collection grew,
//   and after stop every handle of the run is closed.
import { subscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { parseArgs } from 'node:util';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';
import type { ConnectivitySnapshot, HaMode } from '../../app/shared/connectivity.ts';
import { TServerSession } from '../../app/main/tserver/session/index.ts';
import { reconnectSettings } from '../../app/main/tserver/session/reconnect/reconnect-policy.ts';
import { DEMOTION_GRACE_MS } from '../../app/main/tserver/session/hot-standby.ts';
import { startSimulator } from '../../sim/index.ts';
import type { SimServerName } from '../../sim/index.ts';
import { Census, censusGrowth } from './census.ts';
import { collect, gcExposed, resourceCounts, resourceGrowth } from './memory.ts';
import { grown, reach } from './reach.ts';

const BOUND_BYTES = 5 * 1024 * 1024;
const WAIT_MS = 5000;
const WATCHDOG_MS = 180_000;
/** Longer than every grace timer the core arms on a move or close (demotion grace, FIN grace). */
const SETTLE_MS = Math.max(DEMOTION_GRACE_MS, 1000) + 300;

const { values } = parseArgs({
  options: { mode: { type: 'string', default: 'hot' }, flaps: { type: 'string', default: '10000' }, reconnects: { type: 'string', default: '1000' }, blocks: { type: 'string', default: '10' } },
});
const mode = values.mode as HaMode;
if (mode !== 'warm' && mode !== 'hot') throw new Error(`--mode must be warm or hot, not ${String(values.mode)}`);
const FLAPS = Number(values.flaps);
const RECONNECTS = Number(values.reconnects);
for (const [name, n] of [['flaps', FLAPS], ['reconnects', RECONNECTS], ['blocks', Number(values.blocks)]] as const) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, not ${String(values[name])}`);
}
/** The work runs in this many equal blocks of flaps + reconnects, memory sampled after each; one more block warms up. */
const BLOCKS = Number(values.blocks);
const WARMUP_BLOCKS = 2;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const log = (line: string): void => void process.stderr.write(`leak[${mode}]: ${line}\n`);

// Every client socket the process opens, counted in and (once collected) out. A
// FinalizationRegistry, not WeakRefs: deref() would keep each socket alive for the
// rest of the job, which in an await loop is the leak the check looks for.
let socketsOpened = 0;
let socketsCollected = 0;
const socketRegistry = new FinalizationRegistry<null>(() => {
  socketsCollected++;
});
/** LEAK_SELFTEST=1: keep every client socket (and so its connection) — the check must then fail. */
const planted: Socket[] = [];
const onClientSocket = (message: unknown): void => {
  socketsOpened++;
  socketRegistry.register((message as { socket: Socket }).socket, null);
  if (process.env.LEAK_SELFTEST === '1') planted.push((message as { socket: Socket }).socket);
};
/** Client sockets not collected yet (after a GC and a turn for the finalizers). */
const aliveClientSockets = (): number => socketsOpened - socketsCollected;

function processListeners(): Map<string, number> {
  return new Map(process.eventNames().map((e) => [String(e), process.listenerCount(e)]));
}

/** Instances that must be exactly as many after as before: the core's and Node's per-connection objects. */
const MUST_NOT_GROW = new Set(
  ['TServerConnection', 'Leg', 'DialScheduler', 'AddpMonitor', 'FrameDecoder', 'PendingRequests', 'Outbox', 'TServerError', 'ClientConnection', 'Socket', 'TCP', 'Timeout', 'AbortController', 'AbortSignal', 'Promise'].map((n) => `obj:${n}`),
);
/**
 * Any other kind of object or closure may not grow by this many: a leak of one per
 * flap (10,000) or per reconnect (1,000) is far above it, the census's own noise
 * (generic Objects and Arrays of the inspector and the run) far below.
 */
const ANY_KIND_BOUND = 100;

/** Used bytes per V8 heap space (code_space growth is JIT code, not the session's objects). */
function heapSpaces(): Record<string, number> {
  return Object.fromEntries(getHeapSpaceStatistics().map((sp) => [sp.space_name, sp.space_used_size]));
}

interface Measure {
  census: Map<string, number>;
  spaces: Record<string, number>;
  heapUsed: number;
  rss: number;
  resources: Record<string, number>;
  clientSockets: number;
  reach: ReturnType<typeof reach>;
  processListeners: Map<string, number>;
}

async function main(): Promise<number> {
  if (!gcExposed) throw new Error('run with --expose-gc: without it the heap numbers include garbage');
  const resourcesAtStart = resourceCounts();
  subscribe('net.client.socket', onClientSocket);
  const sim = await startSimulator({ mode, a: { port: 0 }, b: { port: 0 }, control: false });
  const session = new TServerSession({
    mode,
    endpoints: (['a', 'b'] as const).map((name) => ({ name, host: sim.servers[name].host, port: sim.servers[name].port })),
    applicationName: 'leak-check',
    addpTimeoutMs: 1000,
    addpRemoteTimeoutMs: 1000,
    requestTimeoutMs: 2000,
    dn: '5001',
    agentId: '1001',
    initialAgentState: { state: 'ready' },
    // Reconnect at once: the check is about what each reconnect leaves behind, not about pacing.
    reconnect: reconnectSettings({ initialDelayMs: 1, maxDelayMs: 5, firstDelayMaxMs: 0, connectTimeoutMs: 1000, minConnectTimeoutMs: 100, healthySessionMs: 0 }),
  });
  let latest: ConnectivitySnapshot = session.snapshot();
  const waiters = new Set<() => void>();
  session.onSnapshot((s) => {
    latest = s;
    for (const w of [...waiters]) w();
  });
  let lost = 0;
  session.onEvent((e) => {
    if (e.event === 'EventServerDisconnected') lost++;
  });
  const until = (what: string, ok: (s: ConnectivitySnapshot) => boolean): Promise<void> =>
    new Promise((resolve, reject) => {
      if (ok(latest)) return resolve();
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no snapshot "${what}" within ${WAIT_MS} ms; last: ${JSON.stringify(latest)}`));
      }, WAIT_MS);
      const check = (): void => {
        if (!ok(latest)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
    });
  const primary = (): SimServerName => (sim.servers.a.role === 'primary' ? 'a' : 'b');
  const settledOnline = (s: ConnectivitySnapshot): boolean =>
    s.phase === 'online' && s.server?.name === primary() && s.agent.confidence === 'current' && s.agent.pending === null && (mode === 'warm' || s.standby.ready);

  let agentToggle = false;
  let flapsDone = 0;
  let reconnectsDone = 0;
  async function flaps(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const active = latest.server?.name === 'b' ? 'b' : 'a';
      sim.setLink(active, { up: false, errorCode: 109, errorMessage: `flap ${i}` });
      await until('link down', (s) => s.phase === 'link-down');
      sim.setLink(active, { up: true });
      // The standby's link flaps too (hot: every leg tracks its own link).
      if (mode === 'hot' && i % 10 === 0) {
        const other = active === 'a' ? 'b' : 'a';
        sim.setLink(other, { up: false });
        sim.setLink(other, { up: true });
      }
      await until('online after the link came back', settledOnline);
      flapsDone++;
      if (i % 20 === 0) {
        agentToggle = !agentToggle;
        await (agentToggle ? session.agentNotReady('7') : session.agentReady());
      }
    }
  }

  async function reconnects(n: number): Promise<void> {
    for (let i = 0; i < n; i++) {
      const before = lost;
      const p = primary();
      // Garbage costs the session its connection (protocol error); a restart also moves the primary.
      // Warm only restarts: after garbage the primary stays primary and the session first re-asks
      // the refusing backup for a few seconds (58, "being promoted"), which would make 500
      // reconnects take half an hour (docs/PERFORMANCE.md, "Soak and leak").
      if (mode === 'hot' && i % 2 === 0) sim.garbage(p);
      else await sim.restart(p);
      await until('connection lost', () => lost > before);
      await until('back online', settledOnline);
      reconnectsDone++;
    }
  }

  async function measure(label: string): Promise<Measure> {
    await until('settled', settledOnline);
    await sleep(SETTLE_MS);
    await until('settled', settledOnline);
    collect();
    await sleep(20); // the finalizers of what was collected run on a later turn
    collect();
    const clientSockets = aliveClientSockets();
    const m = process.memoryUsage();
    const counted = { spaces: heapSpaces(), heapUsed: m.heapUsed, rss: m.rss, resources: resourceCounts(), clientSockets, reach: reach(session), processListeners: processListeners() };
    const out: Measure = { ...counted, census: await census.count() };
    log(`${label}: heap ${(out.heapUsed / 1048576).toFixed(2)} MB (total ${(m.heapTotal / 1048576).toFixed(1)}, external ${(m.external / 1048576).toFixed(1)}, array buffers ${(m.arrayBuffers / 1048576).toFixed(1)}), rss ${(out.rss / 1048576).toFixed(1)} MB, client sockets ${out.clientSockets}, resources ${JSON.stringify(out.resources)}, reach ${out.reach.nodes} nodes, census ${out.census.size} kinds`);
    if (process.env.LEAK_DEBUG) log(`collections ${JSON.stringify([...out.reach.collections])} listeners ${JSON.stringify([...out.reach.listeners])}`);
    return out;
  }

  const census = new Census();
  const t0 = performance.now();
  // Whatever goes wrong, the check ends: a wait that never ends would hold the test for ever.
  const watchdog = setTimeout(() => {
    process.stderr.write(`leak check: no result within ${WATCHDOG_MS} ms; last snapshot ${JSON.stringify(latest)}\n`);
    process.exit(1);
  }, WATCHDOG_MS);
  watchdog.unref();
  session.start();
  await until('online', settledOnline);
  // Warm-up: two blocks, so JIT, pools, V8's heap sizing and malloc's arenas reach their
  // working size first (RSS settles after the second block, see docs/PERFORMANCE.md).
  for (let b = 0; b < WARMUP_BLOCKS; b++) {
    await flaps(Math.ceil(FLAPS / BLOCKS));
    await reconnects(Math.ceil(RECONNECTS / BLOCKS));
  }
  const before = await measure('before');
  const blocks: Array<{ rss: number; heapUsed: number }> = [];
  let flapsMs = 0;
  let reconnectsMs = 0;
  const lostBefore = lost;
  const [flapsBefore, reconnectsBefore] = [flapsDone, reconnectsDone];
  for (let b = 0; b < BLOCKS; b++) {
    const tf = performance.now();
    await flaps(Math.round(((b + 1) * FLAPS) / BLOCKS) - Math.round((b * FLAPS) / BLOCKS));
    const tr = performance.now();
    await reconnects(Math.round(((b + 1) * RECONNECTS) / BLOCKS) - Math.round((b * RECONNECTS) / BLOCKS));
    flapsMs += tr - tf;
    reconnectsMs += performance.now() - tr;
    collect();
    const m = process.memoryUsage();
    blocks.push({ rss: m.rss, heapUsed: m.heapUsed });
    // Diagnosis of a failed check: heap snapshots after the first and the last block, to diff in DevTools.
    if (process.env.LEAK_SNAPSHOTS && (b === 0 || b === BLOCKS - 1)) log(`heap snapshot ${writeHeapSnapshot(`${process.env.LEAK_SNAPSHOTS}/leak-${mode}-block${b + 1}.heapsnapshot`)}`);
  }
  const after = await measure('after');
  await session.stop();
  await sim.close();
  census.close();
  await sleep(200);
  collect();
  const resourcesAtEnd = resourceCounts();
  const result = {
    check: 'leak',
    mode,
    flaps: FLAPS,
    reconnects: RECONNECTS,
    flapsDone: flapsDone - flapsBefore,
    reconnectsDone: reconnectsDone - reconnectsBefore,
    connectionsLost: lost - lostBefore,
    flapsMs: Math.round(flapsMs),
    reconnectsMs: Math.round(reconnectsMs),
    totalMs: Math.round(performance.now() - t0),
    blocksMb: blocks.map((b) => ({ rss: +(b.rss / 1048576).toFixed(1), heap: +(b.heapUsed / 1048576).toFixed(2) })),
    heapBefore: before.heapUsed,
    heapAfter: after.heapUsed,
    heapGrowthBytes: after.heapUsed - before.heapUsed,
    heapSpaceGrowth: Object.fromEntries(Object.keys(after.spaces).map((k) => [k, (after.spaces[k] ?? 0) - (before.spaces[k] ?? 0)])),
    rssBefore: before.rss,
    rssAfter: after.rss,
    rssGrowthBytes: after.rss - before.rss,
    boundBytes: BOUND_BYTES,
    resourcesBefore: before.resources,
    resourcesAfter: after.resources,
    resourcesGrown: resourceGrowth(before.resources, after.resources),
    clientSocketsBefore: before.clientSockets,
    clientSocketsAfter: after.clientSockets,
    instancesGrown: censusGrowth(before.census, after.census, MUST_NOT_GROW),
    kindsGrownBeyondBound: censusGrowth(before.census, after.census).filter((line) => {
      const [, from, to] = /(\d+) → (\d+)$/.exec(line) ?? [];
      return Number(to) - Number(from) >= ANY_KIND_BOUND;
    }),
    topGrowth: censusGrowth(before.census, after.census).slice(0, 8),
    collectionsGrown: grown(before.reach.collections, after.reach.collections),
    socketListenersGrown: grown(before.reach.listeners, after.reach.listeners),
    processListenersGrown: grown(before.processListeners, after.processListeners),
    reachNodes: [before.reach.nodes, after.reach.nodes],
    reachTruncated: before.reach.truncated || after.reach.truncated,
    leakedAfterStop: resourceGrowth(resourcesAtStart, resourcesAtEnd),
  };
  const flat =
    // The work was done (a check that measured nothing must not pass).
    result.flapsDone === FLAPS &&
    result.reconnectsDone === RECONNECTS &&
    result.connectionsLost >= RECONNECTS &&
    result.heapGrowthBytes < BOUND_BYTES &&
    result.rssGrowthBytes < BOUND_BYTES &&
    result.resourcesGrown.length === 0 &&
    result.clientSocketsAfter <= result.clientSocketsBefore &&
    result.instancesGrown.length === 0 &&
    result.kindsGrownBeyondBound.length === 0 &&
    result.collectionsGrown.length === 0 &&
    result.socketListenersGrown.length === 0 &&
    result.processListenersGrown.length === 0 &&
    !result.reachTruncated &&
    result.leakedAfterStop.length === 0;
  process.stdout.write(`${JSON.stringify({ ...result, flat })}\n`);
  return flat ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`leak check failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    // The session and the simulator may still be open: do not wait for them.
    process.exit(1);
  },
);
