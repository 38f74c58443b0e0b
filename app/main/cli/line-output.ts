// The watch CLI's output, one line at a time, into a stream that may be slower
// than the T-Server (a pipe to a busy reader, `| less`, a terminal on a slow link)
// or gone (`| head -1`). DESIGN.md §4: output backpressure is bounded.
//
// - Writes respect the stream's backpressure: nothing more is written until it drains.
// - A snapshot is a whole state, so only the newest unsent one is kept; it takes its
//   place after every event queued before it (it was computed after them).
// - Events are never dropped silently: the queue is bounded in lines and bytes; on
//   overflow the oldest queued events go (the newest — the final
//   EventServerDisconnected at exit — always stay), and a line saying how many were
//   dropped is written where they were.
// - `flush()` writes everything that is left, whole lines only, within a deadline.
// - A stream that fails (EPIPE: the reader went away) is "broken": the queue is
//   emptied and nothing is written any more; `onBroken` says so once.
import type { Writable } from 'node:stream';

export interface LineOutputOptions {
  /** Most event lines kept while the stream is busy. */
  maxQueuedLines?: number;
  /**
   * Most characters of event lines kept while the stream is busy (one line longer
   * than this is still kept alone). Characters, not bytes: JSON lines are mostly ASCII.
   */
  maxQueuedChars?: number;
  /** Characters gathered into one write. */
  chunkChars?: number;
  /** The line standing for `count` dropped events; `t` is when the first of them was dropped. */
  droppedLine: (count: number, t: number) => string;
  now?: () => number;
}

export const DEFAULT_MAX_QUEUED_LINES = 10_000;
export const DEFAULT_MAX_QUEUED_CHARS = 4 * 1024 * 1024;
const DEFAULT_CHUNK_CHARS = 64 * 1024;

type Entry =
  | { kind: 'event'; text: string; prev: Entry | null; next: Entry | null }
  | { kind: 'snapshot'; render: () => string; prev: Entry | null; next: Entry | null }
  | { kind: 'dropped'; count: number; t: number; prev: Entry | null; next: Entry | null };

export interface LineOutputStats {
  /** Events dropped since the start (each also reported in a dropped line). */
  droppedEvents: number;
  /** Snapshots replaced by a newer one before they were written. */
  coalescedSnapshots: number;
  queuedEvents: number;
  queuedChars: number;
}

export class LineOutput {
  private head: Entry | null = null;
  private tail: Entry | null = null;
  private pendingSnapshot: Entry | null = null;
  private queuedEvents = 0;
  private queuedChars = 0;
  private droppedEvents = 0;
  private coalescedSnapshots = 0;
  private scheduled = false;
  private waitingDrain = false;
  /** Writes handed to the stream whose callback has not come yet. */
  private inFlight = 0;
  private brokenBy: Error | null = null;
  private readonly brokenListeners: ((err: Error) => void)[] = [];
  private readonly settledWaiters: (() => void)[] = [];
  private readonly maxLines: number;
  private readonly maxChars: number;
  private readonly chunkChars: number;
  private readonly now: () => number;

  constructor(
    private readonly stream: Writable,
    private readonly options: LineOutputOptions,
  ) {
    this.maxLines = positive('maxQueuedLines', options.maxQueuedLines ?? DEFAULT_MAX_QUEUED_LINES);
    this.maxChars = positive('maxQueuedChars', options.maxQueuedChars ?? DEFAULT_MAX_QUEUED_CHARS);
    this.chunkChars = positive('chunkChars', options.chunkChars ?? DEFAULT_CHUNK_CHARS);
    this.now = options.now ?? Date.now;
    // Without a listener an EPIPE would be an uncaught exception (exit 1).
    stream.on('error', (err: Error) => this.break(err));
  }

  /** Queues one event line (without its newline). */
  event(text: string): void {
    if (this.brokenBy) return;
    this.append({ kind: 'event', text, prev: null, next: null });
    this.queuedEvents++;
    this.queuedChars += text.length + 1;
    while ((this.queuedEvents > this.maxLines || this.queuedChars > this.maxChars) && this.queuedEvents > 1) this.dropOldestEvent();
    this.schedule();
  }

  /** Replaces the unsent snapshot, if any; `render` runs only if this one is written. */
  snapshot(render: () => string): void {
    if (this.brokenBy) return;
    if (this.pendingSnapshot) {
      this.unlink(this.pendingSnapshot);
      this.coalescedSnapshots++;
    }
    const entry: Entry = { kind: 'snapshot', render, prev: null, next: null };
    this.append(entry);
    this.pendingSnapshot = entry;
    this.schedule();
  }

