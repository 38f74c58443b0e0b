// The preview as one unit: the core as the desktop app assembles it (the one
// composition root, app/main/core/start-core.ts: simulator unless endpoints are
// given, the real HA session, the request handlers) served by the preview host.
// The CLI and the e2e tests both start it here, so they run the same wiring.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startSimulator } from '../../../sim/index.ts';
import type { Simulator, SimulatorOptions } from '../../../sim/index.ts';
import { UsageError } from '../cli/watch-args.ts';
import { configWithoutFiles, startToolbarCore } from '../core/start-core.ts';
import type { HostOverrides } from '../core/host-overrides.ts';
import { MemoryCredentialStore } from '../credentials/memory-store.ts';
import { LogTail } from '../logging/log-tail.ts';
import { createToolbarLogger } from '../logging/logger.ts';
import { SecretValues } from '../logging/redact.ts';
import type { EndpointConfig, ReconnectSettings, ToolbarSession } from '../tserver/session/api.ts';
import { startPreviewHost } from './host.ts';
import type { HaMode } from '../../shared/connectivity.ts';

export const RENDERER_DIR = resolve(import.meta.dirname, '../../../dist/renderer');

/** Where the simulator pair listens: the documented ports (docs/simulator.md), or 0 for any free one. */
export interface SimulatorPorts {
  a: number;
  b: number;
  control: number;
}
export const DEFAULT_SIMULATOR_PORTS: SimulatorPorts = { a: 7001, b: 7002, control: 7099 };
const ANY_PORTS: SimulatorPorts = { a: 0, b: 0, control: 0 };

export interface PreviewAppOptions {
  mode: HaMode;
  dn: string;
  agentId: string | null;
  /** Null: start the simulator pair (on `simulatorPorts`). */
  endpoints: EndpointConfig[] | null;
  /**
   * The ports the simulator tries first; when one is taken it takes free ones instead
   * (`simulatorMoved`). The CLI asks for DEFAULT_SIMULATOR_PORTS, so docs/simulator.md's
   * curl lines work as written; the default here (tests) is free ports at once.
   */
  simulatorPorts?: SimulatorPorts;
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
  /** True when the simulator could not have its documented ports and took free ones. */
  simulatorMoved: boolean;
  endpoints: readonly EndpointConfig[];
  close(): Promise<void>;
}

const isAddressInUse = (err: unknown): boolean => (err as { code?: unknown } | null)?.code === 'EADDRINUSE';

/** The flags as the composition root's host overrides: only those given (the rest is the desktop app's default). */
export function previewOverrides(opts: PreviewAppOptions): HostOverrides {
  const overrides: HostOverrides = { mode: opts.mode, dn: opts.dn, agentId: opts.agentId };
  if (opts.applicationName) overrides.applicationName = opts.applicationName;
  if (opts.addpTimeoutMs != null) overrides.addpTimeoutMs = opts.addpTimeoutMs;
  if (opts.connectTimeoutMs != null) overrides.connectTimeoutMs = opts.connectTimeoutMs;
  if (opts.reconnect) overrides.reconnect = opts.reconnect;
  return overrides;
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
  let simulatorMoved = false;
  const startSim = async ({ mode }: { mode: HaMode }): Promise<Simulator> => {
    const at = (ports: SimulatorPorts): SimulatorOptions => ({ mode, a: { port: ports.a }, b: { port: ports.b }, control: { port: ports.control } });
    const preferred = opts.simulatorPorts ?? ANY_PORTS;
    try {
      sim = await startSimulator(at(preferred));
    } catch (err) {
      // Another simulator (or anything) on 7001/7002/7099: free ports, said on the terminal.
      if (!isAddressInUse(err) || preferred === ANY_PORTS) throw err;
      simulatorMoved = true;
      sim = await startSimulator(at(ANY_PORTS));
    }
    return sim;
  };

  // The browser preview never touches the OS keychain: passwords live in memory for this run.
  const core = startToolbarCore(
    { loaded: configWithoutFiles(), isPackaged: false, endpoints: opts.endpoints, overrides: previewOverrides(opts) },
    {
      log,
      secrets,
      credentials: new MemoryCredentialStore(),
      env: { TSERVER_APP_PASSWORD: opts.applicationPassword, TSERVER_AGENT_PASSWORD: opts.agentPassword },
      startSimulator: startSim,
      ...(opts.random ? { random: opts.random } : {}),
    },
  );
  try {
    await core.ready;
  } catch (err) {
    await core.stop();
    throw err;
  }
  const handlers = core.handlers({
    diagnostics: {
      appVersion: 'preview',
      platform: `${process.platform} ${process.arch} node ${process.versions.node} (browser preview)`,
      logLines: () => logTail.lines(),
      now: Date.now,
    },
    // No clipboard here: the page copies with its own (http://127.0.0.1 is a secure context).
  });
  let host;
  try {
    host = await startPreviewHost({ session: core.session, handlers, rendererDir, port: opts.port ?? 0, log, ipc: { scrub: (text) => secrets.scrub(text) } });
  } catch (err) {
    await core.stop();
    throw err;
  }
  core.session.start();

  return {
    url: host.url,
    session: core.session,
    sim,
    simulatorMoved,
    endpoints: core.endpoints,
    close: async () => {
      await host.close();
      await core.stop();
    },
  };
}
