import { describe, expect, it } from 'vitest';
import { countdown, formatClock, formatElapsed } from '../../../app/renderer/lib/countdown.ts';

describe('formatClock', () => {
  it.each([
    [0, '0:00'],
    [1, '0:01'],
    [999, '0:01'],
    [1000, '0:01'],
    [1001, '0:02'],
    [7000, '0:07'],
    [59_001, '1:00'],
    [90_000, '1:30'],
    [30 * 60_000, '30:00'],
    [-5000, '0:00'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatClock(ms)).toBe(text);
  });
});

describe('countdown with a fake clock', () => {
  it('counts down to the attempt and then says it is dialing', () => {
    const due = 50_000;
    const seen: string[] = [];
    for (let now = due - 7_000; now <= due + 500; now += 500) {
      const c = countdown(due, now);
      seen.push(c.kind === 'waiting' ? c.clock : 'dialing');
    }
    expect(seen).toEqual([
      '0:07', '0:07', '0:06', '0:06', '0:05', '0:05', '0:04', '0:04', '0:03', '0:03', '0:02', '0:02', '0:01', '0:01', 'dialing', 'dialing',
    ]);
  });

  it('is dialing when no attempt time is set or the time is not a number', () => {
    expect(countdown(null, 1)).toEqual({ kind: 'dialing' });
    expect(countdown(Number.NaN, 1)).toEqual({ kind: 'dialing' });
  });

  it('reports the exact remaining time', () => {
    expect(countdown(10_250, 3_000)).toEqual({ kind: 'waiting', remainingMs: 7_250, clock: '0:08' });
  });
});

describe('formatElapsed (time in state)', () => {
  it.each([
    [0, '0:00'],
    [999, '0:00'],
    [1000, '0:01'],
    [125_000, '2:05'],
    [3_599_999, '59:59'],
    [3_600_000, '1:00:00'],
    [3_725_000, '1:02:05'],
    [-5, '0:00'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatElapsed(ms)).toBe(text);
  });
});
