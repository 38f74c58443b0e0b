// Flags of the watch CLI (`npm run watch -- …`). Pure: argv in, options or a
// UsageError out.
import { parseArgs } from 'node:util';
import { EndpointAddressError, parseHostPort, serverNameProblem } from '../tserver/endpoint-address.ts';
import type { EndpointConfig } from '../tserver/session/api.ts';
import type { HaMode } from '../../shared/connectivity.ts';
import { BUILTIN_DEFAULTS } from '../config/defaults.ts';

/** The app's own remote ADDP timeout: a frozen watch is dropped by the server like a frozen app. */
const DEFAULT_ADDP_REMOTE_MS = BUILTIN_DEFAULTS.addp.remoteTimeoutMs;

export const WATCH_USAGE = `usage: npm run watch -- --servers NAME=HOST:PORT[,NAME=HOST:PORT] --dn DN [options]

  --servers LIST         endpoints in order, primary first (e.g. a=127.0.0.1:7001,b=127.0.0.1:7002)
  --mode warm|hot        HA mode (default hot)
  --dn DN                the DN to register (required)
  --agent ID             log this agent in on the DN, then set Ready
  --not-ready REASON     with --agent: set NotReady with this ReasonCode instead of Ready
  --addp SECONDS         ADDP keep-alive timeout, fractions allowed, 0 = off (default 2)
  --addp-remote SECONDS  asks the server to ping us after this much silence and drop us
                         when we do not answer, 0 = off (default ${DEFAULT_ADDP_REMOTE_MS / 1000}, the app's)
  --connect-timeout SEC  bound on TCP connect + open dialog (default 4)
  --app-name NAME        ApplicationName sent to the T-Server (default agent-toolbar-watch)
  --json                 one JSON object per line on stdout
  --log-level LEVEL      the session's log on stderr, JSON lines: silent, error, warn
                         (default), info (the whole story: every event again, phase
                         changes, requests, failovers, dial failures) or debug
  -h, --help             this text

Secrets come from the environment, never from flags:
  TSERVER_APP_PASSWORD   application password     TSERVER_AGENT_PASSWORD   agent password

JSON lines: {"t": <epoch ms>, "kind": "event", "event": "EventLinkConnected", "server": "a", ...}
with every attribute at top level under its T-Library name. ServerRole is "primary" or
"backup"; binary values are base64 strings; key-value lists are JSON objects, and a key
that repeats in a list becomes an array of its values in order.
On every change of the session: {"t": …, "kind": "snapshot", "phase": "online",
"server": {"name": "b", "role": "primary"}, "link": "up", "standby": {…}, "attempt": 0,
"nextAttemptAt": null, "lastError": null, "agent": {…}, "seq": 17, …}.

When stdout cannot keep up (a slow reader), snapshots are coalesced (only the newest
unsent one is printed) and the oldest unprinted events are dropped; where they were,
one line says how many: {"t": …, "kind": "dropped", "events": 1234}. Every line is whole.
The application and agent passwords are replaced by [redacted] in everything printed
or logged, whatever sent them.

SIGCONT (after SIGSTOP: a stand-in for a laptop's sleep) is a wake: every connection is
probed at once and the snapshot says "checking" until the server answers.

Runs until SIGINT/SIGTERM (exit 0, after closing the session and printing what is left,
each within 2 s); exits 0 quietly when the reader of stdout goes away (| head -1); exits
1 when a not-retryable error (bad application password, bad agent credentials, unknown
DN) stops the session.
`;

/** What --log-level takes (pino's levels; the core logs its story at info). */
export const WATCH_LOG_LEVELS = ['silent', 'error', 'warn', 'info', 'debug'] as const;
export type WatchLogLevel = (typeof WATCH_LOG_LEVELS)[number];

/**
 * warn: stdout already carries every event and snapshot, so the info story on
 * stderr would show each event twice in a terminal (and double the output of a flood).
 */
