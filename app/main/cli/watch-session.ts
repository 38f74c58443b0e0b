// The watch CLI's session: the HA session itself (warm or hot), printing every
// event and every snapshot. The session's log goes to `log` (stderr), never stdout.
import type { Logger } from '../logging/logger.ts';
import type { SessionOptions, ToolbarSession } from '../tserver/session/api.ts';
import { createToolbarSession } from '../tserver/session/index.ts';
import { DEFAULT_RECONNECT_SETTINGS } from '../tserver/session/reconnect/reconnect-policy.ts';
import type { WatchOptions } from './watch-args.ts';
import type { LinePrinter } from './watch-format.ts';

export interface WatchIo {
  printer: LinePrinter;
  /** The CLI's log; the session writes to its child `{component: 'session'}`. */
  log: Pick<Logger, 'info' | 'warn' | 'error' | 'child'>;
  env: Record<string, string | undefined>;
}

export interface SessionWatch {
  session: ToolbarSession;
  /** Resolves with the exit code: 1 when a not-retryable error stopped the session, 0 after stop(). */
  done: Promise<number>;
  /** Closes the session cleanly; `done` then resolves with 0. */
  stop(): Promise<void>;
}

export function watchSessionOptions(options: WatchOptions, env: Record<string, string | undefined>): SessionOptions {
  const agentPassword = env.TSERVER_AGENT_PASSWORD || undefined;
  const session: SessionOptions = {
    mode: options.mode,
    endpoints: options.servers,
    applicationName: options.applicationName,
    applicationPassword: env.TSERVER_APP_PASSWORD || undefined,
    addpTimeoutMs: options.addpTimeoutMs,
    addpRemoteTimeoutMs: options.addpRemoteTimeoutMs,
    dn: options.dn,
    agentId: options.agentId,
    agentPassword: async () => agentPassword,
    reconnect: { ...DEFAULT_RECONNECT_SETTINGS, connectTimeoutMs: options.connectTimeoutMs, minConnectTimeoutMs: Math.min(DEFAULT_RECONNECT_SETTINGS.minConnectTimeoutMs, options.connectTimeoutMs) },
  };
  if (options.agentId !== null) {
    session.initialAgentState = options.notReadyReason === null ? { state: 'ready' } : { state: 'not-ready', reasonCode: options.notReadyReason };
  }
  return session;
}

export function startSessionWatch(options: WatchOptions, io: WatchIo): SessionWatch {
  const session = createToolbarSession({ ...watchSessionOptions(options, io.env), logger: io.log.child({ component: 'session' }) });
  let finish!: (code: number) => void;
  const done = new Promise<number>((resolve) => (finish = resolve));
  session.onEvent((event) => io.printer.event(event));
  session.onSnapshot((snapshot) => {
    io.printer.snapshot(snapshot);
    if (snapshot.phase === 'failed') {
      io.log.error({ lastError: snapshot.lastError }, 'session stopped: not retryable');
      void session.stop().then(() => finish(1));
    }
  });
  io.printer.snapshot(session.snapshot());
  session.start();
  return {
    session,
    done,
    stop: async () => {
      await session.stop();
      finish(0);
      await done;
    },
  };
}
