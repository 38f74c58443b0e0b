// The preview as one unit: simulator (unless endpoints are given), the real
// HA session, the request handlers and the preview host. The CLI and the e2e
// tests both start it here, so they run the same wiring.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startSimulator } from '../../../sim/index.ts';
import type { Simulator } from '../../../sim/index.ts';
import { UsageError } from '../cli/watch-args.ts';
import { BUILTIN_DEFAULTS } from '../config/defaults.ts';
import { toSessionOptions } from '../config/session-options.ts';
import { AgentPasswordKeychain } from '../credentials/agent-password.ts';
import { MemoryCredentialStore } from '../credentials/memory-store.ts';
import { createRequestHandlers, RecentEvents } from '../ipc/request-handlers.ts';
import { LogTail } from '../logging/log-tail.ts';
import { createToolbarLogger } from '../logging/logger.ts';
import { SecretValues } from '../logging/redact.ts';
import { createToolbarSession } from '../tserver/session/index.ts';
import type { EndpointConfig, ReconnectSettings, ToolbarSession } from '../tserver/session/api.ts';
import { startPreviewHost } from './host.ts';
import type { HaMode } from '../../shared/connectivity.ts';

export const RENDERER_DIR = resolve(import.meta.dirname, '../../../dist/renderer');

export interface PreviewAppOptions {
  mode: HaMode;
  dn: string;
  agentId: string | null;
  /** Null: start the simulator pair on free loopback ports. */
  endpoints: EndpointConfig[] | null;
  /** HTTP port on loopback; 0 = any free port. */
  port?: number;
  addpTimeoutMs?: number | null;
  connectTimeoutMs?: number | null;
  applicationName?: string | null;
  applicationPassword?: string | undefined;
  /** Used when the keychain (in memory here) has none for the agent. */
  agentPassword?: string | undefined;
  /** Overrides of the reconnect defaults (the session validates them). */
  reconnect?: Partial<ReconnectSettings>;
  /** Jitter source for the reconnect loop; tests pin it so backoff waits are known. */
  random?: () => number;
  rendererDir?: string;
  /** Where the logger writes (stderr by default); level from PREVIEW_LOG_LEVEL. */
  logSink?: NodeJS.WritableStream;
}

export interface PreviewApp {
  url: string;
  session: ToolbarSession;
  /** The embedded simulator, or null with given endpoints. */
  sim: Simulator | null;
  endpoints: EndpointConfig[];
  close(): Promise<void>;
}

export async function startPreviewApp(opts: PreviewAppOptions): Promise<PreviewApp> {
  const rendererDir = opts.rendererDir ?? RENDERER_DIR;
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    throw new UsageError(`${rendererDir}/index.html is missing: run \`npm run build:renderer\` first`);
  }
  const secrets = new SecretValues();
  // The console stays at warn unless asked; the tail for Copy diagnostics keeps info (the connectivity story).
  const logTail = new LogTail();
  const log = createToolbarLogger({ level: process.env.PREVIEW_LOG_LEVEL === 'info' ? 'info' : 'warn', sink: opts.logSink ?? process.stderr, secrets, tail: logTail });

  let sim: Simulator | null = null;
  let endpoints: EndpointConfig[];
  if (opts.endpoints) {
    endpoints = opts.endpoints;
  } else {
    sim = await startSimulator({ mode: opts.mode, a: { port: 0 }, b: { port: 0 }, control: { port: 0 } });
    endpoints = (['a', 'b'] as const).map((name) => ({ name, host: sim!.servers[name].host, port: sim!.servers[name].port }));
  }

  // The browser preview never touches the OS keychain: passwords live in memory for this run.
  const credentials = new MemoryCredentialStore();
  secrets.add(opts.applicationPassword);
  secrets.add(opts.agentPassword);
  const config = structuredClone(BUILTIN_DEFAULTS);
  config.mode = opts.mode;
  config.dn = opts.dn;
  config.agentId = opts.agentId;
  if (opts.applicationName) config.applicationName = opts.applicationName;
  if (opts.addpTimeoutMs != null) config.addp = { timeoutMs: opts.addpTimeoutMs, remoteTimeoutMs: opts.addpTimeoutMs };
  if (opts.connectTimeoutMs != null) config.reconnect.connectTimeoutMs = opts.connectTimeoutMs;
  Object.assign(config.reconnect, opts.reconnect);
  // The session asks for the password of the agent it logs back in (its snapshot names them;
  // `session` is only read when the hook runs, after start) and reports one the switch refused.
  const keychain = new AgentPasswordKeychain(credentials, log.child({ component: 'keychain' }));
  const hooks = keychain.sessionHooks(() => session.snapshot().agent.agentId ?? opts.agentId);
  const sessionOptions = {
    ...toSessionOptions(config, {
      applicationPassword: opts.applicationPassword,
      agentPassword: async () => (await hooks.agentPassword()) ?? opts.agentPassword,
      onStoredPasswordRejected: hooks.onStoredPasswordRejected,
      logger: log.child({ component: 'session' }),
    }),
    endpoints,
    ...(opts.random ? { random: opts.random } : {}),
  };
  const session: ToolbarSession = createToolbarSession(sessionOptions);
  const recent = new RecentEvents();
  recent.follow(session);
  const handlers = createRequestHandlers({
    session,
    credentials,
    recentEvents: () => recent.list(),
    secrets,
    log,
    diagnostics: {
      appVersion: 'preview',
      platform: `${process.platform} ${process.arch} node ${process.versions.node} (browser preview)`,
      config: () => ({ mode: opts.mode, endpoints: endpoints.map((e) => `${e.name} ${e.host}:${e.port}`), dn: opts.dn, agentId: opts.agentId, simulator: sim?.controlUrl ?? null }),
      logLines: () => logTail.lines(),
      now: Date.now,
    },
  });
  let host;
  try {
    host = await startPreviewHost({ session, handlers, rendererDir, port: opts.port ?? 0, log });
  } catch (err) {
    await sim?.close();
    throw err;
  }
  session.start();

  return {
    url: host.url,
    session,
    sim,
    endpoints,
    close: async () => {
      await host.close();
      await session.stop();
      await sim?.close();
    },
  };
}
