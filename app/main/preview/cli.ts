// `npm run preview`: the toolbar UI in any browser against the real main-side
// core. Starts the simulator pair unless --servers is given, then the session,
// the IPC contract over WebSocket and the built renderer, all on loopback.
// stdout: the URL, on one line, once ready. Everything else goes to stderr.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startSimulator } from '../../../sim/index.ts';
import type { Simulator } from '../../../sim/index.ts';
import { UsageError } from '../cli/watch-args.ts';
import { BUILTIN_DEFAULTS } from '../config/defaults.ts';
import { toSessionOptions } from '../config/session-options.ts';
import { MemoryCredentialStore } from '../credentials/memory-store.ts';
import { createRequestHandlers, RecentEvents } from '../ipc/request-handlers.ts';
import { createToolbarLogger } from '../logging/logger.ts';
import { SecretValues } from '../logging/redact.ts';
import { createToolbarSession } from '../tserver/session/index.ts';
import type { EndpointConfig } from '../tserver/session/api.ts';
import { startPreviewHost } from './host.ts';
import { parsePreviewArgs, PREVIEW_USAGE } from './preview-args.ts';
import type { PreviewOptions } from './preview-args.ts';

const RENDERER_DIR = resolve(import.meta.dirname, '../../../dist/renderer');

async function main(opts: PreviewOptions): Promise<void> {
  if (!existsSync(resolve(RENDERER_DIR, 'index.html'))) {
    throw new UsageError(`${RENDERER_DIR}/index.html is missing: run \`npm run build:renderer\` first`);
  }
  const secrets = new SecretValues();
  const log = createToolbarLogger({ level: process.env.PREVIEW_LOG_LEVEL === 'info' ? 'info' : 'warn', sink: process.stderr, secrets });

  let sim: Simulator | null = null;
  let endpoints: EndpointConfig[];
  if (opts.watch) {
    endpoints = opts.watch.servers;
  } else {
    sim = await startSimulator({ mode: opts.mode, a: { port: 0 }, b: { port: 0 }, control: { port: 0 } });
    endpoints = (['a', 'b'] as const).map((name) => ({ name, host: sim!.servers[name].host, port: sim!.servers[name].port }));
    process.stderr.write(`simulator: a=${endpoints[0]!.host}:${endpoints[0]!.port} b=${endpoints[1]!.host}:${endpoints[1]!.port} control ${sim.controlUrl}\n`);
  }

  // The browser preview never touches the OS keychain: passwords live in memory for this run.
  const credentials = new MemoryCredentialStore();
  const applicationPassword = process.env.TSERVER_APP_PASSWORD;
  secrets.add(applicationPassword);
  const config = structuredClone(BUILTIN_DEFAULTS);
  config.mode = opts.mode;
  config.dn = opts.dn;
  config.agentId = opts.agentId;
  if (opts.applicationName) config.applicationName = opts.applicationName;
  if (opts.addpTimeoutMs !== null) config.addp = { timeoutMs: opts.addpTimeoutMs, remoteTimeoutMs: opts.addpTimeoutMs };
  if (opts.connectTimeoutMs !== null) config.reconnect.connectTimeoutMs = opts.connectTimeoutMs;
  const sessionOptions = {
    ...toSessionOptions(config, {
      applicationPassword,
      agentPassword: async () => (opts.agentId ? ((await credentials.read(opts.agentId)) ?? process.env.TSERVER_AGENT_PASSWORD) : undefined),
    }),
    endpoints,
  };
  const session = createToolbarSession(sessionOptions);
  const recent = new RecentEvents(200);
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
      now: Date.now,
    },
  });
  const host = await startPreviewHost({ session, handlers, rendererDir: RENDERER_DIR, port: opts.port, log });
  session.start();
  process.stdout.write(`${host.url}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await host.close();
    await session.stop();
    await sim?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

let options: PreviewOptions;
try {
  options = parsePreviewArgs(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n\n${PREVIEW_USAGE}`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(PREVIEW_USAGE);
} else {
  main(options).catch((err: unknown) => {
    process.stderr.write(`preview: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err instanceof UsageError ? 2 : 1);
  });
}
