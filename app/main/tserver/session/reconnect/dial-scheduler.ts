// The single-flight dial loop: at most one dial in flight, waits drawn from the
// reconnect policy, endpoints alternated, "check now" hints throttled. It knows
// nothing about sockets: the session injects `dial`. Warm mode uses one
// scheduler over the pair; hot mode one scheduler per endpoint (a list of one).
import type { ErrorInfo } from '../../../../shared/connectivity.ts';
import type { CheckNowReason, ReconnectSettings } from '../api.ts';
import type { CoreLogger } from '../../core-logger.ts';
import { silentLogger } from '../../core-logger.ts';
import { EndpointRecords } from '../endpoint-records.ts';
import { DialDidNotSettleError, dialErrorInfo } from './dial-error.ts';
import { dialOrder, endpointForAttempt, preferredOrder } from './endpoint-rotation.ts';
import {
  CHECK_NOW_MIN_INTERVAL_MS,
  DIAL_WATCHDOG_GRACE_MS,
  PROMOTION_RETRY,
  WAKE_RETRY,
  standbyRetryDelayMs,
  attemptConnectTimeoutMs,
  firstDelayMs,
  promotionRetryDelayMs,
  promotionRoundMs,
  reconnectSettings,
  retryDelayMs,
} from './reconnect-policy.ts';
import { systemTimers, type Timers } from './timers.ts';

/** idle: nothing to do (connected or stopped) · waiting: timer armed · dialling: one dial in flight · failed: a not-retryable answer stopped the loop. */
export type DialPhase = 'idle' | 'waiting' | 'dialling' | 'failed';

/** Why the loop was started. `wake`: a connection lost to a wake probe (issue 15) — not a failure. */
export type DialStartReason = 'startup' | 'connection-lost' | 'wake';

export interface DialStartOptions {
  /**
   * The lost endpoint's end was heard (closed, reset, garbage): it is up or refuses at
   * once. While the other endpoint answers "not primary yet" (58), it is asked once too:
   * a primary that broke one session is usually still the primary.
   */
  lostAnswersQuickly?: boolean;
}

/**
 * Opens and hands over one session. Resolve on success; reject with an error
 * carrying `retryable: false` for answers that retrying cannot fix (bad
 * application password, bad agent credentials, unknown DN), anything else is
 * retried. Must give up by `connectTimeoutMs` and close whatever it opened once
 * `signal` aborts (stop(), or the loop's watchdog gave up on it).
 */
export type DialFn = (endpoint: string, attempt: number, connectTimeoutMs: number, signal: AbortSignal) => Promise<unknown>;

export interface EndpointDialState {
  name: string;
  /** Failed attempts since this endpoint last connected. */
  consecutiveFailures: number;
  lastError: ErrorInfo | null;
  lastAttemptAt: number | null;
  lastConnectedAt: number | null;
}

export interface DialSchedulerState {
  phase: DialPhase;
  /** What started the loop, or the last accepted hint. */
  reason: DialStartReason | CheckNowReason | null;
  /** Number of the attempt being made or waited for, 1-based in this loop; 0 when idle. */
  attempt: number;
  /** Epoch ms of the next attempt while waiting, else null. */
  nextAttemptAt: number | null;
  /** The endpoint being dialled or to be dialled next. */
  nextServer: string | null;
  lastError: ErrorInfo | null;
  endpoints: readonly EndpointDialState[];
}

export interface DialSchedulerOptions {
  /** Endpoint names in configured order, primary first. */
  endpoints: readonly string[];
  settings?: Partial<ReconnectSettings>;
  dial: DialFn;
  /** Wall time, for the snapshot's `nextAttemptAt` and the records. */
  now?: () => number;
  /** Every duration (throttle, windows, healthy session, comparisons of waits); default: `now`. */
  monotonic?: () => number;
  /** Uniform in [0, 1). */
  random?: () => number;
  timers?: Timers;
  /** A change listener threw; the loop carries on regardless. */
  onListenerError?: (error: unknown) => void;
  /** The per-endpoint records, shared with the session (and the other loops in hot mode). */
  records?: EndpointRecords;
  /** Dial outcomes, one line each. */
  logger?: CoreLogger;
  /**
   * Whether a refusal means "being promoted, ask again soon" (warm standby: EventError 58
   * from a backup). Such an endpoint is re-dialled alone after a short jittered wait,
   * without growing the backoff, within PROMOTION_RETRY's window and attempt bound.
   */
  promotionPending?: (error: ErrorInfo) => boolean;
  /**
   * Hot standby: another connection carries the session, so this loop only brings back the
   * standby — its waits are the calm STANDBY_RETRY ones (checked when a wait is armed
   * after a failure and again when a wait ends).
   */
  served?: () => boolean;
}

