// Headless watch CLI: `npm run watch -- --servers a=HOST:PORT,b=HOST:PORT --mode warm|hot --dn 5001 [--agent 1001] [--json]`.
// Runs the HA session and prints one line per T-Server event and per snapshot;
// usage errors exit 2; a not-retryable error exits 1; SIGINT/SIGTERM close the
// session cleanly and exit 0.
import { UsageError, WATCH_USAGE, parseWatchArgs } from './watch-args.ts';
import type { WatchOptions } from './watch-args.ts';
import { LinePrinter } from './watch-format.ts';
import { startSessionWatch } from './watch-session.ts';

const diag = (text: string): void => void process.stderr.write(`watch: ${text}\n`);

async function main(argv: readonly string[]): Promise<number> {
  let options: WatchOptions;
  try {
    options = parseWatchArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`watch: ${err.message}\n\n${WATCH_USAGE}`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(WATCH_USAGE);
    return 0;
  }
  const printer = new LinePrinter(options.json, (line) => void process.stdout.write(`${line}\n`));
  const watch = startSessionWatch(options, { printer, diag, env: process.env });
  const onSignal = (signal: NodeJS.Signals): void => {
    diag(`${signal}: closing`);
    void watch.stop();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return watch.done;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    diag(`internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
