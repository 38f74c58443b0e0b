// Reconnect timing: gRPC connection-backoff constants with full jitter, a fleet
// spreading first delay and a per-attempt connect bound. Pure functions: the
// random number is always passed in, so every delay is reproducible in tests.
// Every default and why: docs/architecture.md, "Reconnect policy".
import type { ReconnectSettings } from '../api.ts';

export const DEFAULT_RECONNECT_SETTINGS: Readonly<ReconnectSettings> = Object.freeze({
  initialDelayMs: 1_000,
  multiplier: 1.6,
  // The recovery SLO (issue 9): online within 5 s p95 after an outage ends. Full jitter
  // over a 4 s cap puts the next attempt within ~3.7 s p95 and still spreads a fleet
  // (1,000 desktops: ~5 % per 100 ms).
  maxDelayMs: 4_000,
  // Single desktop: small enough to keep warm failover well under a second;
  // IT raises it for large fleets (see docs/architecture.md for the formula).
  firstDelayMaxMs: 100,
  // T-Library's own HA connect timeout is 3.6 s; a little slack for TLS.
  connectTimeoutMs: 4_000,
  // Floor against a misconfigured tiny timeout that would fail healthy servers.
  minConnectTimeoutMs: 1_000,
  // A server that breaks every session right after the open is redialled on the growing
  // backoff, not ~3 times a second forever (issue 9); a few seconds is "healthy".
  healthySessionMs: 5_000,
});

/** "Check now" hints are honoured at most this often (DESIGN.md §4). */
export const CHECK_NOW_MIN_INTERVAL_MS = 500;

/** Extra time a dial gets past its connect timeout before the loop gives up on it. */
export const DIAL_WATCHDOG_GRACE_MS = 1_000;

/** Largest delay the loop can ever wait before an attempt. */
export function maxWaitMs(s: ReconnectSettings): number {
  return Math.max(s.maxDelayMs, s.firstDelayMaxMs);
}

/**
 * Defaults overlaid with `overrides`, checked. Throws a RangeError naming the
 * field for anything that would make the loop spin or stall.
 */
export function reconnectSettings(overrides: Partial<ReconnectSettings> = {}): ReconnectSettings {
  if (typeof overrides !== 'object' || overrides === null) {
    throw new RangeError('reconnect settings must be an object');
  }
  const s: ReconnectSettings = { ...DEFAULT_RECONNECT_SETTINGS };
  for (const key of Object.keys(DEFAULT_RECONNECT_SETTINGS) as (keyof ReconnectSettings)[]) {
    const value = overrides[key];
    if (value !== undefined) s[key] = value;
  }
  for (const key of Object.keys(overrides)) {
    if (!(key in DEFAULT_RECONNECT_SETTINGS)) {
      throw new RangeError(`reconnect.${key} is not a known setting (known: ${Object.keys(DEFAULT_RECONNECT_SETTINGS).join(', ')})`);
    }
  }
  const need = (ok: boolean, key: keyof ReconnectSettings, rule: string) => {
    if (!ok) throw new RangeError(`reconnect.${key} must be ${rule} (got ${String(s[key])})`);
  };
  for (const key of Object.keys(s) as (keyof ReconnectSettings)[]) {
    need(typeof s[key] === 'number' && Number.isFinite(s[key]), key, 'a finite number');
  }
  need(s.initialDelayMs >= 1, 'initialDelayMs', '≥ 1 ms (0 would retry in a tight loop)');
  need(s.multiplier >= 1, 'multiplier', '≥ 1 (below 1 the waits would shrink)');
  need(s.maxDelayMs >= s.initialDelayMs, 'maxDelayMs', `≥ initialDelayMs (${s.initialDelayMs})`);
  need(s.firstDelayMaxMs >= 0, 'firstDelayMaxMs', '≥ 0');
  need(s.firstDelayMaxMs <= 600_000, 'firstDelayMaxMs', '≤ 600000 (10 minutes)');
  need(s.minConnectTimeoutMs >= 100, 'minConnectTimeoutMs', '≥ 100 ms');
  need(s.connectTimeoutMs >= 100, 'connectTimeoutMs', '≥ 100 ms');
  need(s.healthySessionMs >= 0, 'healthySessionMs', '≥ 0 ms');
  return Object.freeze(s);
}

/** A random source's value forced into [0, 1]; a broken source (NaN) waits the longest. */
function unit(random: number): number {
  if (Number.isNaN(random)) return 1;
  return Math.min(1, Math.max(0, random));
}

