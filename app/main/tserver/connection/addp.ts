// ADDP keep-alive, client side (docs/protocol.md): after `timeoutMs` with nothing
// received, ping; if nothing arrives within another `timeoutMs`, the session is
// lost. Worst-case detection is 2 × timeout. Pure timer logic over an injected
// clock; the connection feeds it `received()` and acts on its callbacks.
import type { Clock, TimerHandle } from './clock.ts';

export interface AddpCallbacks {
  sendPing(): void;
  /**
   * Silence changed: `silentSince` (ms, the clock's time of the last frame heard) when
   * a ping goes out unanswered for one interval; null the moment anything arrives again.
   */
  onSilence?(silentSince: number | null): void;
  /** Nothing arrived within timeoutMs after the ping. */
  onTimeout(silentForMs: number): void;
}

export class AddpMonitor {
  private lastReceivedAt = 0;
  private pingSentAt: number | null = null;
  private timer: TimerHandle | null = null;
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
    this.pingSentAt = null;
    this.schedule(this.timeoutMs);
  }

  /** Any frame from the server proves it alive. Cheap: no timer churn per frame. */
  received(): void {
    this.lastReceivedAt = this.clock.now();
    const wasSilent = this.pingSentAt !== null;
    this.pingSentAt = null;
    if (wasSilent && !this.stopped) this.callbacks.onSilence?.(null);
  }

  /** The ping is out and unanswered: the session is suspect (not yet lost). */
  get silent(): boolean {
    return this.pingSentAt !== null && !this.stopped;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(ms: number): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => this.tick(), Math.max(0, ms));
  }

  private tick(): void {
    this.timer = null;
    if (this.stopped) return;
    const now = this.clock.now();
    if (this.pingSentAt !== null) {
      const waited = now - this.pingSentAt;
      if (waited >= this.timeoutMs) {
        this.stop();
        this.callbacks.onTimeout(now - this.lastReceivedAt);
        return;
      }
      this.schedule(this.timeoutMs - waited);
      return;
    }
    const silent = now - this.lastReceivedAt;
    if (silent < this.timeoutMs) {
      this.schedule(this.timeoutMs - silent);
      return;
    }
    this.pingSentAt = now;
    this.callbacks.sendPing();
    if (!this.stopped) this.callbacks.onSilence?.(this.lastReceivedAt);
    // Sending may have ended the connection (and stopped us) synchronously.
    if (!this.stopped) this.schedule(this.timeoutMs);
  }
}
