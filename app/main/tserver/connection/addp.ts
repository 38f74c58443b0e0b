// ADDP keep-alive, client side (docs/protocol.md): after `timeoutMs` with nothing
// received, ping; if nothing arrives within another `timeoutMs`, the session is
// lost. Worst-case detection is 2 × timeout. Pure timer logic over an injected
// clock; the connection feeds it `received()` and acts on its callbacks.
import type { Clock, TimerHandle } from './clock.ts';

export interface AddpCallbacks {
  sendPing(): void;
  /**
   * Silence changed: `silentSince` (ms, the clock's time of the last frame heard) when
   * the ping has gone unanswered for longer than a round trip should take (see
   * silenceGraceMs); null the moment anything arrives again.
   */
  onSilence?(silentSince: number | null): void;
  /** Nothing arrived within timeoutMs after the ping. */
  onTimeout(silentForMs: number): void;
}

/**
 * How long a ping may go unanswered before the session counts as silent: an answer
 * takes a round trip, so declaring silence the instant the ping leaves would flash
 * `checking` on every idle interval. A tenth of the timeout, 50 ms to 1 s.
 */
export function silenceGraceMs(timeoutMs: number): number {
  return Math.min(1000, Math.max(50, Math.round(timeoutMs / 10)));
}

export class AddpMonitor {
  /** Wall time of the last frame (reported as `silentSince`); durations use `lastReceivedMono`. */
  private lastReceivedAt = 0;
  private lastReceivedMono = 0;
  private pingSentAt: number | null = null;
  private timer: TimerHandle | null = null;
  private suspectTimer: TimerHandle | null = null;
  private declaredSilent = false;
  /** Set while a wake probe is out: its own short deadline instead of the timeout. */
  private probeDeadlineMs: number | null = null;
  private stopped = true;

  constructor(
    private readonly timeoutMs: number,
    private readonly clock: Clock,
    private readonly callbacks: AddpCallbacks,
  ) {
    if (!(timeoutMs > 0)) throw new RangeError(`ADDP timeout must be > 0 ms, got ${timeoutMs}`);
  }

  start(): void {
    this.stopped = false;
    this.lastReceivedAt = this.clock.now();
    this.lastReceivedMono = this.clock.monotonic();
    this.pingSentAt = null;
    this.schedule(this.timeoutMs);
  }

  /** Any frame from the server proves it alive. Cheap: no timer churn per frame. */
  received(): void {
    this.lastReceivedAt = this.clock.now();
    this.lastReceivedMono = this.clock.monotonic();
    this.pingSentAt = null;
    this.probeDeadlineMs = null;
    this.clearSuspect();
    if (this.declaredSilent && !this.stopped) {
      this.declaredSilent = false;
      this.callbacks.onSilence?.(null);
    }
  }

  /** The ping is out and unanswered past the grace: the session is suspect (not yet lost). */
  get silent(): boolean {
    return this.declaredSilent && !this.stopped;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    this.clearSuspect();
  }

  private clearSuspect(): void {
    if (this.suspectTimer !== null) this.clock.clearTimeout(this.suspectTimer);
    this.suspectTimer = null;
  }

  private schedule(ms: number): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => this.tick(), Math.max(0, ms));
  }

  /**
   * After a wake (issue 15): ping now, count as silent at once (the picture from before
   * the sleep is not trusted), and end the session if no whole frame arrives within
   * `deadlineMs`. Any frame ends the probe like an answered ping.
   */
  probe(deadlineMs: number): void {
    if (this.stopped) return;
    this.pingSentAt = this.clock.monotonic();
    this.probeDeadlineMs = Math.max(1, deadlineMs);
    this.clearSuspect();
    this.callbacks.sendPing();
    if (this.stopped) return;
    if (!this.declaredSilent) {
      this.declaredSilent = true;
      this.callbacks.onSilence?.(this.lastReceivedAt);
    }
    this.schedule(this.probeDeadlineMs);
  }

  private tick(): void {
    this.timer = null;
    if (this.stopped) return;
    const now = this.clock.monotonic();
    if (this.pingSentAt !== null) {
      const deadline = this.probeDeadlineMs ?? this.timeoutMs;
      const waited = now - this.pingSentAt;
      if (waited >= deadline) {
        this.stop();
        this.callbacks.onTimeout(Math.round(now - this.lastReceivedMono));
        return;
      }
      this.schedule(deadline - waited);
      return;
    }
    const silent = now - this.lastReceivedMono;
    if (silent < this.timeoutMs) {
      this.schedule(this.timeoutMs - silent);
      return;
    }
    this.pingSentAt = now;
    this.callbacks.sendPing();
    if (!this.stopped && this.callbacks.onSilence) {
      this.clearSuspect();
      this.suspectTimer = this.clock.setTimeout(() => {
        this.suspectTimer = null;
        if (this.stopped || this.pingSentAt === null) return;
        this.declaredSilent = true;
        this.callbacks.onSilence?.(this.lastReceivedAt);
      }, Math.min(silenceGraceMs(this.timeoutMs), this.timeoutMs));
    }
    // Sending may have ended the connection (and stopped us) synchronously.
    if (!this.stopped) this.schedule(this.timeoutMs);
  }
}
