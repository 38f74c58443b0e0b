// Headless watch CLI: `npm run watch -- --servers a=HOST:PORT,b=HOST:PORT --mode warm|hot --dn 5001 [--agent 1001] [--json]`.
// Runs the HA session and prints one line per T-Server event and per snapshot on
// stdout, its log (JSON lines) on stderr. Usage errors exit 2; a not-retryable
// error exits 1; SIGINT/SIGTERM close the session and exit 0, and so does the
// reader of stdout going away (EPIPE). Every step of the way out is bounded, so
// a flooding server or a reader that never reads cannot keep the process alive.
import { createToolbarLogger } from '../logging/logger.ts';
import { SecretValues } from '../logging/redact.ts';
import { LineOutput, isReaderGone } from './line-output.ts';
import { UsageError, WATCH_USAGE, parseWatchArgs } from './watch-args.ts';
import type { WatchOptions } from './watch-args.ts';
import { LinePrinter, droppedLine } from './watch-format.ts';
import { startSessionWatch } from './watch-session.ts';

/** Bound on session.stop() at exit (it closes every connection). */
const STOP_DEADLINE_MS = 2000;
/** Bound on writing what is still queued at exit, per stream. */
const FLUSH_DEADLINE_MS = 2000;

async function main(argv: readonly string[]): Promise<never> {
  let options: WatchOptions;
  try {
    options = parseWatchArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`watch: ${err.message}\n\n${WATCH_USAGE}`);
    return process.exit(2);
  }
  if (options.help) {
    process.stdout.write(WATCH_USAGE);
    return process.exit(0);
  }

  // Known before anything could print them: scrubbed from stdout and stderr alike.
  const secrets = knownSecrets();

  const logOut = new LineOutput(process.stderr, {
    droppedLine: (count, t) => JSON.stringify({ level: 40, time: new Date(t).toISOString(), app: 'agent-toolbar', msg: 'log lines dropped: stderr could not keep up', dropped: count }),
  });
  const log = createToolbarLogger({ level: options.logLevel, secrets, sink: { write: (line: string) => logOut.event(line.endsWith('\n') ? line.slice(0, -1) : line) } });
  const out = new LineOutput(process.stdout, { droppedLine: (count, t) => droppedLine(options.json, count, t) });
  const watch = startSessionWatch(options, { printer: new LinePrinter(options.json, out, secrets), log, env: process.env, secrets });

  let exiting = false;
  const exit = async (code: number): Promise<void> => {
    if (exiting) return;
    exiting = true;
    const stopped = await withDeadline(watch.stop(), STOP_DEADLINE_MS);
    if (!stopped) log.warn({ deadlineMs: STOP_DEADLINE_MS }, 'session did not close in time; exiting anyway');
    if (!(await out.flush(FLUSH_DEADLINE_MS)) && !out.broken) log.warn({ deadlineMs: FLUSH_DEADLINE_MS, ...out.stats() }, 'stdout not drained in time; exiting anyway');
    await logOut.flush(FLUSH_DEADLINE_MS);
    process.exit(code);
  };

  out.onBroken((err) => {
    // `watch … | head -1`: the reader has what it wanted.
    if (isReaderGone(err)) log.info({}, 'stdout closed by its reader; closing');
    else log.error({ err: err.message }, 'stdout failed; closing');
    void exit(isReaderGone(err) ? 0 : 1);
  });
  const onSignal = (signal: NodeJS.Signals): void => {
    if (exiting) {
      // A second signal: the operator does not want to wait for the bounded close either.
      process.exit(0);
    }
    log.info({ signal }, 'signal: closing');
    void exit(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // SIGCONT after SIGSTOP stands for a laptop waking up: check before claiming (issue 15).
  process.on('SIGCONT', () => {
    const accepted = watch.session.wake('sigcont');
    log.info({ accepted }, 'SIGCONT: wake');
  });
  void watch.done.then((code) => exit(code));
  return new Promise<never>(() => undefined);
}

/** The secrets this process knows: the passwords from the environment (never from flags). */
function knownSecrets(): SecretValues {
  const secrets = new SecretValues();
  secrets.add(process.env.TSERVER_APP_PASSWORD);
  secrets.add(process.env.TSERVER_AGENT_PASSWORD);
  return secrets;
}

/** True when `promise` settled within `ms`. */
async function withDeadline(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([promise.then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  // Scrubbed like everything else, though no secret is known to reach here.
  process.stderr.write(knownSecrets().scrub(`watch: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`));
  process.exit(1);
});
