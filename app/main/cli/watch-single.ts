// The watch CLI's session for now: the first server in the list that accepts,
// one connection, no failover (the HA session replaces this, issue 3). Prints
// every event; diagnostics go to `diag` (stderr), never to the event stream.
import { TServerConnection } from '../tserver/connection/index.ts';
import type { TServerError } from '../tserver/connection/index.ts';
import { ErrorCodes, WorkMode } from '../tserver/protocol/index.ts';
import type { WatchOptions } from './watch-args.ts';
import { timelineEventOf } from './watch-format.ts';
import type { LinePrinter } from './watch-format.ts';

export interface WatchIo {
  printer: LinePrinter;
  diag(text: string): void;
  env: Record<string, string | undefined>;
}

export interface SingleWatch {
  /** Resolves with the exit code: 1 when no server accepts or the session is lost. */
  done: Promise<number>;
  /** Closes the connection cleanly; `done` then resolves with 0. */
  stop(): Promise<void>;
}

export function startSingleWatch(options: WatchOptions, io: WatchIo): SingleWatch {
  let current: TServerConnection | null = null;
  let stopping = false;

  const run = async (): Promise<number> => {
    if (options.mode === 'warm' || options.servers.length > 1) {
      io.diag(`mode ${options.mode}: watching the first server that accepts; failover comes with the HA session`);
    }
    for (const endpoint of options.servers) {
      if (stopping) return 0;
      const conn = new TServerConnection({
        endpoint,
        applicationName: options.applicationName,
        applicationPassword: io.env.TSERVER_APP_PASSWORD || undefined,
        addpTimeoutMs: options.addpTimeoutMs,
        connectTimeoutMs: options.connectTimeoutMs,
      });
      current = conn;
      conn.onEvent((event, t) => io.printer.event(timelineEventOf(event, endpoint.name, t)));
      try {
        const open = await conn.open();
        io.diag(`${endpoint.name}: open, ${open.role}, session ${open.sessionId}, link ${open.link.up ? 'up' : 'down'}`);
      } catch (err) {
        const e = err as TServerError;
        io.diag(`${endpoint.name}: ${e.message}${e.retryable ? '' : ' (not retryable)'}`);
        continue;
      }
      if (!(await setUp(conn))) {
        await conn.close();
        return stopping ? 0 : 1;
      }
      const info = await conn.closed;
      if (stopping) return 0;
      io.diag(`${endpoint.name}: session lost (${info.reason}: ${info.detail})`);
      return 1;
    }
    if (stopping) return 0;
    io.diag('no server accepted the session');
    return 1;
  };

  /** Registers the DN and brings the agent to the asked state; false on a fatal error. */
  const setUp = async (conn: TServerConnection): Promise<boolean> => {
    const attempt = async (what: string, request: () => Promise<unknown>, tolerated: number[] = []): Promise<boolean> => {
      try {
        await request();
        return true;
      } catch (err) {
        const e = err as TServerError;
        if (e.code !== null && tolerated.includes(e.code)) return true;
        if (!stopping) io.diag(`${what}: ${e.message}`);
        return e.retryable && e.kind !== 'disconnected' ? true : false;
      }
    };
    const { dn, agentId, notReadyReason } = options;
    if (!(await attempt(`register ${dn}`, () => conn.registerAddress(dn)))) return false;
    if (agentId === null) return true;
    const password = io.env.TSERVER_AGENT_PASSWORD || undefined;
    if (!(await attempt(`login ${agentId}`, () => conn.agentLogin(dn, agentId, password), [ErrorCodes.AlreadyLoggedIn]))) return false;
    if (notReadyReason !== null) {
      return attempt(`not ready ${notReadyReason}`, () => conn.agentNotReady(dn, { workMode: WorkMode.AuxWork, reasonCode: notReadyReason }), [ErrorCodes.InSameState]);
    }
    return attempt('ready', () => conn.agentReady(dn), [ErrorCodes.InSameState]);
  };

  const done = run();
  return {
    done,
    stop: async () => {
      stopping = true;
      await current?.close();
      await done;
    },
  };
}