export const DEFAULT_WATCH_LOG_LEVEL: WatchLogLevel = 'warn';

const isLogLevel = (text: string): text is WatchLogLevel => (WATCH_LOG_LEVELS as readonly string[]).includes(text);

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface WatchOptions {
  help: boolean;
  servers: EndpointConfig[];
  mode: HaMode;
  dn: string;
  agentId: string | null;
  notReadyReason: string | null;
  addpTimeoutMs: number;
  addpRemoteTimeoutMs: number;
  connectTimeoutMs: number;
  applicationName: string;
  json: boolean;
  logLevel: WatchLogLevel;
}

export function parseServers(list: string): EndpointConfig[] {
  const servers: EndpointConfig[] = [];
  for (const item of list.split(',')) {
    const text = item.trim();
    const eq = text.indexOf('=');
    if (eq <= 0) throw new UsageError(`--servers: "${item}" is not NAME=HOST:PORT`);
    const name = text.slice(0, eq);
    let address;
    try {
      address = parseHostPort(text.slice(eq + 1));
    } catch (err) {
      if (!(err instanceof EndpointAddressError)) throw err;
      throw new UsageError(`--servers: "${item}" is not NAME=HOST:PORT: ${err.message}`);
    }
    const nameProblem = serverNameProblem(name);
    if (nameProblem) throw new UsageError(`--servers: ${nameProblem}`);
    if (servers.some((s) => s.name === name)) throw new UsageError(`--servers: server name "${name}" appears twice`);
    servers.push({ name, ...address });
  }
  return servers;
}

function seconds(flag: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value < min || value > 3600) {
    throw new UsageError(`${flag}: "${text}" is not a number of seconds between ${min} and 3600`);
  }
  return Math.round(value * 1000);
}

export function parseWatchArgs(argv: readonly string[]): WatchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        servers: { type: 'string' },
        mode: { type: 'string' },
        dn: { type: 'string' },
        agent: { type: 'string' },
        'not-ready': { type: 'string' },
        addp: { type: 'string' },
        'addp-remote': { type: 'string' },
        'connect-timeout': { type: 'string' },
        'app-name': { type: 'string' },
        json: { type: 'boolean' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const help = values.help === true;
  const logLevel = values['log-level'] ?? DEFAULT_WATCH_LOG_LEVEL;
  if (!isLogLevel(logLevel)) throw new UsageError(`--log-level must be one of ${WATCH_LOG_LEVELS.join(', ')}, not "${logLevel}"`);
  const base = { help, json: values.json === true, logLevel };
  if (help) {
    return { ...base, servers: [], mode: 'hot', dn: '', agentId: null, notReadyReason: null, addpTimeoutMs: 0, addpRemoteTimeoutMs: 0, connectTimeoutMs: 0, applicationName: '' };
  }
  if (!values.servers) throw new UsageError('--servers is required');
  if (!values.dn) throw new UsageError('--dn is required');
  const mode = values.mode ?? 'hot';
  if (mode !== 'warm' && mode !== 'hot') throw new UsageError(`--mode must be warm or hot, not "${mode}"`);
  if (values['not-ready'] !== undefined && values.agent === undefined) throw new UsageError('--not-ready needs --agent');
  if (values.agent === '') throw new UsageError('--agent needs an agent id');
  const applicationName = values['app-name'] ?? 'agent-toolbar-watch';
  if (applicationName === '') throw new UsageError('--app-name must not be empty');
  return {
    ...base,
    servers: parseServers(values.servers),
    mode,
    dn: values.dn,
    agentId: values.agent ?? null,
    notReadyReason: values['not-ready'] ?? null,
    addpTimeoutMs: seconds('--addp', values.addp, 2000, 0),
    addpRemoteTimeoutMs: seconds('--addp-remote', values['addp-remote'], DEFAULT_ADDP_REMOTE_MS, 0),
    connectTimeoutMs: seconds('--connect-timeout', values['connect-timeout'], 4000, 0.05),
    applicationName,
  };
}