export class DialScheduler {
  readonly settings: ReconnectSettings;
  readonly #endpoints: readonly string[];
  readonly #dial: DialFn;
  readonly #now: () => number;
  readonly #mono: () => number;
  readonly #random: () => number;
  readonly #timers: Timers;
  readonly #onListenerError: (error: unknown) => void;
  readonly #listeners = new Set<(state: DialSchedulerState) => void>();
  readonly #records: EndpointRecords;
  readonly #log: CoreLogger;
  readonly #promotionPending: (error: ErrorInfo) => boolean;
  readonly #served: () => boolean;
  /** The armed wait is already a calm standby one (see `served`). */
  #calmWait = false;

  #phase: DialPhase = 'idle';
  #reason: DialSchedulerState['reason'] = null;
  #order: string[] = [];
  #attempt = 0;
  /** Position in the dial order (1-based like attempts); a backup re-asked while being promoted does not advance it. */
  #slot = 0;
  /** Consecutive failed attempts in this loop: drives the backoff. */
  #failures = 0;
  #nextAttemptAt: number | null = null;
  /** The same instant on the monotonic clock: what hints compare with. */
  #dueMono: number | null = null;
  #lastError: ErrorInfo | null = null;
  #waitTimer: { handle: unknown } | null = null;
  #watchdog: { handle: unknown } | null = null;
  /** The one dial in flight; a settle from any other controller is stale and ignored. */
  #inFlight: AbortController | null = null;
  #lastHintAt = Number.NEGATIVE_INFINITY;
  /** Set while a backup being promoted is re-asked alone (see promotionPending); the budget is per loop. */
  #pinned: string | null = null;
  #promotionSince: number | null = null;
  /** Until when (monotonic) the waits are capped after a wake (WAKE_RETRY). */
  #wakeCapUntil = Number.NEGATIVE_INFINITY;
  /** What started this loop (hints change `#reason`, not this). */
  #startedBy: DialStartReason | null = null;
  #promotionRetries = 0;
  /** When the last dial succeeded, and the failures before it: a session lost before `healthySessionMs` keeps them. */
  #sessionSince: number | null = null;
  #failuresBeforeSession = 0;
  /** Failed attempts in this loop only (not those kept from short sessions): what "failing for a while" means. */
  #loopFailures = 0;
  /** The endpoint whose loss started this loop ('connection-lost'), else null. */
  #lost: string | null = null;
  #lostAnswersQuickly = false;
  /** The lost endpoint is being asked once while the other is re-asked (see DialStartOptions). */
  #askingLost = false;
  #lostAsked = false;
  /**
   * When the dial in flight (or the last one) was due (monotonic): its place in the spread.
   * A timer that fired late because the event loop was busy still counts from its due time.
   */
  #dialDueAt = 0;
  /**
   * When the backup being promoted is asked again: one spread after the refused dial was
   * due, not after its answer, so neither a server that answers a burst of refusals at once
   * (busy, or still tearing down the dead primary's sessions) nor a busy desktop that dialled
   * late bunches the re-asks.
   */
  #reaskDueAt: number | null = null;