/**
 * Upper bound of the wait after `failures` consecutive failed attempts
 * (failures ≥ 1): initial × multiplier^(failures-1), capped, in whole ms.
 */
export function backoffCeilingMs(s: ReconnectSettings, failures: number): number {
  const n = Math.max(1, Math.floor(failures));
  // Whole milliseconds, so a jittered wait never rounds above its ceiling.
  return Math.round(Math.min(s.initialDelayMs * s.multiplier ** (n - 1), s.maxDelayMs));
}

/** Full jitter: a uniform wait in [0, ceiling]. Whole milliseconds. */
export function retryDelayMs(s: ReconnectSettings, failures: number, random: number): number {
  return Math.round(unit(random) * backoffCeilingMs(s, failures));
}

/** The wait before the first attempt of a loop: uniform in [0, firstDelayMaxMs]. */
export function firstDelayMs(s: ReconnectSettings, random: number): number {
  return Math.round(unit(random) * s.firstDelayMaxMs);
}

/**
 * Connect + open bound for every attempt. Constant on purpose (unlike gRPC,
 * whose deadline grows with the backoff): the loop is single-flight over an
 * alternating pair, so a long deadline on a silently dead endpoint would keep
 * the live one waiting. minConnectTimeoutMs only guards against a tiny setting.
 */
export function attemptConnectTimeoutMs(s: ReconnectSettings): number {
  return Math.max(s.connectTimeoutMs, s.minConnectTimeoutMs);
}

/**
 * After a wake (issue 15) the servers are often just coming back (both were down during
 * the sleep, or the network is still joining): for a while the waits are capped low so
 * the first server that accepts again is reached within ~1.5 s. A wake belongs to one
 * laptop, so this does not synchronise a fleet (a site-wide network return keeps the
 * first-delay spread and no cap).
 */
export const WAKE_RETRY = Object.freeze({ windowMs: 60_000, capMs: 1_500 });

/**
 * Hot standby: a leg whose loop runs while the other leg carries the session is only the
 * standby's. Nothing waits on it, and a fleet that switched over together must not keep
 * hammering its dead primary (issue 9's fleet-compare: ~4 refused dials per desktop in
 * 5 s): its waits are drawn from 0.5–2.5 × maxDelayMs (2–10 s with the defaults; Genesys
 * Workspace retries every 10 s). The moment the serving leg is lost, it hurries again.
 */
export const STANDBY_RETRY = Object.freeze({ minFactor: 0.5, maxFactor: 2.5 });

export function standbyRetryDelayMs(s: ReconnectSettings, random: number): number {
  return Math.round(s.maxDelayMs * (STANDBY_RETRY.minFactor + (STANDBY_RETRY.maxFactor - STANDBY_RETRY.minFactor) * unit(random)));
}

/**
 * A warm backup that answers "not primary yet" (EventError 58) is most likely
 * being promoted: it is retried soon and alone instead of backing off and
 * alternating to the dead primary — within a bounded window and attempt count,
 * so a backup that is never promoted is not hammered (issue 8, the fleet bench).
 */
export const PROMOTION_RETRY = Object.freeze({ baseMs: 250, windowMs: 5_000, maxAttempts: 12, jitter: 0.05 });

/** One round of re-asks: the fleet's first-delay spread, at least PROMOTION_RETRY.baseMs. */
export function promotionRoundMs(s: ReconnectSettings): number {
  return Math.max(PROMOTION_RETRY.baseMs, s.firstDelayMaxMs);
}

/**
 * The wait before re-asking a backup that is being promoted, counted from when the
 * refused dial was due: one round (the first-delay spread, at least 250 ms), plus up to
 * 5 % — or up to the 250 ms floor's excess over the spread, so a fleet left on a spread
 * below it does not come back denser than its first round. A desktop refused at t of the
 * spread comes back at t + spread — its place in the next round, after every first
 * attempt of the fleet — so the backup's arrivals stay as uniform as the first round's
 * instead of the re-asks piling onto the first attempts still arriving (issue 8's fleet
 * peak). The jitter only ever adds, for the same reason: a re-ask earlier than one
 * spread would land among the first round. Never above the loop's longest wait.
 */
export function promotionRetryDelayMs(s: ReconnectSettings, random: number): number {
  const round = promotionRoundMs(s);
  const spread = Math.max(round * PROMOTION_RETRY.jitter, round - s.firstDelayMaxMs);
  return Math.min(maxWaitMs(s), Math.round(round + spread * unit(random)));
}
