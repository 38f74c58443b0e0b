// Order statistics for latency samples. Nearest-rank percentiles (no
// interpolation), so every reported number is a value that was measured.

export interface LatencySummary {
  n: number;
  min: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of `values` (p in (0, 100]); throws on an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError('percentile of no samples');
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile must be in (0, 100], got ${p}`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[rank - 1]!;
}

/** Milliseconds rounded to 0.1 ms: finer than that is noise on a shared machine. */
export const round1 = (ms: number): number => Math.round(ms * 10) / 10;

export function summarize(values: readonly number[]): LatencySummary {
  if (values.length === 0) throw new RangeError('summary of no samples');
  const sum = values.reduce((a, b) => a + b, 0);
  return {
    n: values.length,
    min: round1(Math.min(...values)),
    p50: round1(percentile(values, 50)),
    p95: round1(percentile(values, 95)),
    max: round1(Math.max(...values)),
    mean: round1(sum / values.length),
  };
}

/**
 * Largest number of timestamps inside any window of `windowMs` (sliding, not
 * bucketed: a burst straddling a bucket edge still counts whole).
 */
export function peakInWindow(timestamps: readonly number[], windowMs: number): number {
  if (!(windowMs > 0)) throw new RangeError(`window must be > 0 ms, got ${windowMs}`);
  const t = [...timestamps].sort((a, b) => a - b);
  let peak = 0;
  let lo = 0;
  for (let hi = 0; hi < t.length; hi++) {
    while (t[hi]! - t[lo]! >= windowMs) lo++;
    peak = Math.max(peak, hi - lo + 1);
  }
  return peak;
}