  constructor(options: DialSchedulerOptions) {
    const names = options.endpoints;
    if (!Array.isArray(names) || names.length === 0) throw new RangeError('DialScheduler needs at least one endpoint');
    if (new Set(names).size !== names.length) throw new RangeError(`endpoint names must be unique (got ${names.join(', ')})`);
    if (typeof options.dial !== 'function') throw new TypeError('DialScheduler needs a dial function');
    this.settings = reconnectSettings(options.settings);
    this.#endpoints = [...names];
    this.#dial = options.dial;
    this.#now = options.now ?? Date.now;
    this.#mono = options.monotonic ?? options.now ?? (() => performance.now());
    this.#random = options.random ?? Math.random;
    this.#timers = options.timers ?? systemTimers;
    this.#onListenerError = options.onListenerError ?? (() => {});
    this.#records = options.records ?? new EndpointRecords(names);
    for (const name of names) if (!this.#records.has(name)) throw new RangeError(`endpoint "${name}" has no record`);
    this.#log = options.logger ?? silentLogger;
    this.#promotionPending = options.promotionPending ?? (() => false);
    this.#served = options.served ?? (() => false);
  }

  state(): DialSchedulerState {
    return {
      phase: this.#phase,
      reason: this.#reason,
      attempt: this.#attempt,
      nextAttemptAt: this.#nextAttemptAt,
      nextServer: this.#phase === 'idle' || this.#phase === 'failed' ? null : this.#nextEndpoint(),
      lastError: this.#lastError,
      endpoints: this.#records.all(this.#endpoints).map(({ name, consecutiveFailures, lastError, lastAttemptAt, lastConnectedAt }) => ({
        name,
        consecutiveFailures,
        lastError,
        lastAttemptAt,
        lastConnectedAt,
      })),
    };
  }

  #nextEndpoint(): string {
    if (this.#askingLost && this.#lost !== null) return this.#lost;
    if (this.#pinned) return this.#pinned;
    const n = this.#order.length;
    // Failures kept from short sessions do not count: right after a loss, the endpoint
    // that accepted last is the one that was just lost (a demoted warm backup, soak finding 4).
    const preferred = n > 1 && this.#loopFailures >= 2 * n ? this.#lastAccepting() : null;
    if (preferred === null) return endpointForAttempt(this.#order, this.#slot);
    // Every endpoint has been failing for a while: the one that most recently accepted a
    // session is the likeliest to come back first (after a long outage, the unpromoted
    // backup would only refuse): it gets two attempts out of three.
    if (this.#slot % 3 !== 0) return preferred;
    const others = this.#order.filter((name) => name !== preferred);
    return endpointForAttempt(others, Math.floor(this.#slot / 3));
  }

  /** The endpoint whose last successful dial is the most recent, if any ever succeeded. */
  #lastAccepting(): string | null {
    let best: { name: string; at: number } | null = null;
    for (const r of this.#records.all(this.#endpoints)) {
      if (r.lastConnectedAt !== null && (best === null || r.lastConnectedAt > best.at)) best = { name: r.name, at: r.lastConnectedAt };
    }
    return best?.name ?? null;
  }

  #unpin(): void {
    this.#pinned = null;
  }

  /** A new loop (start, stop, success): a fresh budget for re-asking a backup being promoted, counted from now. */
  #resetPromotion(): void {
    this.#pinned = null;
    this.#promotionSince = this.#mono();
    this.#promotionRetries = 0;
    this.#askingLost = false;
    this.#lostAsked = false;
    this.#loopFailures = 0;
    this.#reaskDueAt = null;
  }

  /** Called on every change of state(); returns an unsubscribe function. */
  onChange(listener: (state: DialSchedulerState) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Arms the loop: the first attempt after a random first delay, to the other
   * endpoint than `lostEndpoint` when given. False when already running.
   */
  start(reason: DialStartReason, lostEndpoint?: string, options: DialStartOptions = {}): boolean {
    if (this.#phase === 'waiting' || this.#phase === 'dialling') return false;
    this.#lost = reason === 'connection-lost' ? (lostEndpoint ?? null) : null;
    this.#lostAnswersQuickly = this.#lost !== null && options.lostAnswersQuickly === true;
    this.#order = reason === 'wake' ? preferredOrder(this.#endpoints, lostEndpoint ?? null) : dialOrder(this.#endpoints, lostEndpoint);
    this.#reason = reason;
    this.#startedBy = reason;
    if (reason === 'wake') this.#wakeCapUntil = this.#mono() + WAKE_RETRY.windowMs;
    this.#attempt = 1;
    this.#slot = 1;
    this.#lastError = null;
    this.#resetPromotion();
    const since = this.#sessionSince;
    this.#sessionSince = null;
    if (reason === 'connection-lost' && since !== null && this.#mono() - since < this.settings.healthySessionMs) {
      // The session did not stay healthy: it counts as one more failure, and the wait grows.
      this.#failures = this.#failuresBeforeSession + 1;
      this.#log.info({ lost: lostEndpoint ?? null, upForMs: Math.round(this.#mono() - since), failures: this.#failures }, 'session lost soon after it opened: backoff kept');
      this.#arm(retryDelayMs(this.settings, this.#failures, this.#random()));
    } else {
      this.#failures = 0;
      // A wake is not a failure: redial the endpoint that carried the session, now.
      this.#arm(reason === 'wake' ? 0 : firstDelayMs(this.settings, this.#random()));
    }
    this.#notify();
    return true;
  }

  /**
   * The machine woke (issue 15): a wake is not a failure. While waiting, the backoff
   * starts over and the attempt goes now, to `preferred` (the endpoint that last carried
   * the session) first. Anything else (idle, dialling, failed): false. Not throttled: the
   * session makes several hints one wake. `spread`: the hint reaches a whole site at once
   * (the network came back), so the attempt comes within the first-delay spread instead.
   */
  wake(preferred: string | null, spread = false): boolean {
    if (this.#phase !== 'waiting') return false;
    if (!spread) this.#wakeCapUntil = this.#mono() + WAKE_RETRY.windowMs;
    this.#order = preferredOrder(this.#endpoints, preferred);
    this.#lost = null;
    this.#slot = 1;
    this.#failures = 0;
    this.#sessionSince = null;
    this.#resetPromotion();
    this.#startedBy = 'wake';
    this.#reason = 'wake';
    this.#cancelWait();
    if (spread) {
      this.#arm(firstDelayMs(this.settings, this.#random()));
      this.#notify();
    } else {
      this.#dialNow();
    }
    return true;
  }

  /**
   * A hint that now is a good moment (agent's Reconnect-now, OS resume or
   * unlock, network change). While waiting: the agent's click dials at once;
   * machine hints, which a whole site receives together, dial within the
   * first-delay spread instead. After a not-retryable failure only the agent's
   * click retries (they may have fixed the password). False when throttled
   * (< 500 ms since the last accepted hint), while a dial is in flight, or when
   * there is nothing to do.
   */
  checkNow(reason: CheckNowReason): boolean {
    const now = this.#mono();
    if (this.#phase === 'idle' || this.#phase === 'dialling') return false;
    if (this.#phase === 'failed' && reason !== 'user') return false;
    if (now - this.#lastHintAt < CHECK_NOW_MIN_INTERVAL_MS) return false;

    if (this.#phase === 'failed') {
      // Back to a fresh loop over the same order, dialling right away.
      this.#attempt = 1;
      this.#slot = 1;
      this.#resetPromotion();
      this.#failures = 0;
    } else if (reason !== 'user') {
      const delay = firstDelayMs(this.settings, this.#random());
      if (this.#dueMono !== null && now + delay >= this.#dueMono) return false;
      this.#lastHintAt = now;
      this.#reason = reason;
      this.#cancelWait();
      this.#arm(delay);
      this.#notify();
      return true;
    }
    this.#lastHintAt = now;
    this.#reason = reason;
    this.#cancelWait();
    this.#dialNow();
    return true;
  }

  /** Cancels timers and any dial in flight; nothing is called back for this loop afterwards. */
  stop(): void {
    this.#cancelWait();
    this.#clearWatchdog();
    const inFlight = this.#inFlight;
    this.#inFlight = null;
    this.#phase = 'idle';
    this.#reason = null;
    this.#attempt = 0;
    this.#slot = 0;
    this.#failures = 0;
    this.#nextAttemptAt = null;
    this.#dueMono = null;
    this.#lastError = null;
    this.#resetPromotion();
    this.#sessionSince = null;
    this.#failuresBeforeSession = 0;
    this.#lost = null;
    this.#wakeCapUntil = Number.NEGATIVE_INFINITY;
    inFlight?.abort();
  }

  #arm(delayMs: number, calm = false): void {
    this.#calmWait = calm;
    this.#phase = 'waiting';
    this.#nextAttemptAt = this.#now() + delayMs;
    this.#dueMono = this.#mono() + delayMs;
    const timer: { handle: unknown } = { handle: undefined };
    timer.handle = this.#timers.setTimeout(() => {
      if (this.#waitTimer !== timer) return; // cancelled or replaced
      this.#waitTimer = null;
      // A startup's first dial is kept even when the other leg already serves: this leg was
      // never dialled, so the hot standby would otherwise stay missing for a calm wait (2–10 s).
      const firstAtStartup = this.#startedBy === 'startup' && this.#attempt === 1;
      if (!this.#calmWait && !firstAtStartup && this.#served()) {
        // The session moved to the other leg meanwhile: this one is only the standby now.
        const calm = standbyRetryDelayMs(this.settings, this.#random());
        this.#log.info({ server: this.#nextEndpoint(), nextInMs: calm }, 'standby redial deferred: the other server carries the session');
        this.#arm(calm, true);
        this.#notify();
        return;
      }
      this.#dialNow();
    }, delayMs);
    this.#waitTimer = timer;
  }

  #cancelWait(): void {
    if (this.#waitTimer) this.#timers.clearTimeout(this.#waitTimer.handle);
    this.#waitTimer = null;
    this.#nextAttemptAt = null;
    this.#dueMono = null;
  }

  #clearWatchdog(): void {
    if (this.#watchdog) this.#timers.clearTimeout(this.#watchdog.handle);
    this.#watchdog = null;
  }

  #dialNow(): void {
    const endpoint = this.#nextEndpoint();
    const timeoutMs = attemptConnectTimeoutMs(this.settings);
    const controller = new AbortController();
    const now = this.#mono();
    this.#dialDueAt = Math.min(this.#dueMono ?? now, now);
    this.#phase = 'dialling';
    this.#nextAttemptAt = null;
    this.#dueMono = null;
    this.#inFlight = controller;
    this.#records.attempted(endpoint, this.#now());

    // A dial that forgets its own timeout must not hold the loop forever.
    const waitedMs = timeoutMs + DIAL_WATCHDOG_GRACE_MS;
    const watchdog: { handle: unknown } = { handle: undefined };
    watchdog.handle = this.#timers.setTimeout(() => {
      if (this.#watchdog !== watchdog) return;
      this.#watchdog = null;
      controller.abort();
      this.#settle(controller, endpoint, { ok: false, error: new DialDidNotSettleError(endpoint, waitedMs) });
    }, waitedMs);
    this.#watchdog = watchdog;

    let pending: Promise<unknown>;
    try {
      pending = Promise.resolve(this.#dial(endpoint, this.#attempt, timeoutMs, controller.signal));
    } catch (error) {
      pending = Promise.reject(error);
    }
    pending.then(
      () => this.#settle(controller, endpoint, { ok: true }),
      (error: unknown) => this.#settle(controller, endpoint, { ok: false, error }),
    );
    // Unless the dial itself stopped the loop synchronously.
    if (this.#inFlight === controller) this.#notify();
  }

  #settle(controller: AbortController, endpoint: string, outcome: { ok: true } | { ok: false; error: unknown }): void {
    if (this.#inFlight !== controller) return; // stopped, or the watchdog already gave up on it
    this.#inFlight = null;
    this.#clearWatchdog();
    const attempt = this.#attempt;

    if (outcome.ok) {
      this.#records.connected(endpoint, this.#now());
      this.#log.info({ server: endpoint, attempt }, 'dial succeeded');
      this.#sessionSince = this.#mono();
      this.#failuresBeforeSession = this.#failures;
      this.#wakeCapUntil = Number.NEGATIVE_INFINITY;
      this.#phase = 'idle';
      this.#reason = null;
      this.#attempt = 0;
      this.#slot = 0;
      this.#failures = 0;
      this.#lastError = null;
      this.#resetPromotion();
      this.#notify();
      return;
    }

    const info = dialErrorInfo(outcome.error, endpoint);
    this.#records.failed(endpoint, info);
    this.#lastError = info;
    if (!info.retryable) {
      this.#log.info({ server: endpoint, attempt, code: info.code, error: info.message, retryable: false }, 'dial failed: not retryable, loop stopped');
      this.#phase = 'failed';
      this.#unpin();
      this.#notify();
      return;
    }
    this.#attempt += 1;
    const askedLost = this.#askingLost;
    this.#askingLost = false;
    let delay: number;
    if (askedLost && this.#pinned !== null && this.#mayReaskPromoting()) {
      // The lost one refused too: back to the backup being promoted, the backoff unchanged.
      this.#lostAsked = true;
      delay = this.#untilReask();
    } else if (this.#promotionPending(info) && endpoint !== this.#lost && this.#mayReaskPromoting() && this.#reaskWithinWindow()) {
      // Same endpoint again, soon; the backoff does not grow. Never the endpoint just lost:
      // its 58 means it was demoted, not that it is being promoted.
      this.#pinned = endpoint;
      this.#promotionRetries += 1;
      this.#reaskDueAt = this.#nextReaskAt();
      // Once, the lost endpoint first, at once, when it answers quickly (see DialStartOptions):
      // up, it takes the session; crashed, it refuses within milliseconds and the re-ask
      // of the backup keeps its time.
      if (this.#lostAnswersQuickly && !this.#lostAsked && this.#lost !== null) this.#askingLost = true;
      delay = this.#askingLost ? 0 : this.#untilReask();
    } else {
      if (askedLost) this.#lostAsked = true;
      this.#loopFailures += 1;
      this.#unpin();
      this.#slot += 1;
      this.#failures += 1;
      delay = retryDelayMs(this.settings, this.#failures, this.#random());
      // Just after a wake the servers are likely coming back: keep the waits short for a while.
      if (this.#mono() < this.#wakeCapUntil) delay = Math.min(delay, Math.round(this.#random() * WAKE_RETRY.capMs));
    }
    const calm = this.#served();
    if (calm) delay = standbyRetryDelayMs(this.settings, this.#random());
    this.#log.info({ server: endpoint, attempt, code: info.code, error: info.message, retryable: true, next: this.#nextEndpoint(), nextInMs: delay, standby: calm }, 'dial failed');
    this.#arm(delay, calm);
    this.#notify();
  }

  /** The wait until the backup being promoted is due again (see #reaskDueAt). */
  #untilReask(): number {
    const due = this.#reaskDueAt ?? this.#nextReaskAt();
    return Math.max(0, Math.round(due - this.#mono()));
  }

  /**
   * One round after the refused dial was due; when its answer came later than that (a slow
   * or overloaded backup), whole rounds later still: it keeps its place, and the loop never
   * re-dials back to back.
   */
  #nextReaskAt(): number {
    const now = this.#mono();
    let due = this.#dialDueAt + promotionRetryDelayMs(this.settings, this.#random());
    if (due <= now) {
      const round = promotionRoundMs(this.settings);
      due += Math.floor((now - due) / round + 1) * round;
    }
    return due;
  }

  /**
   * A re-ask that would only come after PROMOTION_RETRY's window (a fleet spread of many
   * seconds) is no quick re-ask: the normal alternating backoff serves better, and a backup
   * that is never promoted does not keep the desktop away from a primary that is still up.
   */
  #reaskWithinWindow(): boolean {
    const since = this.#promotionSince;
    return since !== null && this.#dialDueAt + promotionRoundMs(this.settings) - since < PROMOTION_RETRY.windowMs;
  }

  /**
   * Within the bounded window and count for re-asking a backup that is being promoted.
   * Only just after a loss: later in a long outage a backup's 58 means the primary is
   * elsewhere (a restarted pair), and pinning the backup would delay the recovery.
   */
  #mayReaskPromoting(): boolean {
    const since = this.#promotionSince;
    return this.#startedBy === 'connection-lost' && since !== null && this.#mono() - since < PROMOTION_RETRY.windowMs && this.#promotionRetries < PROMOTION_RETRY.maxAttempts;
  }

  #notify(): void {
    if (this.#listeners.size === 0) return;
    const state = this.state();
    for (const listener of [...this.#listeners]) {
      try {
        listener(state);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}
