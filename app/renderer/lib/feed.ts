// Feeds view state from the preload API (lib/bridge.ts) and nothing else: pushes, an initial
// fetch, and a full refresh whenever the window becomes visible again (pushes
// may have been throttled or missed while hidden).
import type { ConnectivitySnapshot, TimelineEvent } from '../../shared/connectivity.ts';
import type { ToolbarApi } from '../../shared/ipc-contract.ts';
import { WORDS } from './messages.ts';
import { messageOf } from './request-errors.ts';
import type { NumberedEvent } from './timeline-format.ts';

/** Timeline rows kept in the renderer. */
export const TIMELINE_LIMIT = 200;

export interface FeedSink {
  snapshot(next: ConnectivitySnapshot): void;
  events(all: readonly NumberedEvent[]): void;
  /** A fetch failed: shown in the catalogue's words, never thrown; `detail` is the technical message (for the console). */
  problem(message: string, detail: string): void;
}

/** Newer when the sequence moved on, or main restarted (fresh seq, later time). */
export function isNewer(next: ConnectivitySnapshot, current: ConnectivitySnapshot | null): boolean {
  return current === null || next.seq > current.seq || next.t > current.t;
}

export interface VisibilitySource {
  isVisible(): boolean;
  onChange(listener: () => void): () => void;
}

export class ToolbarFeed {
  private current: ConnectivitySnapshot | null = null;
  private events: NumberedEvent[] = [];
  private nextId = 1;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly api: ToolbarApi,
    private readonly sink: FeedSink,
    private readonly visibility: VisibilitySource,
  ) {}

  /** Subscribes first, then fetches, so nothing between the two is lost. */
  start(): Promise<void> {
    this.unsubscribe.push(this.api.onSnapshot((s) => this.acceptSnapshot(s)));
    this.unsubscribe.push(this.api.onEvent((e) => this.appendEvents([e])));
    this.unsubscribe.push(
      this.visibility.onChange(() => {
        if (this.visibility.isVisible()) void this.refresh();
      }),
    );
    return this.refresh(true);
  }

  stop(): void {
    for (const u of this.unsubscribe.splice(0)) u();
  }

  /** Full snapshot (and, initially, the recent events) from main. */
  async refresh(withEvents = false): Promise<void> {
    const [snap, recent] = await Promise.allSettled([this.api.getSnapshot(), withEvents ? this.api.getRecentEvents() : Promise.resolve(null)]);
    if (snap.status === 'fulfilled') this.acceptSnapshot(snap.value);
    else this.sink.problem(WORDS.problem.snapshot, messageOf(snap.reason));
    if (recent.status === 'fulfilled') {
      if (recent.value) this.replaceEvents(recent.value);
    } else {
      this.sink.problem(WORDS.problem.events, messageOf(recent.reason));
    }
  }

  private acceptSnapshot(s: ConnectivitySnapshot): void {
    if (!isNewer(s, this.current)) return;
    this.current = s;
    this.sink.snapshot(s);
  }

  /** Recent events from main, plus any pushed meanwhile that are newer. */
  private replaceEvents(recent: readonly TimelineEvent[]): void {
    const lastFetched = recent.length > 0 ? recent[recent.length - 1]!.t : -Infinity;
    const pushedSince = this.events.filter((e) => e.event.t > lastFetched);
    this.events = [];
    this.appendEvents([...recent, ...pushedSince.map((e) => e.event)]);
  }

  private appendEvents(list: readonly TimelineEvent[]): void {
    const added = list.map((event) => ({ id: this.nextId++, event }));
    this.events = [...this.events, ...added].slice(-TIMELINE_LIMIT);
    this.sink.events(this.events);
  }
}
