// `npm run preview` (and `npm start` where Electron cannot run): the toolbar UI in
// any browser against the real main-side core. Starts the simulator pair unless
// --servers is given — on the documented ports 7001/7002/7099 when they are free —
// then the session, the IPC contract over WebSocket and the built renderer, all on
// loopback (preview-app.ts). It prints last, once ready, what a newcomer needs
// (first-run.ts): the toolbar's URL, the simulator's control URL and a command that
// causes a failover. Everything else goes to stderr.
import { UsageError } from '../cli/watch-args.ts';
import { firstRunText } from './first-run.ts';
import { DEFAULT_SIMULATOR_PORTS, startPreviewApp } from './preview-app.ts';
import { parsePreviewArgs, PREVIEW_USAGE } from './preview-args.ts';
import type { PreviewOptions } from './preview-args.ts';

async function main(opts: PreviewOptions): Promise<void> {
  const app = await startPreviewApp({
    mode: opts.mode,
    dn: opts.dn,
    agentId: opts.agentId,
    endpoints: opts.watch?.servers ?? null,
    simulatorPorts: DEFAULT_SIMULATOR_PORTS,
    port: opts.port,
    addpTimeoutMs: opts.addpTimeoutMs,
    connectTimeoutMs: opts.connectTimeoutMs,
    applicationName: opts.applicationName,
    applicationPassword: process.env.TSERVER_APP_PASSWORD || undefined,
    agentPassword: process.env.TSERVER_AGENT_PASSWORD || undefined,
    reconnect: opts.reconnect,
  });
  // Last and on stdout, after the build's output on stderr: the lines to act on.
  process.stdout.write(firstRunText({ url: app.url, endpoints: app.endpoints, sim: app.sim, simulatorMoved: app.simulatorMoved }));

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
