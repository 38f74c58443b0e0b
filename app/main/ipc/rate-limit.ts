// Per-sender request rate limits for IpcServer, so both hosts (Electron's IPC and
// the preview's WebSocket) get the same bound (DESIGN.md §4: request rates).
// Without one, a page stuck in a loop (or anything holding the preview URL) sends
// every request straight on to the T-Server: 49 970 agentReady in 5 s (issue 9).
//
// A token bucket per sender and per class of request:
// - actions (agent requests, Reconnect now, anything not listed as a read) reach the
//   T-Server or the dial loop: bursts of 10, 5 per second sustained. An agent
//   clicking as fast as they can stays well inside it.
// - reads (snapshot, recent events, diagnostics, UI config) are answered from memory:
//   bursts of 40, 20 per second.
import type { RequestName } from '../../shared/ipc-contract.ts';

export type RequestClass = 'action' | 'read';

/** Requests answered by main alone; every other request (including ones added later) is an action. */
const READS: ReadonlySet<string> = new Set<RequestName>(['getSnapshot', 'getRecentEvents', 'copyDiagnostics', 'getUiConfig']);

export function requestClass(name: string): RequestClass {
  return READS.has(name) ? 'read' : 'action';
}

export interface BucketLimit {
  /** Requests allowed at once after a quiet spell. */
  burst: number;
  /** Requests per second sustained. */
  perSecond: number;
}

export type RateLimits = Record<RequestClass, BucketLimit>;

export const DEFAULT_RATE_LIMITS: RateLimits = {
  action: { burst: 10, perSecond: 5 },
  read: { burst: 40, perSecond: 20 },
};

/** Senders tracked at once; beyond it, idle ones (full buckets) are forgotten first. */
export const MAX_TRACKED_SENDERS = 256;

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly limit: BucketLimit,
    now: number,
  ) {
    if (!(limit.burst >= 1 && limit.perSecond > 0 && Number.isFinite(limit.burst) && Number.isFinite(limit.perSecond))) {
      throw new RangeError(`rate limit needs burst ≥ 1 and perSecond > 0, not ${JSON.stringify(limit)}`);
    }
    this.tokens = limit.burst;
    this.last = now;
  }

  /** Takes one token; null when taken, else the ms until one is there. */
  take(now: number): number | null {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return null;
    }
    return Math.ceil(((1 - this.tokens) * 1000) / this.limit.perSecond);
  }

  /** Full again: it remembers nothing worth keeping. */
  isFull(now: number): boolean {
    this.refill(now);
    return this.tokens >= this.limit.burst;
  }

  private refill(now: number): void {
    // A clock that steps back never adds tokens.
    const elapsed = Math.max(0, now - this.last);
    this.tokens = Math.min(this.limit.burst, this.tokens + (elapsed * this.limit.perSecond) / 1000);
    this.last = Math.max(this.last, now);
  }
}

export interface Refusal {
  requestClass: RequestClass;
  retryAfterMs: number;
  limit: BucketLimit;
}

export class SenderRateLimiter {
  private readonly senders = new Map<string, Record<RequestClass, TokenBucket>>();

  constructor(
    private readonly limits: RateLimits = DEFAULT_RATE_LIMITS,
    private readonly now: () => number = () => performance.now(),
    private readonly maxSenders = MAX_TRACKED_SENDERS,
  ) {
    // Checked now rather than at the first request.
    for (const limit of Object.values(limits)) new TokenBucket(limit, 0);
  }

  /** Null when `sender` may make the request `name` now; else why not and for how long. */
  check(sender: string, name: string): Refusal | null {
    const now = this.now();
    const cls = requestClass(name);
    const retryAfterMs = this.bucketsOf(sender, now)[cls].take(now);
    return retryAfterMs === null ? null : { requestClass: cls, retryAfterMs, limit: this.limits[cls] };
  }

  get trackedSenders(): number {
    return this.senders.size;
  }

  private bucketsOf(sender: string, now: number): Record<RequestClass, TokenBucket> {
    const known = this.senders.get(sender);
    if (known) return known;
    if (this.senders.size >= this.maxSenders) this.forgetIdle(now);
    const buckets = { action: new TokenBucket(this.limits.action, now), read: new TokenBucket(this.limits.read, now) };
    this.senders.set(sender, buckets);
    return buckets;
  }

  private forgetIdle(now: number): void {
    for (const [sender, buckets] of this.senders) {
      if (buckets.action.isFull(now) && buckets.read.isFull(now)) this.senders.delete(sender);
    }
    // Still full of busy senders: the longest known goes (it gets a fresh burst if it comes back).
    while (this.senders.size >= this.maxSenders) this.senders.delete(this.senders.keys().next().value!);
  }
}

/** The error text a refused request gets: what was refused, the limit, when to try again. */
export function refusalMessage(name: string, refusal: Refusal): string {
  const { burst, perSecond } = refusal.limit;
  return `Too many requests: ${name} refused (at most ${perSecond} per second, bursts of ${burst}); try again in ${(refusal.retryAfterMs / 1000).toFixed(1)} s`;
}
