// Headless watch CLI: `npm run watch -- --servers a=127.0.0.1:7001 --dn 5001 [--json]`.
// Prints one line per T-Server event; usage errors exit 2; SIGINT/SIGTERM close
// the session cleanly and exit 0.
import { UsageError, WATCH_USAGE, parseWatchArgs } from './watch-args.ts';
import type { WatchOptions } from './watch-args.ts';
import { LinePrinter } from './watch-format.ts';
import { startSingleWatch } from './watch-single.ts';

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
  const watch = startSingleWatch(options, { printer, diag, env: process.env });
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
