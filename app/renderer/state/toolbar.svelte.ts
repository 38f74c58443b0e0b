// The renderer's single store: runes state fed only by the preload API (lib/bridge.ts) through
// ToolbarFeed. Components read it; user actions go back through its methods.
import type { ConnectivitySnapshot } from '../../shared/connectivity.ts';
import type { ToolbarApi } from '../../shared/ipc-contract.ts';
import { announcement } from '../lib/announce.ts';
import type { Announcement } from '../lib/announce.ts';
import { needsClock, selectBanner } from '../lib/banner.ts';
import { agentControls } from '../lib/controls.ts';
import { errorCodeOf, messageOf, ToolbarFeed } from '../lib/feed.ts';
import type { VisibilitySource } from '../lib/feed.ts';
import { describeError, UI } from '../lib/messages.ts';
import { timelineRows } from '../lib/timeline-format.ts';
import type { NumberedEvent } from '../lib/timeline-format.ts';

/** Clock resolution: the countdown shows whole seconds. */
const TICK_MS = 250;

export function documentVisibility(): VisibilitySource {
  return {
    isVisible: () => document.visibilityState === 'visible',
    onChange: (listener) => {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
  };
}

export class ToolbarState {
  snapshot = $state.raw<ConnectivitySnapshot | null>(null);
  events = $state.raw<readonly NumberedEvent[]>([]);
  now = $state(0);
  dismissedFailoverAt = $state<number | null>(null);
  /** Latest sentence for the polite and the assertive live regions. */
  politeNews = $state('');
  urgentNews = $state('');
  /** Outcome of the agent's last action (request error or confirmation). */
  actionNote = $state<{ text: string; error: boolean } | null>(null);
  busy = $state(false);
  problem = $state<string | null>(null);

  banner = $derived(this.snapshot ? selectBanner(this.snapshot, { now: this.now, dismissedFailoverAt: this.dismissedFailoverAt }) : null);
  controls = $derived(this.snapshot ? agentControls(this.snapshot, this.busy) : null);
  rows = $derived(timelineRows(this.events));

  private readonly feed: ToolbarFeed;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly api: ToolbarApi,
    visibility: VisibilitySource,
    private readonly clock: () => number = () => Date.now(),
  ) {
    this.now = clock();
    this.feed = new ToolbarFeed(api, {
      snapshot: (next) => this.accept(next),
      events: (all) => (this.events = all),
      problem: (message) => (this.problem = message),
    }, visibility);
  }

  start(): Promise<void> {
    // The clock only causes work while a countdown or a timed notice is shown.
    this.timer = setInterval(() => {
      const ctx = { now: this.now, dismissedFailoverAt: this.dismissedFailoverAt };
      if (needsClock(this.snapshot, ctx)) this.now = this.clock();
    }, TICK_MS);
    return this.feed.start();
  }

  stop(): void {
    this.feed.stop();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private accept(next: ConnectivitySnapshot): void {
    const news: Announcement | null = announcement(this.snapshot, next);
    this.now = this.clock();
    this.snapshot = next;
    this.problem = null;
    if (news) this.say(news);
  }

  private say(news: Announcement): void {
    // Alternating a trailing no-break space makes a repeated sentence count as a change.
    const mark = (previous: string, text: string) => (previous === text ? `${text}\u00a0` : text);
    if (news.urgent) this.urgentNews = mark(this.urgentNews, news.text);
    else this.politeNews = mark(this.politeNews, news.text);
  }

  dismissFailover(): void {
    this.dismissedFailoverAt = this.snapshot?.lastFailover?.at ?? null;
  }

  async reconnectNow(): Promise<void> {
    await this.run(async () => {
      const { accepted } = await this.api.reconnectNow();
      return accepted ? UI.banner.reconnectAccepted : UI.banner.reconnectThrottled;
    }, false);
  }

  ready(): Promise<void> {
    return this.run(async () => {
      await this.api.agentReady();
      return null;
    });
  }

  notReady(reasonCode: string): Promise<void> {
    return this.run(async () => {
      await this.api.agentNotReady(reasonCode);
      return null;
    });
  }

  logout(): Promise<void> {
    return this.run(async () => {
      await this.api.agentLogout();
      return null;
    });
  }

  /** The password goes straight to main (keychain) and is not kept here. */
  login(agentId: string, password: string | undefined, remember: boolean): Promise<void> {
    return this.run(async () => {
      await this.api.agentLogin({ agentId, password, remember });
      return null;
    });
  }

  copyDiagnostics(): Promise<string> {
    return this.api.copyDiagnostics().then((r) => r.text);
  }

  private async run(action: () => Promise<string | null>, marksBusy = true): Promise<void> {
    if (marksBusy) this.busy = true;
    this.actionNote = null;
    try {
      const note = await action();
      if (note) this.actionNote = { text: note, error: false };
    } catch (err) {
      const words = describeError(errorCodeOf(err), messageOf(err));
      this.actionNote = { text: UI.agent.requestFailed(words.text), error: true };
      this.say({ text: this.actionNote.text, urgent: true });
    } finally {
      if (marksBusy) this.busy = false;
    }
  }
}
