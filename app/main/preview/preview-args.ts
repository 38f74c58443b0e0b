// Flags of `npm run preview`: the watch CLI's flags (reused, not copied), all
// optional here, plus --port. Without --servers the embedded simulator runs.
import { parseWatchArgs, UsageError } from '../cli/watch-args.ts';
import type { WatchOptions } from '../cli/watch-args.ts';

export const PREVIEW_USAGE = `usage: npm run preview -- [--servers NAME=HOST:PORT[,NAME=HOST:PORT]] [--mode warm|hot] [--dn DN] [--agent ID] [--port N]

  Serves the toolbar UI at http://127.0.0.1:PORT/ (printed on one line when ready)
  against the real session core. Without --servers it starts the simulator pair
  on free loopback ports. Other watch flags (--addp, --connect-timeout, --app-name)
  apply too. Secrets from the environment: TSERVER_APP_PASSWORD.
  --port N   HTTP port on 127.0.0.1 (default: any free port)
`;

export interface PreviewOptions {
  help: boolean;
  /** Null: start the simulator. */
  watch: WatchOptions | null;
  mode: 'warm' | 'hot';
  dn: string;
  agentId: string | null;
  port: number;
  /** Flags that apply with and without --servers. */
  addpTimeoutMs: number | null;
  connectTimeoutMs: number | null;
  applicationName: string | null;
}

export const PREVIEW_DEFAULTS = { mode: 'hot', dn: '5001', agentId: '1001' } as const;

function takePort(argv: string[]): { rest: string[]; port: number } {
  const rest: string[] = [];
  let port = 0;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const inline = /^--port=(.*)$/.exec(arg);
    if (arg !== '--port' && !inline) {
      rest.push(arg);
      continue;
    }
    const text = inline ? inline[1]! : argv[++i];
    const value = Number(text);
    if (text === undefined || !/^\d{1,5}$/.test(text) || value > 65535) throw new UsageError(`--port: "${text ?? ''}" is not a port number (0-65535)`);
    port = value;
  }
  return { rest, port };
}

export function parsePreviewArgs(argv: readonly string[]): PreviewOptions {
  const { rest, port } = takePort([...argv]);
  if (rest.includes('-h') || rest.includes('--help')) {
    return { help: true, watch: null, ...PREVIEW_DEFAULTS, port, addpTimeoutMs: null, connectTimeoutMs: null, applicationName: null };
  }
  const given = (flag: string) => rest.some((a) => a === flag || a.startsWith(`${flag}=`));
  // The watch parser requires --servers and --dn; in simulator mode we supply them
  // so every other flag is still checked by the one parser.
  const watch = parseWatchArgs(given('--servers') ? (given('--dn') ? rest : [...rest, '--dn', PREVIEW_DEFAULTS.dn]) : [...rest, '--servers', 'sim=127.0.0.1:1', ...(given('--dn') ? [] : ['--dn', PREVIEW_DEFAULTS.dn])]);
  if (watch.json) throw new UsageError('--json is a watch flag; the preview prints only its URL');
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
  };
}
