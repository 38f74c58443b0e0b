// Tiny benchmark harness: warm-up, several timed rounds, median rate.
// Each round runs `fn` for about `roundMs` and counts operations per second.

export interface MeasureOptions {
  warmupMs: number;
  roundMs: number;
  rounds: number;
}

export interface Measurement {
  /** Median operations per second over the timed rounds. */
  median: number;
  min: number;
  max: number;
  rounds: number;
}

// Keeps results reachable so the optimiser cannot drop the measured work.
let sink: unknown;
export const lastSink = (): unknown => sink;

function runFor(fn: () => unknown, ms: number): number {
  const batch = 1000;
  let ops = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(ms * 1e6));
  let elapsed = 0n;
  do {
    for (let i = 0; i < batch; i++) sink = fn();
    ops += batch;
    elapsed = process.hrtime.bigint() - start;
  } while (elapsed < budget);
  return ops / (Number(elapsed) / 1e9);
}

const median = (sorted: number[]): number => {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Measures several functions with their rounds interleaved (A B C A B C ...), so
 * that load from other processes on a shared machine hits every contender alike.
 */
export function measureAll<K extends string>(fns: Record<K, () => unknown>, options: MeasureOptions): Record<K, Measurement> {
  const names = Object.keys(fns) as K[];
  for (const name of names) runFor(fns[name], options.warmupMs);
  const rates = new Map<K, number[]>(names.map((n) => [n, []]));
  for (let i = 0; i < options.rounds; i++) {
    for (const name of names) rates.get(name)!.push(runFor(fns[name], options.roundMs));
  }
  const result = {} as Record<K, Measurement>;
  for (const name of names) {
    const sorted = rates.get(name)!.sort((a, b) => a - b);
    result[name] = { median: median(sorted), min: sorted[0]!, max: sorted[sorted.length - 1]!, rounds: sorted.length };
  }
  return result;
}
