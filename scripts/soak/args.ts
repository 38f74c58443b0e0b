// Command line of `npm run soak` (docs/PERFORMANCE.md "Soak and leak").
import { parseArgs } from 'node:util';
import type { HaMode } from '../../app/shared/connectivity.ts';

export interface SoakArgs {
  minutes: number;
  mode: HaMode;
  seed: number;
  /** Client ADDP timeout (the server is asked to ping after as long too). */
  addpMs: number;
  /** Simulator: the backup is promoted this long after the primary crashes or hangs. */
  promoteDelayMs: number;
  /** Simulator: the switch logs the agent out when nobody has the DN registered this long. */
  logoutOnDisconnectMs: number;
  /** Write the full result (violations with context) as JSON here. */
  report: string | null;
  /** Print every schedule step on stderr (default: episodes and violations only). */
  verbose: boolean;
}

export const USAGE = `usage: npm run soak -- [--minutes N] [--mode warm|hot] [--seed S]
                     [--addp-ms 1000] [--promote-delay-ms 0] [--logout-on-disconnect-ms 4000]
                     [--report FILE] [--verbose]
Seeded chaos against the simulator pair; prints a summary ending with
"faults: N, recoveries: N, violations: N" and exits 1 on any violation.`;

export class ArgsError extends Error {}

function number(name: string, raw: string | undefined, fallback: number, min: number, max: number, integer: boolean): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new ArgsError(`--${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, not ${JSON.stringify(raw)}`);
  }
  return n;
}

/** null: --help was asked for. */
export function parseSoakArgs(argv: readonly string[]): SoakArgs | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        minutes: { type: 'string' },
        mode: { type: 'string' },
        seed: { type: 'string' },
        'addp-ms': { type: 'string' },
        'promote-delay-ms': { type: 'string' },
        'logout-on-disconnect-ms': { type: 'string' },
        report: { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new ArgsError(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  if (v.help) return null;
  const mode = v.mode ?? 'warm';
  if (mode !== 'warm' && mode !== 'hot') throw new ArgsError(`--mode must be warm or hot, not ${JSON.stringify(mode)}`);
  return {
    minutes: number('minutes', v.minutes, 1, 0.1, 24 * 60, false),
    mode,
    // No seed given: a fresh one, printed in the summary so the run can be repeated.
    seed: number('seed', v.seed, Math.floor(Math.random() * 2 ** 31), 0, 2 ** 32 - 1, true),
    addpMs: number('addp-ms', v['addp-ms'], 1000, 100, 60_000, true),
    promoteDelayMs: number('promote-delay-ms', v['promote-delay-ms'], 0, 0, 60_000, true),
    logoutOnDisconnectMs: number('logout-on-disconnect-ms', v['logout-on-disconnect-ms'], 4000, 0, 600_000, true),
    report: v.report ?? null,
    verbose: v.verbose ?? false,
  };
}
