// bench/lib/stats.ts: nearest-rank percentiles and the sliding-window peak the
// benchmark reports rest on.
import { describe, expect, it } from 'vitest';
import { peakInWindow, percentile, summarize } from '../../../bench/lib/stats.ts';

describe('percentile (nearest rank)', () => {
  it('returns measured values, never interpolated ones', () => {
    const v = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(v, 50)).toBe(5);
    expect(percentile(v, 95)).toBe(10);
    expect(percentile(v, 100)).toBe(10);
    expect(percentile(v, 10)).toBe(1);
    expect(percentile([7], 95)).toBe(7);
  });

  it('p95 of 30 samples is the 29th smallest', () => {
    const v = Array.from({ length: 30 }, (_, i) => 30 - i);
    expect(percentile(v, 95)).toBe(29);
  });

  it('rejects no samples and out-of-range p', () => {
    expect(() => percentile([], 50)).toThrow(RangeError);
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('rounds to 0.1 ms', () => {
    expect(summarize([1.04, 2.06, 3])).toEqual({ n: 3, min: 1, p50: 2.1, p95: 3, max: 3, mean: 2 });
  });
});

describe('peakInWindow', () => {
  it('counts a burst straddling a bucket edge as one window', () => {
    // 95..104 would be split 5/5 by fixed 100 ms buckets.
    const t = [95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 500];
    expect(peakInWindow(t, 100)).toBe(10);
  });

  it('the window is half-open: t and t + window are in different windows', () => {
    expect(peakInWindow([0, 100, 200], 100)).toBe(1);
    expect(peakInWindow([0, 99.9, 200], 100)).toBe(2);
  });

  it('handles unsorted input, no input and rejects a bad window', () => {
    expect(peakInWindow([300, 0, 250, 50], 100)).toBe(2);
    expect(peakInWindow([], 100)).toBe(0);
    expect(() => peakInWindow([1], 0)).toThrow(RangeError);
  });
});
