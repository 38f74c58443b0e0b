import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_RECONNECT_SETTINGS,
  attemptConnectTimeoutMs,
  backoffCeilingMs,
  firstDelayMs,
  reconnectSettings,
  retryDelayMs,
} from '../../../app/main/tserver/session/reconnect/reconnect-policy.ts';
import { dialOrder, endpointForAttempt } from '../../../app/main/tserver/session/reconnect/endpoint-rotation.ts';
import { dialErrorInfo } from '../../../app/main/tserver/session/reconnect/dial-error.ts';

// A 30 s cap shows the growth over more steps than the 4 s default does.
const s = reconnectSettings({ maxDelayMs: 30_000 });
const delays = (random: number, n: number) => Array.from({ length: n }, (_, i) => retryDelayMs(s, i + 1, random));

describe('reconnect policy: backoff', () => {
  it('uses the gRPC constants, a 4 s cap (the recovery SLO) and a small first delay by default', () => {
    expect(DEFAULT_RECONNECT_SETTINGS).toEqual({
      initialDelayMs: 1000,
      multiplier: 1.6,
      maxDelayMs: 4000,
      firstDelayMaxMs: 100,
      connectTimeoutMs: 4000,
      minConnectTimeoutMs: 1000,
      healthySessionMs: 5000,
    });
  });

  it('grows ×1.6 per failed attempt up to the cap (random = 1)', () => {
    expect(delays(1, 11)).toEqual([1000, 1600, 2560, 4096, 6554, 10486, 16777, 26844, 30000, 30000, 30000]);
  });

  it('full jitter scales the whole wait (random = 0.5 gives half, 0 gives none)', () => {
    expect(delays(0.5, 10)).toEqual([500, 800, 1280, 2048, 3277, 5243, 8389, 13422, 15000, 15000]);
    expect(delays(0, 10)).toEqual(Array(10).fill(0));
  });

  it('never overflows for huge failure counts', () => {
    expect(backoffCeilingMs(s, 1e6)).toBe(30000);
    expect(retryDelayMs(s, Number.MAX_SAFE_INTEGER, 0.999)).toBeLessThanOrEqual(30000);
  });

  it('a broken random source waits the longest instead of NaN', () => {
    expect(retryDelayMs(s, 3, Number.NaN)).toBe(2560);
    expect(retryDelayMs(s, 3, 7)).toBe(2560);
    expect(retryDelayMs(s, 3, -1)).toBe(0);
  });

  it('first delay is uniform in [0, firstDelayMaxMs]', () => {
    expect(firstDelayMs(s, 0)).toBe(0);
    expect(firstDelayMs(s, 0.5)).toBe(50);
    expect(firstDelayMs(s, 1)).toBe(100);
    expect(firstDelayMs(reconnectSettings({ firstDelayMaxMs: 2000 }), 0.25)).toBe(500);
  });

  it('connect timeout is the configured bound, floored by minConnectTimeoutMs', () => {
    expect(attemptConnectTimeoutMs(s)).toBe(4000);
    expect(attemptConnectTimeoutMs(reconnectSettings({ connectTimeoutMs: 200 }))).toBe(1000);
    expect(attemptConnectTimeoutMs(reconnectSettings({ connectTimeoutMs: 9000 }))).toBe(9000);
  });

  it('property: every wait is within [0, cap] for any valid settings, failure count and random', () => {
    const settings = fc
      .record({
        initialDelayMs: fc.integer({ min: 1, max: 60_000 }),
        multiplier: fc.double({ min: 1, max: 10, noNaN: true }),
        extra: fc.integer({ min: 0, max: 600_000 }),
      })
      .map(({ initialDelayMs, multiplier, extra }) =>
        reconnectSettings({ initialDelayMs, multiplier, maxDelayMs: initialDelayMs + extra }),
      );
    fc.assert(
      fc.property(settings, fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (st, failures, r) => {
        const d = retryDelayMs(st, failures, r);
        return Number.isInteger(d) && d >= 0 && d <= st.maxDelayMs && d <= backoffCeilingMs(st, failures);
      }),
    );
  });
});

describe('reconnect policy: settings', () => {
  it.each([
    [{ initialDelayMs: 0 }, /initialDelayMs must be ≥ 1 ms/],
    [{ multiplier: 0.5 }, /multiplier must be ≥ 1/],
    [{ maxDelayMs: 10 }, /maxDelayMs must be ≥ initialDelayMs \(1000\)/],
    [{ firstDelayMaxMs: -1 }, /firstDelayMaxMs must be ≥ 0/],
    [{ connectTimeoutMs: Number.NaN }, /connectTimeoutMs must be a finite number/],
    [{ minConnectTimeoutMs: '5' as unknown as number }, /minConnectTimeoutMs must be a finite number \(got 5\)/],
    [{ retries: 3 } as never, /reconnect\.retries is not a known setting/],
  ])('rejects %o with a clear error', (overrides, message) => {
    expect(() => reconnectSettings(overrides)).toThrow(message);
  });

  it('rejects a non-object', () => {
    expect(() => reconnectSettings(null as never)).toThrow(/must be an object/);
  });

  it('overlays the defaults and freezes the result', () => {
    const st = reconnectSettings({ firstDelayMaxMs: 1500 });
    expect(st.firstDelayMaxMs).toBe(1500);
    expect(st.maxDelayMs).toBe(4000);
    expect(Object.isFrozen(st)).toBe(true);
  });
});

describe('endpoint rotation', () => {
  it('after losing one of the pair, the other first, then alternating', () => {
    const order = dialOrder(['a', 'b'], 'a');
    expect([1, 2, 3, 4, 5].map((n) => endpointForAttempt(order, n))).toEqual(['b', 'a', 'b', 'a', 'b']);
    const order2 = dialOrder(['a', 'b'], 'b');
    expect([1, 2, 3].map((n) => endpointForAttempt(order2, n))).toEqual(['a', 'b', 'a']);
  });

  it('at startup, the configured order (primary first)', () => {
    expect(dialOrder(['a', 'b'])).toEqual(['a', 'b']);
  });

  it('puts the lost endpoint last for longer lists and a single endpoint alone', () => {
    expect(dialOrder(['a', 'b', 'c'], 'b')).toEqual(['c', 'a', 'b']);
    expect(dialOrder(['x'], 'x')).toEqual(['x']);
  });

  it('rejects an unknown endpoint and an empty list', () => {
    expect(() => dialOrder(['a', 'b'], 'z')).toThrow(/unknown endpoint "z" \(known: a, b\)/);
    expect(() => dialOrder([])).toThrow(/at least one endpoint/);
  });
});

describe('dial error info', () => {
  it('keeps code, message and retryable from the error', () => {
    const e = Object.assign(new Error('bad password'), { code: 1705, retryable: false });
    expect(dialErrorInfo(e, 'a')).toEqual({ code: 1705, message: 'bad password', retryable: false, server: 'a' });
  });

  it('treats anything without retryable:false as retryable', () => {
    expect(dialErrorInfo(new Error('ECONNRESET'), 'b')).toEqual({ code: null, message: 'ECONNRESET', retryable: true, server: 'b' });
    expect(dialErrorInfo(undefined, 'b')).toEqual({ code: null, message: 'connection attempt failed', retryable: true, server: 'b' });
    expect(dialErrorInfo('boom', 'b').message).toBe('boom');
    expect(dialErrorInfo({ code: 'ECONNREFUSED', message: 'refused' }, 'b').code).toBeNull();
  });
});
