// The renderer's single store: runes state fed only by the preload API (lib/bridge.ts) through
// ToolbarFeed. Components read it; user actions go back through its methods.
import type { ConnectivitySnapshot, RequestOutcome } from '../../shared/connectivity.ts';
import type { ToolbarApi } from '../../shared/ipc-contract.ts';
import { agentBadge, badgeTicks } from '../lib/agent-badge.ts';
import { noteKey, selectNote, trackAway } from '../lib/agent-note.ts';
import type { ActionNote, AwayNote } from '../lib/agent-note.ts';
import { announcement, holdAlarm, settleAlarm } from '../lib/announce.ts';
import type { Announcement, Voice } from '../lib/announce.ts';
import { needsClock, outageStart, selectBanner } from '../lib/banner.ts';
import type { BannerContext } from '../lib/banner.ts';
import { agentControls } from '../lib/controls.ts';
import { ToolbarFeed } from '../lib/feed.ts';
import { errorCodeOf, isNoReply, messageOf } from '../lib/request-errors.ts';
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
  dismissedAwayAt = $state<number | null>(null);
  /** When this window saw the current outage begin (the red banner's grace period). */
  outageSince = $state<number | null>(null);
  /** Latest sentence for the polite and the assertive live regions. */
  politeNews = $state('');
  urgentNews = $state('');
  /** Outcome of the agent's last action, shown only while it still holds (lib/agent-note.ts). */
  actionNote = $state.raw<ActionNote | null>(null);
  away = $state.raw<AwayNote | null>(null);
  busy = $state(false);
  problem = $state<string | null>(null);
  /** Bumped by "Log in again": the login form takes the focus. */
  loginFocus = $state(0);

  banner = $derived(this.snapshot ? selectBanner(this.snapshot, this.bannerContext()) : null);
  controls = $derived(this.snapshot ? agentControls(this.snapshot, this.busy) : null);
  note = $derived(this.snapshot ? selectNote(this.snapshot, this.actionNote, this.away, this.dismissedAwayAt) : null);
  badge = $derived(this.snapshot ? agentBadge(this.snapshot.agent, this.now) : null);
  rows = $derived(timelineRows(this.events));

  private readonly feed: ToolbarFeed;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** An urgent sentence held back while the outage was still in its grace period. */
  private alarmOwed = false;

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
    this.timer = setInterval(() => this.tick(), TICK_MS);
    return this.feed.start();
  }

  stop(): void {
    this.feed.stop();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** The clock only causes work while something on screen counts (countdown, grace, age, timed notice). */
  tick(): void {
    if (!needsClock(this.snapshot, this.bannerContext()) && !badgeTicks(this.snapshot?.agent)) return;
    this.now = this.clock();
    this.speak(settleAlarm(this.alarmOwed, this.banner, this.snapshot));
  }

  private bannerContext(): BannerContext {
    return { now: this.now, dismissedFailoverAt: this.dismissedFailoverAt, outageSince: this.outageSince };
  }

  private accept(next: ConnectivitySnapshot): void {
    const prev = this.snapshot;
    const news: Announcement | null = announcement(prev, next);
    this.now = this.clock();
    this.outageSince = outageStart(prev, next, this.now, this.outageSince);
    this.snapshot = next;
    this.away = trackAway(this.away, next.agent);
    this.problem = null;
    this.speak(holdAlarm(news, this.banner, this.alarmOwed));
    this.speak(settleAlarm(this.alarmOwed, this.banner, this.snapshot));
  }

  private speak(voice: Voice): void {
    this.alarmOwed = voice.owed;
    if (voice.say) this.say(voice.say);
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

  dismissAway(): void {
    this.dismissedAwayAt = this.away?.at ?? null;
  }

  /** "Log in again": the login form (shown while logged out) focuses its first field to fill. */
  focusLogin(): void {
    this.loginFocus += 1;
  }

  async reconnectNow(): Promise<void> {
    await this.run(async () => {
      const { accepted } = await this.api.reconnectNow();
      return accepted ? UI.banner.reconnectAccepted : UI.banner.reconnectThrottled;
    }, false);
  }

  ready(): Promise<void> {
    return this.agentRequest(() => this.api.agentReady());
  }

  notReady(reasonCode: string): Promise<void> {
    return this.agentRequest(() => this.api.agentNotReady(reasonCode));
  }

  logout(): Promise<void> {
    return this.agentRequest(() => this.api.agentLogout());
  }

  /** The password goes straight to main (keychain) and is not kept here. */
  login(agentId: string, password: string | undefined, remember: boolean): Promise<void> {
    return this.agentRequest(() => this.api.agentLogin({ agentId, password, remember }));
  }

  copyDiagnostics(): Promise<string> {
    return this.api.copyDiagnostics().then((r) => r.text);
  }

  /**
   * `done` and `unknown` both leave the words to the snapshot: an unknown outcome is
   * `agent.pending` there ("No answer from the switch yet — checking") until the
   * session has asked the switch, and the state shown is the switch's answer.
   */
  private agentRequest(send: () => Promise<RequestOutcome>): Promise<void> {
    return this.run(async () => {
      await send();
      return null;
    });
  }

  private async run(action: () => Promise<string | null>, marksBusy = true): Promise<void> {
    if (marksBusy) this.busy = true;
    this.actionNote = null;
    try {
      const text = await action();
      if (text) this.writeNote(text, false);
    } catch (err) {
      if (isNoReply(err)) {
        // Nobody knows whether it happened: say so, never "failed".
        this.writeNote(UI.agent.noReply, false);
        this.say({ text: UI.agent.noReply, urgent: false });
      } else {
        const text = UI.agent.requestFailed(describeError(errorCodeOf(err), messageOf(err)).text);
        this.writeNote(text, true);
        this.say({ text, urgent: true });
      }
    } finally {
      if (marksBusy) this.busy = false;
    }
  }

  private writeNote(text: string, error: boolean): void {
    this.actionNote = this.snapshot ? { text, error, key: noteKey(this.snapshot) } : null;
  }
}
