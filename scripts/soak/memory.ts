// RSS and heap over a run, and the process's handle counts. Heap is read after
// a full GC when the process runs with --expose-gc (npm run soak does), so what
// is measured is what is retained, not garbage waiting to be collected.
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface MemorySample {
  /** ms into the run. */
  t: number;
  rss: number;
  heapUsed: number;
}

export interface Growth {
  /** Median of the last quarter − median of the first quarter (after warm-up), bytes. */
  growthBytes: number;
  /** Least-squares slope over the samples after warm-up, bytes per minute. */
  slopePerMin: number;
  first: number;
  last: number;
  max: number;
}

const gc = (globalThis as { gc?: () => void }).gc;
export const gcExposed = typeof gc === 'function';

/** Two full collections: the first may only queue finalizers that free more. */
export function collect(): void {
  gc?.();
  gc?.();
}

/** Count of active handles and requests by type (process.getActiveResourcesInfo). */
export function resourceCounts(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of process.getActiveResourcesInfo()) counts[r] = (counts[r] ?? 0) + 1;
  return counts;
}

/** Types whose count in `after` exceeds `before`, with both numbers. */
export function resourceGrowth(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys(after)
    .filter((k) => (after[k] ?? 0) > (before[k] ?? 0))
    .map((k) => `${k} ${before[k] ?? 0} → ${after[k] ?? 0}`);
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[Math.floor((s.length - 1) / 2)] as number);
};

export function growthOf(samples: readonly MemorySample[], key: 'rss' | 'heapUsed', warmupMs: number): Growth {
  const all = samples.map((s) => s[key]);
  const xs = samples.filter((s) => s.t >= warmupMs);
  const use = xs.length >= 4 ? xs : samples;
  const q = Math.max(1, Math.floor(use.length / 4));
  const head = use.slice(0, q).map((s) => s[key]);
  const tail = use.slice(-q).map((s) => s[key]);
  const n = use.length;
  const mt = use.reduce((a, s) => a + s.t, 0) / n;
  const mv = use.reduce((a, s) => a + s[key], 0) / n;
  const cov = use.reduce((a, s) => a + (s.t - mt) * (s[key] - mv), 0);
  const vt = use.reduce((a, s) => a + (s.t - mt) ** 2, 0);
  return {
    growthBytes: median(tail) - median(head),
    slopePerMin: vt > 0 ? (cov / vt) * 60_000 : 0,
    first: all[0] ?? 0,
    last: all[all.length - 1] ?? 0,
    max: Math.max(0, ...all),
  };
}

export class MemorySampler {
  readonly samples: MemorySample[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly loop = monitorEventLoopDelay({ resolution: 10 });

  constructor(
    private readonly elapsed: () => number,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.loop.enable();
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.loop.disable();
  }

  sample(): void {
    collect();
    const m = process.memoryUsage();
    this.samples.push({ t: this.elapsed(), rss: m.rss, heapUsed: m.heapUsed });
  }

  eventLoopDelay(): { p99Ms: number; maxMs: number } {
    return { p99Ms: this.loop.percentile(99) / 1e6, maxMs: this.loop.max / 1e6 };
  }
}
