// Benchmark output discipline: one JSON object per line on stdout (the
// machine-readable results), everything for humans on stderr.
import os from 'node:os';

export function emitResult(result: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

export function progress(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Where and under what load a run happened, for the results table. */
export function environment(): { node: string; cpus: number; loadavg: number[] } {
  return { node: process.version, cpus: os.cpus().length, loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100) };
}
