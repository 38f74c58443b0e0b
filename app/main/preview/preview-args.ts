// Flags of `npm run preview`: the watch CLI's flags (reused, not copied), all
// optional here, plus --port. Without --servers the embedded simulator runs.
import { parseWatchArgs, UsageError } from '../cli/watch-args.ts';
import type { WatchOptions } from '../cli/watch-args.ts';
import type { ReconnectSettings } from '../tserver/session/api.ts';
import type { HaMode } from '../../shared/connectivity.ts';

export const PREVIEW_USAGE = `usage: npm run preview -- [--servers NAME=HOST:PORT[,NAME=HOST:PORT]] [--mode warm|hot] [--dn DN] [--agent ID] [--port N]
                           [--reconnect-initial SEC] [--reconnect-max SEC]

  Serves the toolbar UI at http://127.0.0.1:PORT/?token=… against the real session core,
  assembled as the desktop app assembles it. When ready it prints, last and labelled, the
  toolbar URL (the token is new every run; the page and its WebSocket need it), the
  simulator's control URL and a command that makes the toolbar fail over. Each page may
  make 5 agent requests a second (bursts of 10); a page that stops reading gets events
  dropped, then is disconnected. Without --servers it starts the simulator pair on
  127.0.0.1:7001/7002, control 7099 (free ports when those are taken). Other watch
  flags (--addp, --connect-timeout, --app-name) apply too. Secrets from the environment: TSERVER_APP_PASSWORD, TSERVER_AGENT_PASSWORD.
  Logs go to stderr, warnings and worse (PREVIEW_LOG_LEVEL=info for more).
  --port N                 HTTP port on 127.0.0.1 (default: any free port)
  --reconnect-initial SEC  first backoff ceiling (default 1; the session checks the range)
  --reconnect-max SEC      backoff cap (default 30)
`;

export interface PreviewOptions {
  help: boolean;
  /** Null: start the simulator. */
  watch: WatchOptions | null;
  mode: HaMode;
  dn: string;
  agentId: string | null;
  port: number;
  /** Flags that apply with and without --servers. */
  addpTimeoutMs: number | null;
  connectTimeoutMs: number | null;
  applicationName: string | null;
  /** Backoff overrides (--reconnect-initial, --reconnect-max). */
  reconnect: Partial<ReconnectSettings>;
}

export const PREVIEW_DEFAULTS = { mode: 'hot', dn: '5001', agentId: '1001' } as const;

/** Preview-only flags, taken out before the watch parser (strict) sees the rest. */
const OWN_FLAGS = ['--port', '--reconnect-initial', '--reconnect-max'] as const;
type OwnFlag = (typeof OWN_FLAGS)[number];

function takeOwnFlags(argv: string[]): { rest: string[]; own: Partial<Record<OwnFlag, string>> } {
  const rest: string[] = [];
  const own: Partial<Record<OwnFlag, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = OWN_FLAGS.find((f) => arg === f || arg.startsWith(`${f}=`));
    if (!flag) {
      rest.push(arg);
      continue;
    }
    const text = arg === flag ? argv[++i] : arg.slice(flag.length + 1);
    if (text === undefined) throw new UsageError(`${flag} needs a value`);
    own[flag] = text;
  }
  return { rest, own };
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const value = Number(text);
  if (!/^\d{1,5}$/.test(text) || value > 65535) throw new UsageError(`--port: "${text}" is not a port number (0-65535)`);
  return value;
}

function parseSecondsMs(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || value > 3600) {
    throw new UsageError(`${flag}: "${text}" is not a number of seconds above 0 and up to 3600`);
  }
  return Math.max(1, Math.round(value * 1000));
}

function parseReconnect(own: Partial<Record<OwnFlag, string>>): Partial<ReconnectSettings> {
  const reconnect: Partial<ReconnectSettings> = {};
  if (own['--reconnect-initial'] !== undefined) reconnect.initialDelayMs = parseSecondsMs('--reconnect-initial', own['--reconnect-initial']);
  if (own['--reconnect-max'] !== undefined) reconnect.maxDelayMs = parseSecondsMs('--reconnect-max', own['--reconnect-max']);
  // Only the initial given: let the cap follow it up rather than fail the session's check.
  if (reconnect.initialDelayMs !== undefined && reconnect.maxDelayMs === undefined) reconnect.maxDelayMs = Math.max(reconnect.initialDelayMs, 30_000);
  if (reconnect.initialDelayMs !== undefined && reconnect.maxDelayMs !== undefined && reconnect.maxDelayMs < reconnect.initialDelayMs) {
    throw new UsageError('--reconnect-max must be at least --reconnect-initial');
  }
  return reconnect;
}

export function parsePreviewArgs(argv: readonly string[]): PreviewOptions {
  const { rest, own } = takeOwnFlags([...argv]);
  const port = parsePort(own['--port']);
  if (rest.includes('-h') || rest.includes('--help')) {
    return { help: true, watch: null, ...PREVIEW_DEFAULTS, port, addpTimeoutMs: null, connectTimeoutMs: null, applicationName: null, reconnect: {} };
  }
  const reconnect = parseReconnect(own);
  const given = (flag: string) => rest.some((a) => a === flag || a.startsWith(`${flag}=`));
  // The watch parser requires --servers and --dn; in simulator mode we supply them
  // so every other flag is still checked by the one parser.
  const watch = parseWatchArgs(given('--servers') ? (given('--dn') ? rest : [...rest, '--dn', PREVIEW_DEFAULTS.dn]) : [...rest, '--servers', 'sim=127.0.0.1:1', ...(given('--dn') ? [] : ['--dn', PREVIEW_DEFAULTS.dn])]);
  if (watch.json) throw new UsageError('--json is a watch flag; the preview prints only its URL');
  if (given('--log-level')) throw new UsageError('--log-level is a watch flag; the preview logs warnings to stderr (PREVIEW_LOG_LEVEL=info for more)');
  if (watch.notReadyReason !== null) throw new UsageError('--not-ready is a watch flag; choose Not Ready in the UI');
  return {
    help: false,
    watch: given('--servers') ? watch : null,
    mode: given('--mode') ? watch.mode : PREVIEW_DEFAULTS.mode,
    dn: watch.dn,
    agentId: given('--agent') ? watch.agentId : PREVIEW_DEFAULTS.agentId,
    port,
    addpTimeoutMs: given('--addp') ? watch.addpTimeoutMs : null,
    connectTimeoutMs: given('--connect-timeout') ? watch.connectTimeoutMs : null,
    applicationName: given('--app-name') ? watch.applicationName : null,
    reconnect,
  };
}
