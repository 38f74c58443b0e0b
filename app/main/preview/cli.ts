// `npm run preview`: the toolbar UI in any browser against the real main-side
// core. Starts the simulator pair unless --servers is given, then the session,
// the IPC contract over WebSocket and the built renderer, all on loopback
// (preview-app.ts). stdout: the URL, on one line, once ready. Everything else
// goes to stderr.
import { UsageError } from '../cli/watch-args.ts';
import { startPreviewApp } from './preview-app.ts';
import { parsePreviewArgs, PREVIEW_USAGE } from './preview-args.ts';
import type { PreviewOptions } from './preview-args.ts';

async function main(opts: PreviewOptions): Promise<void> {
  const app = await startPreviewApp({
    mode: opts.mode,
    dn: opts.dn,
    agentId: opts.agentId,
    endpoints: opts.watch?.servers ?? null,
    port: opts.port,
    addpTimeoutMs: opts.addpTimeoutMs,
    connectTimeoutMs: opts.connectTimeoutMs,
    applicationName: opts.applicationName,
    applicationPassword: process.env.TSERVER_APP_PASSWORD || undefined,
    agentPassword: process.env.TSERVER_AGENT_PASSWORD || undefined,
    reconnect: opts.reconnect,
  });
  if (app.sim) {
    const [a, b] = app.endpoints;
    process.stderr.write(`simulator: a=${a!.host}:${a!.port} b=${b!.host}:${b!.port} control ${app.sim.controlUrl}\n`);
  }
  process.stdout.write(`${app.url}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await app.close();
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
