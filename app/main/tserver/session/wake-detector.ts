// Notices that the process was away (issue 15): a coarse timer compares how much
// time passed on the monotonic clock and on the wall clock with what it asked for.
// - monotonic time late by more than the bound: the process was frozen (SIGSTOP,
//   a debugger, a stalled VM) — timers were not run;
// - wall time ahead of monotonic time by more than the bound: the machine was
//   suspended (Linux's CLOCK_MONOTONIC stops in suspend) or the wall clock stepped
//   forward;
// - wall time behind by more than the bound: the wall clock stepped back. Durations
//   run on the monotonic clock, so nothing is late; it is only logged.
// The first two are a wake. Pure timer logic over the injected clock.
import type { Clock, TimerHandle } from '../connection/index.ts';

export type DriftCause = 'frozen' | 'suspended';

export interface DriftWake {
  cause: DriftCause;
  /** How long the process was away, as best known (ms). */
  awayMs: number;
}

export interface WakeDetectorOptions {
  clock: Clock;
  /** How often it looks (ms). */
  intervalMs?: number;
  /** Lateness beyond this is a wake (ms); also the smallest wall step that is reported. */
  boundMs?: number;
  onWake(wake: DriftWake): void;
  onWallStepBack?(stepMs: number): void;
}

export const WAKE_DETECTOR_DEFAULTS = Object.freeze({ intervalMs: 2_000, boundMs: 3_000 });

export class WakeDetector {
  private timer: TimerHandle | null = null;
  private lastMono = 0;
  private lastWall = 0;
  private readonly intervalMs: number;
  private readonly boundMs: number;

  constructor(private readonly options: WakeDetectorOptions) {
    this.intervalMs = options.intervalMs ?? WAKE_DETECTOR_DEFAULTS.intervalMs;
    this.boundMs = options.boundMs ?? WAKE_DETECTOR_DEFAULTS.boundMs;
    if (!(this.intervalMs > 0) || !(this.boundMs > 0)) throw new RangeError('WakeDetector needs a positive interval and bound');
  }

  get running(): boolean {
    return this.timer !== null;
  }

  start(): void {
    if (this.timer !== null) return;
    this.mark();
    this.arm();
  }

  stop(): void {
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private mark(): void {
    this.lastMono = this.options.clock.monotonic();
    this.lastWall = this.options.clock.now();
  }

  private arm(): void {
    this.timer = this.options.clock.setTimeout(() => this.tick(), this.intervalMs);
  }

  private tick(): void {
    const { clock } = this.options;
    const mono = clock.monotonic() - this.lastMono;
    const wall = clock.now() - this.lastWall;
    this.mark();
    this.arm();
    const late = mono - this.intervalMs;
    const drift = wall - mono;
    if (late > this.boundMs) this.options.onWake({ cause: 'frozen', awayMs: Math.round(late + Math.max(0, drift)) });
    else if (drift > this.boundMs) this.options.onWake({ cause: 'suspended', awayMs: Math.round(drift) });
    else if (drift < -this.boundMs) this.options.onWallStepBack?.(Math.round(-drift));
  }
}
