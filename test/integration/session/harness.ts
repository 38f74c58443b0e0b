// Session against the simulator over loopback TCP: small timeouts so a suite
// of failovers stays fast, and bounded waits on snapshot/event predicates.
import { startSimulator } from '../../../sim/index.ts';
import type { Simulator, SimulatorOptions, SimServerName } from '../../../sim/index.ts';
import type { ConnectivitySnapshot, TimelineEvent } from '../../../app/shared/connectivity.ts';
import { TServerSession } from '../../../app/main/tserver/session/index.ts';
import type { SessionOptions } from '../../../app/main/tserver/session/index.ts';
import type { TMessage } from '../../../app/main/tserver/protocol/index.ts';
import { startDroppingProxy } from '../../support/dropping-proxy.ts';
import type { DroppingProxy } from '../../support/dropping-proxy.ts';

export const FAST_RECONNECT = {
  initialDelayMs: 50,
  multiplier: 1.6,
  maxDelayMs: 200,
  firstDelayMaxMs: 20,
  connectTimeoutMs: 500,
  minConnectTimeoutMs: 100,
  // Tests crash servers moments after they came up: every loss counts as after a healthy session.
  healthySessionMs: 0,
} as const;

export interface Rig {
  sim: Simulator;
  session: TServerSession;
  snapshots: ConnectivitySnapshot[];
  events: TimelineEvent[];
  /** Every frame the simulator wrote, with the server that wrote it. */
  sent: Array<{ server: SimServerName; message: TMessage; t: number }>;
  /** Listener errors the session reported. */
  listenerErrors: string[];
  /** Resolves with the first snapshot (the current one included) that matches; rejects after `ms`. */
  waitFor(match: (s: ConnectivitySnapshot) => boolean, label: string, ms?: number): Promise<ConnectivitySnapshot>;
  /** Resolves with the first event (from index `from` on) that matches; rejects after `ms`. */
  waitForEvent(match: (e: TimelineEvent) => boolean, label: string, ms?: number, from?: number): Promise<TimelineEvent>;
  /** The network to each server, when the rig was asked for one (`via`): drop() makes it vanish. */
  networks: Partial<Record<SimServerName, DroppingProxy>>;
  /** Sessions the simulator opened on a server (distinct SessionIDs it sent). */
  opens(server: SimServerName): number;
  close(): Promise<void>;
}

const rigs: Rig[] = [];

/** For afterEach: stops every session and simulator made by the test. */
export async function closeRigs(): Promise<void> {
  await Promise.all(rigs.splice(0).map((r) => r.close()));
}

export const describeSnapshot = (s: ConnectivitySnapshot): string =>
  `#${s.seq} ${s.phase} server=${s.server ? `${s.server.name}/${s.server.role}` : '-'} link=${s.link} standby=${s.standby.name}:${s.standby.ready} attempt=${s.attempt} agent=${s.agent.state}${s.agent.reasonCode ? `(${s.agent.reasonCode})` : ''} err=${s.lastError ? `${s.lastError.code} ${s.lastError.message}` : '-'}`;

/** `have` when it matches, else the first later item the waiters see that does; rejects with `failure()` after `ms`. */
function firstMatch<T>(waiters: Set<(item: T) => void>, have: T | undefined, match: (item: T) => boolean, ms: number, failure: () => string): Promise<T> {
  return new Promise((resolve, reject) => {
    if (have !== undefined && match(have)) return resolve(have);
    const timer = setTimeout(() => {
      waiters.delete(check);
      reject(new Error(failure()));
    }, ms);
    const check = (item: T): void => {
      if (!match(item)) return;
      clearTimeout(timer);
      waiters.delete(check);
      resolve(item);
    };
    waiters.add(check);
  });
}

/**
 * `servers`: the endpoints the session is configured with (default both, primary first);
 * `via`: the servers reached through a dropping proxy (a network that can vanish).
 */
export async function rig(
  simOptions: SimulatorOptions,
  sessionOptions: Partial<SessionOptions> = {},
  servers: SimServerName[] = ['a', 'b'],
  via: SimServerName[] = [],
): Promise<Rig> {
  const sim = await startSimulator({ a: { port: 0 }, b: { port: 0 }, control: false, ...simOptions });
  const networks: Rig['networks'] = {};
  for (const name of via) networks[name] = await startDroppingProxy(sim.servers[name]);
  const sent: Rig['sent'] = [];
  sim.onSend((server, message, t) => sent.push({ server, message, t }));
  const options: SessionOptions = {
    mode: simOptions.mode ?? 'hot',
    endpoints: servers.map((name) => ({ name, host: '127.0.0.1', port: networks[name]?.port ?? sim.servers[name].port })),
    applicationName: 'session-test',
    addpTimeoutMs: 300,
    addpRemoteTimeoutMs: 0,
    requestTimeoutMs: 1000,
    dn: '5001',
    agentId: '1001',
    initialAgentState: { state: 'ready' },
    reconnect: { ...FAST_RECONNECT },
    ...sessionOptions,
  };
  const listenerErrors: string[] = [];
  const session = new TServerSession(options, { onListenerError: (what, err) => listenerErrors.push(`${what}: ${String(err)}`) });
  const snapshots: ConnectivitySnapshot[] = [];
  const events: TimelineEvent[] = [];
  const snapshotWaiters = new Set<(s: ConnectivitySnapshot) => void>();
  const eventWaiters = new Set<(e: TimelineEvent) => void>();
  session.onSnapshot((s) => {
    snapshots.push(s);
    for (const w of [...snapshotWaiters]) w(s);
  });
  session.onEvent((e) => {
    events.push(e);
    for (const w of [...eventWaiters]) w(e);
  });
  const r: Rig = {
    sim,
    session,
    snapshots,
    events,
    sent,
    listenerErrors,
    networks,
    waitFor: (match, label, ms = 4000) =>
      firstMatch(snapshotWaiters, session.snapshot(), match, ms, () => `no snapshot "${label}" within ${ms} ms; snapshots:\n${snapshots.map(describeSnapshot).join('\n')}`),
    waitForEvent: (match, label, ms = 4000, from = 0) =>
      firstMatch(eventWaiters, events.slice(from).find(match), match, ms, () => `no event "${label}" within ${ms} ms; events:\n${events.map((e) => `${e.server} ${e.event} ${JSON.stringify(e.attributes)}`).join('\n')}`),
    opens: (server) => new Set(sent.filter((s) => s.server === server).map((s) => s.message.attributes.SessionID).filter((id) => typeof id === 'number')).size,
    close: async () => {
      await session.stop();
      for (const n of Object.values(networks)) await n.close();
      await sim.close();
    },
  };
  rigs.push(r);
  session.start();
  return r;
}

export const online = (server: string, extra: (s: ConnectivitySnapshot) => boolean = () => true) => (s: ConnectivitySnapshot) =>
  s.phase === 'online' && s.server?.name === server && extra(s);

export const sentBy = (r: Rig, server: SimServerName, name: string, from = 0) => r.sent.slice(from).filter((s) => s.server === server && s.message.name === name);
