// The watch CLI's session: the HA session itself (warm or hot), assembled by the one
// composition root (app/main/core/start-core.ts) like the desktop app's, printing
// every event and every snapshot. The session's log goes to `log` (stderr), never stdout.
import { startToolbarCore, configWithoutFiles } from '../core/start-core.ts';
import type { HostOverrides } from '../core/host-overrides.ts';
import type { ToolbarCore } from '../core/start-core.ts';
import { MemoryCredentialStore } from '../credentials/memory-store.ts';
import type { Logger } from '../logging/logger.ts';
import type { SecretValues } from '../logging/redact.ts';
import type { SessionOptions, ToolbarSession } from '../tserver/session/api.ts';
import type { WatchOptions } from './watch-args.ts';
import type { LinePrinter } from './watch-format.ts';

export interface WatchIo {
  printer: LinePrinter;
  /** The CLI's log; the session writes to its child `{component: 'session'}`. */
  log: Pick<Logger, 'info' | 'warn' | 'error' | 'child'>;
  /** TSERVER_APP_PASSWORD and TSERVER_AGENT_PASSWORD (never flags). */
  env: Record<string, string | undefined>;
  /** Where the passwords from `env` are registered (the printer scrubs with the same). */
  secrets: SecretValues;
}

export interface SessionWatch {
  session: ToolbarSession;
  core: ToolbarCore;
  /** Resolves with the exit code: 1 when a not-retryable error stopped the session, 0 after stop(). */
  done: Promise<number>;
  /** Closes the session cleanly; `done` then resolves with 0. */
  stop(): Promise<void>;
}

/** The watch flags as the composition root's host overrides: every flag has a value here (its default when not given). */
export function watchOverrides(options: WatchOptions): HostOverrides {
  return {
    mode: options.mode,
    dn: options.dn,
    agentId: options.agentId,
    applicationName: options.applicationName,
    addpTimeoutMs: options.addpTimeoutMs,
    addpRemoteTimeoutMs: options.addpRemoteTimeoutMs,
    connectTimeoutMs: options.connectTimeoutMs,
  };
}

export function initialAgentStateOf(options: WatchOptions): SessionOptions['initialAgentState'] {
  if (options.agentId === null) return undefined;
  return options.notReadyReason === null ? { state: 'ready' } : { state: 'not-ready', reasonCode: options.notReadyReason };
}

export function startSessionWatch(options: WatchOptions, io: WatchIo): SessionWatch {
  const initialAgentState = initialAgentStateOf(options);
  const core = startToolbarCore(
    {
      // No config file: the built-in defaults and the flags, like the preview.
      loaded: configWithoutFiles(),
      isPackaged: false,
      endpoints: options.servers,
      overrides: watchOverrides(options),
      ...(initialAgentState ? { initialAgentState } : {}),
    },
    // No keychain: the passwords come from the environment only. No simulator: --servers is required.
    { log: io.log, secrets: io.secrets, credentials: new MemoryCredentialStore(), env: io.env },
  );
  const session = core.session;
  let finish!: (code: number) => void;
  const done = new Promise<number>((resolve) => (finish = resolve));
  session.onEvent((event) => io.printer.event(event));
  session.onSnapshot((snapshot) => {
    io.printer.snapshot(snapshot);
    if (snapshot.phase === 'failed') {
      io.log.error({ lastError: snapshot.lastError }, 'session stopped: not retryable');
      void core.stop().then(() => finish(1));
    }
  });
  io.printer.snapshot(session.snapshot());
  session.start();
  core.ready.catch((err: unknown) => {
    io.log.error({ err: err instanceof Error ? err.message : String(err) }, 'session could not be assembled');
    void core.stop().then(() => finish(1));
  });
  return {
    session,
    core,
    done,
    stop: async () => {
      await core.stop();
      finish(0);
      await done;
    },
  };
}
