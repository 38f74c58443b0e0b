// `npm run soak -- --minutes N [--mode warm|hot] [--seed S]`: prints progress and
// violations on stderr, the summary on stdout ending with
// "faults: N, recoveries: N, violations: N"; exit 0 clean, 1 on any violation
// (or a run that could not be carried out), 2 on bad arguments.
import { writeFileSync } from 'node:fs';
import { ArgsError, USAGE, parseSoakArgs } from './args.ts';
import { runSoak } from './soak.ts';

async function main(): Promise<number> {
  let args;
  try {
    args = parseSoakArgs(process.argv.slice(2));
  } catch (err) {
    if (!(err instanceof ArgsError)) throw err;
    process.stderr.write(`${err.message}\n${USAGE}\n`);
    return 2;
  }
  if (!args) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  process.stderr.write(`soak: ${args.minutes} min, mode ${args.mode}, seed ${args.seed} (repeat with --seed ${args.seed})\n`);
  const result = await runSoak(args, (line) => process.stderr.write(`${line}\n`));
  if (args.report) writeFileSync(args.report, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${result.lines.join('\n')}\n`);
  return result.violations === 0 ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    // The run itself broke (the simulator child, the control API): no summary line, exit 1.
    process.stderr.write(`soak: run failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
