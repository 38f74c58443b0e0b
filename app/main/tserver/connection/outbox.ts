// Everything we write to one server goes through here, so a server that does not
// read cannot make us spend memory without bound (docs/architecture.md, Bounds):
// - the socket's user-space queue (writableLength) never grows past
//   `maxQueuedBytes` (a single frame is always accepted into an empty queue);
// - at most one pong is owed at a time: a ping that arrives while our previous pong
//   is still waiting for the socket is not answered again (a ping flood costs one
//   pong per socket write, not one per ping);
// - a write the network has not taken within `stallMs` means the peer has stopped
//   reading (its window is shut): the connection is ended.
// Timers come from the injected clock.
import type { Clock, TimerHandle } from './clock.ts';

/** The part of a socket the outbox uses (net.Socket and tls.TLSSocket are ones). */
export interface OutboxSink {
  readonly writableLength: number;
  readonly destroyed: boolean;
  write(chunk: Uint8Array, callback: (err?: Error | null) => void): boolean;
}

export interface OutboxOptions {
  /** Bound on bytes queued in user space; exceeding it ends the connection. */
  maxQueuedBytes: number;
  /** No write taken by the network for this long ends the connection; 0 = no such check. */
  stallMs: number;
  clock: Clock;
  /** The peer is not reading: end the connection (`detail` in plain words, starting `peer-not-reading:`). */
  onStuck(detail: string): void;
}

export class Outbox {
  /** Writes handed to the socket whose callback has not fired yet. */
  private inFlight = 0;
  /** When the socket last took a write (or, if none was outstanding, when the oldest outstanding one was handed over). */
  private progressAt = 0;
  private pongInFlight = false;
  private timer: TimerHandle | null = null;
  private stopped = false;

  constructor(
    private readonly sink: OutboxSink,
    private readonly options: OutboxOptions,
  ) {
    if (!(options.maxQueuedBytes > 0)) throw new RangeError(`maxQueuedBytes must be > 0, got ${options.maxQueuedBytes}`);
  }

  /** Bytes waiting in user space for the socket. */
  get queuedBytes(): number {
    return this.sink.writableLength;
  }

  /** A pong is written but not yet taken by the network: further pings get none. */
  get pongOwed(): boolean {
    return this.pongInFlight;
  }

  /** Writes a frame; false when nothing was written (stopped, or the bound ended the connection). */
  send(frame: Uint8Array): boolean {
    return this.write(frame, null);
  }

  /** Writes a pong unless one is still owed; true when it was written. */
  sendPong(frame: Uint8Array): boolean {
    if (this.pongInFlight) return false;
    return this.write(frame, () => (this.pongInFlight = false));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private write(frame: Uint8Array, done: (() => void) | null): boolean {
    if (this.stopped || this.sink.destroyed) return false;
    const queued = this.sink.writableLength;
    const max = this.options.maxQueuedBytes;
    if (queued > 0 && queued + frame.byteLength > max) {
      this.stuck(`peer-not-reading: ${queued} bytes already wait to be written; ${frame.byteLength} more would pass the ${max}-byte write-queue bound`);
      return false;
    }
    if (this.inFlight === 0) this.progressAt = this.options.clock.monotonic();
    this.inFlight++;
    if (done) this.pongInFlight = true;
    this.sink.write(frame, () => {
      this.inFlight--;
      this.progressAt = this.options.clock.monotonic();
      done?.();
    });
    this.armStallCheck();
    return true;
  }

  /** One timer at most, re-armed only when it fires: no timer churn per write. */
  private armStallCheck(): void {
    const { stallMs, clock } = this.options;
    if (stallMs <= 0 || this.timer !== null || this.stopped) return;
    const left = stallMs - (clock.monotonic() - this.progressAt);
    this.timer = clock.setTimeout(() => this.checkStall(), Math.max(0, left));
  }

  private checkStall(): void {
    this.timer = null;
    if (this.stopped || this.inFlight === 0) return;
    const waited = this.options.clock.monotonic() - this.progressAt;
    if (waited >= this.options.stallMs) {
      const writes = this.inFlight === 1 ? '1 write' : `${this.inFlight} writes`;
      this.stuck(`peer-not-reading: ${writes} (${this.sink.writableLength} bytes queued) not taken by the network for ${Math.round(waited)} ms`);
      return;
    }
    this.armStallCheck();
  }

  private stuck(detail: string): void {
    this.stop();
    this.options.onStuck(detail);
  }
}
