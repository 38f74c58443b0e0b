// `npm run sim -- …`: runs the simulator pair until SIGINT/SIGTERM (docs/simulator.md "CLI").
import { USAGE, UsageError, parseCli } from './cli-args.ts';
import { startSimulator } from './simulator.ts';
import type { SimulatorOptions } from './types.ts';

async function main(): Promise<void> {
  let opts: SimulatorOptions;
  try {
    opts = parseCli(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError && err.message) process.stderr.write(`sim: ${err.message}\n`);
    process.stderr.write(`${USAGE}\n`);
    process.exit(err instanceof UsageError && err.message === '' ? 0 : 2);
  }
  const sim = await startSimulator(opts);
  const { a, b } = sim.servers;
  // TLS is appended, so the line of a plain-TCP pair stays what scripts already parse.
  const tls = [a, b].filter((s) => s.tls).map((s) => s.name);
  process.stdout.write(
    `simulator ready: mode=${sim.state().mode} a=${a.host}:${a.port} b=${b.host}:${b.port} control=${sim.controlUrl ?? 'off'}${tls.length > 0 ? ` tls=${tls.join(',')}` : ''}\n`,
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`sim: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