  /** Calls `listener` once if the stream fails; the error says why (EPIPE: the reader went away). */
  onBroken(listener: (err: Error) => void): void {
    if (this.brokenBy) listener(this.brokenBy);
    else this.brokenListeners.push(listener);
  }

  get broken(): boolean {
    return this.brokenBy !== null;
  }

  stats(): LineOutputStats {
    return { droppedEvents: this.droppedEvents, coalescedSnapshots: this.coalescedSnapshots, queuedEvents: this.queuedEvents, queuedChars: this.queuedChars };
  }

  /**
   * Writes what is queued and resolves true once the stream has taken all of it
   * (every line whole), or false when `timeoutMs` passed first or the stream broke.
   */
  async flush(timeoutMs: number): Promise<boolean> {
    this.pump();
    if (this.idle()) return !this.brokenBy;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const settled = new Promise<boolean>((resolve) => this.settledWaiters.push(() => resolve(!this.brokenBy)));
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([settled, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private idle(): boolean {
    return this.brokenBy !== null || (this.head === null && this.inFlight === 0);
  }

  private schedule(): void {
    if (this.scheduled || this.waitingDrain) return;
    this.scheduled = true;
    // Every line produced in this turn of the event loop goes out in as few writes as possible.
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (this.head && !this.waitingDrain && !this.brokenBy) {
      let chunk = '';
      while (this.head && chunk.length < this.chunkChars) chunk += `${this.take(this.head)}\n`;
      this.inFlight++;
      const more = this.stream.write(chunk, (err) => {
        this.inFlight--;
        if (err) this.break(err);
        else this.settleIfIdle();
      });
      if (!more && !this.brokenBy) {
        this.waitingDrain = true;
        this.stream.once('drain', () => {
          this.waitingDrain = false;
          this.pump();
        });
      }
    }
    this.settleIfIdle();
  }

  /** Unlinks the head entry and returns its line. */
  private take(entry: Entry): string {
    this.unlink(entry);
    switch (entry.kind) {
      case 'event':
        this.queuedEvents--;
        this.queuedChars -= entry.text.length + 1;
        return entry.text;
      case 'snapshot':
        this.pendingSnapshot = null;
        return entry.render();
      case 'dropped':
        return this.options.droppedLine(entry.count, entry.t);
    }
  }

  private dropOldestEvent(): void {
    // Drops happen only at the front, so at most a dropped line and the snapshot stand before the oldest event.
    let entry = this.head;
    while (entry && entry.kind !== 'event') entry = entry.next;
    if (!entry || entry.kind !== 'event') return;
    const before = entry.prev;
    this.unlink(entry);
    this.queuedEvents--;
    this.queuedChars -= entry.text.length + 1;
    this.droppedEvents++;
    if (before?.kind === 'dropped') {
      before.count++;
      return;
    }
    const marker: Entry = { kind: 'dropped', count: 1, t: this.now(), prev: null, next: null };
    this.insertAfter(before, marker);
  }

  private append(entry: Entry): void {
    this.insertAfter(this.tail, entry);
  }

  /** Inserts after `prev` (null: at the front). */
  private insertAfter(prev: Entry | null, entry: Entry): void {
    const next = prev ? prev.next : this.head;
    entry.prev = prev;
    entry.next = next;
    if (prev) prev.next = entry;
    else this.head = entry;
    if (next) next.prev = entry;
    else this.tail = entry;
  }

  private unlink(entry: Entry): void {
    const { prev, next } = entry;
    if (prev) prev.next = next;
    else this.head = next;
    if (next) next.prev = prev;
    else this.tail = prev;
    entry.prev = entry.next = null;
    // Two dropped lines that became neighbours (the snapshot between them went) are one.
    if (prev?.kind === 'dropped' && next?.kind === 'dropped') {
      prev.count += next.count;
      this.unlink(next);
    }
  }

  private break(err: Error): void {
    if (this.brokenBy) return;
    this.brokenBy = err;
    this.head = this.tail = this.pendingSnapshot = null;
    this.queuedEvents = this.queuedChars = 0;
    for (const listener of this.brokenListeners.splice(0)) listener(err);
    this.settleIfIdle();
  }

  private settleIfIdle(): void {
    if (!this.idle()) return;
    for (const resolve of this.settledWaiters.splice(0)) resolve();
  }
}

function positive(name: string, value: number): number {
  if (!(Number.isInteger(value) && value > 0)) throw new RangeError(`LineOutput ${name} must be a positive integer`);
  return value;
}

/** True for the error a write gets when the reading end of a pipe was closed (`| head -1`). */
export function isReaderGone(err: Error): boolean {
  return (err as NodeJS.ErrnoException).code === 'EPIPE';
}
