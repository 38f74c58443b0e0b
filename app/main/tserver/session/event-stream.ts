// The session's two outputs: full snapshots (numbered, repeats dropped) and the
// timeline event stream. Listeners that throw are reported, never propagated;
// a listener that causes another change (re-entrant publish) gets the snapshots
// in order, each listener seeing every seq once.
import type { ConnectivitySnapshot, TimelineEvent } from '../../../shared/connectivity.ts';
import { SnapshotPublisher } from './snapshot-builder.ts';
import type { SnapshotBody } from './snapshot-builder.ts';

export type ListenerErrorReporter = (what: 'snapshot' | 'event', error: unknown) => void;

export const warnListenerError: ListenerErrorReporter = (what, error) => process.emitWarning(`session: ${what} listener threw: ${String(error)}`);

export class SessionOutput {
  private readonly snapshotListeners = new Set<(s: ConnectivitySnapshot) => void>();
  private readonly eventListeners = new Set<(e: TimelineEvent) => void>();
  private readonly publisher: SnapshotPublisher;
  private publishing = false;
  private publishAgain = false;
  private closed = false;

  constructor(
    /** Computes the snapshot body from the session's current facts. */
    private readonly body: () => SnapshotBody,
    now: () => number,
    private readonly onListenerError: ListenerErrorReporter = warnListenerError,
  ) {
    this.publisher = new SnapshotPublisher(body(), now);
  }

  current(): ConnectivitySnapshot {
    return this.publisher.current();
  }

  onSnapshot(listener: (snapshot: ConnectivitySnapshot) => void): () => void {
    this.snapshotListeners.add(listener);
    return () => this.snapshotListeners.delete(listener);
  }

  onEvent(listener: (event: TimelineEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  /** Publishes a snapshot if anything changed; a re-entrant call queues behind the one running. */
  publish(): void {
    if (this.closed) return;
    if (this.publishing) {
      this.publishAgain = true;
      return;
    }
    this.publishing = true;
    try {
      do {
        this.publishAgain = false;
        const snapshot = this.publisher.offer(this.body());
        if (snapshot) this.deliver(this.snapshotListeners, snapshot, 'snapshot');
      } while (this.publishAgain && !this.closed);
    } finally {
      this.publishing = false;
    }
  }

  emit(event: TimelineEvent): void {
    if (this.closed) return;
    this.deliver(this.eventListeners, event, 'event');
  }

  /** Nothing is delivered afterwards. */
  close(): void {
    this.closed = true;
    this.snapshotListeners.clear();
    this.eventListeners.clear();
  }

  private deliver<T>(listeners: Set<(x: T) => void>, value: T, what: 'snapshot' | 'event'): void {
    for (const listener of [...listeners]) {
      try {
        listener(value);
      } catch (err) {
        try {
          this.onListenerError(what, err);
        } catch {
          // A broken reporter must not break the session either.
        }
      }
    }
  }
}
