// The renderer's single store: runes state fed only by the preload API (lib/bridge.ts) through
// ToolbarFeed. Components read it; user actions (clicks, shortcuts) go back through its methods.
import type { ConnectivitySnapshot, RequestOutcome } from '../../shared/connectivity.ts';
import type { ToolbarApi } from '../../shared/ipc-contract.ts';
import { DEFAULT_UI_CONFIG, UiConfigSchema } from '../../shared/ui-config.ts';
import type { NotReadyReason, UiConfig, WindowShortcutAction } from '../../shared/ui-config.ts';
import * as v from 'valibot';
import { agentBadge, badgeTicks, trackStateSince } from '../lib/agent-badge.ts';
import type { SeenSince } from '../lib/agent-badge.ts';
import { noteKey, selectNote, trackAway } from '../lib/agent-note.ts';
import type { ActionNote, AwayNote } from '../lib/agent-note.ts';
import { holdAlarm, news, settleAlarm } from '../lib/announce.ts';
import type { Announcement, Voice } from '../lib/announce.ts';
import { dialingShownAt, needsClock, outageStart, selectBanner } from '../lib/banner.ts';
import type { BannerContext } from '../lib/banner.ts';
import { bannerWords } from '../lib/banner-words.ts';
import { callForShortcut, callRows, callsTick } from '../lib/call-bar.ts';
import type { CallAction } from '../lib/call-bar.ts';
import { agentControls } from '../lib/controls.ts';
import type { Control } from '../lib/controls.ts';
import { ToolbarFeed } from '../lib/feed.ts';
import type { VisibilitySource } from '../lib/feed.ts';
import { credentialField, describeError, WORDS } from '../lib/messages.ts';
import type { CredentialField } from '../lib/messages.ts';
import { errorCodeOf, isNoReply, kindOf, messageOf, refusalWords } from '../lib/request-errors.ts';
import { timelineRows } from '../lib/timeline-format.ts';
import type { NumberedEvent } from '../lib/timeline-format.ts';

/** Clock resolution: the countdown and the time in state show whole seconds. */
const TICK_MS = 250;

/** What the agent can ask for, as refusal notes and Details name it. */
type Action = keyof typeof WORDS.request.refusedName;

export function documentVisibility(): VisibilitySource {
  return {
    isVisible: () => document.visibilityState === 'visible',
    onChange: (listener) => {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
  };
}

export interface LoginProblem {
  field: CredentialField;
  text: string;
}

export class ToolbarState {
  snapshot = $state.raw<ConnectivitySnapshot | null>(null);
  events = $state.raw<readonly NumberedEvent[]>([]);
  now = $state(0);
  ui = $state.raw<UiConfig>(DEFAULT_UI_CONFIG);
  dismissedFailoverAt = $state<number | null>(null);
  dismissedAwayAt = $state<number | null>(null);
  dismissedEndedAt = $state<number | null>(null);
  /** A call request of this window awaits its reply: no second one goes out meanwhile (a double click sends one). */
  callInFlight = $state(false);
  /** When this window saw the current outage begin (the red banner's grace period). */
  outageSince = $state<number | null>(null);
  /** When "Trying now…" started showing (kept a moment, so a quick failed dial is no flash). */
  dialingSince = $state<number | null>(null);
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
  detailsOpen = $state(false);
  /** The reason the agent picked last (the picker shows it; Not Ready and Alt+N use it). */
  chosenReason = $state<string | null>(null);
  /** A credential the switch refused at login: shown at its field. */
  loginError = $state.raw<LoginProblem | null>(null);
  /** For Details: the last request that was refused, with the code and the words main gave. */
  lastRefusal = $state.raw<{ what: string; code: string; message: string; at: number } | null>(null);
  /** A state change this window saw happen (time in state when the session does not say). */
  seenSince = $state.raw<SeenSince | null>(null);

  reasons = $derived<readonly NotReadyReason[]>(this.ui.notReadyReasons);
  banner = $derived(this.snapshot ? selectBanner(this.snapshot, this.bannerContext()) : null);
  bannerText = $derived(this.banner ? bannerWords(this.banner, this.reasons) : null);
  controls = $derived(this.snapshot ? agentControls(this.snapshot, this.busy) : null);
  note = $derived(this.snapshot ? selectNote(this.snapshot, this.actionNote, this.away, this.dismissedAwayAt, this.reasons, this.dismissedEndedAt) : null);
  calls = $derived(this.snapshot ? callRows(this.snapshot, this.now, this.callInFlight) : []);
  badge = $derived(this.snapshot ? agentBadge(this.snapshot.agent, this.now, this.reasons, this.seenSince) : null);
  rows = $derived(timelineRows(this.events));
  /** The reasons the picker offers: the configured ones, plus the agent's current one if IT does not list it. */
  pickerReasons = $derived.by<readonly NotReadyReason[]>(() => {
    const current = this.snapshot?.agent.state === 'not-ready' ? this.snapshot.agent.reasonCode : null;
    return current && !this.reasons.some((r) => r.code === current) ? [...this.reasons, { code: current, label: current }] : this.reasons;
  });
  /** What Not Ready sends: the agent's last pick, else their current reason, else the first configured. */
  reason = $derived.by<string>(() => {
    const offered = (code: string | null | undefined) => (code && this.pickerReasons.some((r) => r.code === code) ? code : null);
    const current = this.snapshot?.agent.state === 'not-ready' ? this.snapshot.agent.reasonCode : null;
    return offered(this.chosenReason) ?? offered(current) ?? this.pickerReasons[0]?.code ?? '';
  });
  /** The credential problem to show at the login form: the last refusal, or the one that stopped the re-login. */
  loginProblem = $derived.by<LoginProblem | null>(() => {
    if (this.loginError) return this.loginError;
    const e = this.snapshot?.lastError;
    const field = e && !e.retryable ? credentialField(e.code) : null;
    return e && field ? { field, text: describeError(e.code).text } : null;
  });

  private readonly feed: ToolbarFeed;
  private timer: ReturnType<typeof setInterval> | null = null;
  /** The outage's sentence, held back while the outage was still in its grace period. */
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
      problem: (message, detail) => {
        this.problem = message;
        console.warn(`toolbar: ${detail}`);
      },
    }, visibility);
  }

  /** Config first (reasons, grace), so the first snapshot is already worded and timed right. */
  async start(): Promise<void> {
    this.timer = setInterval(() => this.tick(), TICK_MS);
    await this.loadUiConfig();
    await this.feed.start();
  }

  stop(): void {
    this.feed.stop();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async loadUiConfig(): Promise<void> {
    try {
      const reply = v.safeParse(UiConfigSchema, await this.api.getUiConfig());
      if (reply.success) this.ui = reply.output;
    } catch (err) {
      // An older main, or none yet: the built-in reasons and grace still work.
      console.warn(`toolbar: getUiConfig: ${messageOf(err)}`);
    }
  }

  /** The clock only causes work while something on screen counts (countdown, grace, age, time in state, timed notice). */
  tick(): void {
    if (!needsClock(this.snapshot, this.bannerContext()) && !badgeTicks(this.snapshot?.agent, this.seenSince) && !callsTick(this.snapshot)) return;
    this.now = this.clock();
    this.dialingSince = dialingShownAt(this.dialingSince, this.snapshot, this.now);
    this.speak(settleAlarm(this.alarmOwed, this.banner, this.snapshot, this.reasons));
  }

  private bannerContext(): BannerContext {
    return { now: this.now, dismissedFailoverAt: this.dismissedFailoverAt, outageSince: this.outageSince, graceMs: this.ui.alarmGraceMs, dialingSince: this.dialingSince };
  }

  private accept(next: ConnectivitySnapshot): void {
    const prev = this.snapshot;
    const heard = news(prev, next, this.reasons);
    this.now = this.clock();
    this.outageSince = outageStart(prev, next, this.now, this.outageSince);
    this.dialingSince = dialingShownAt(this.dialingSince, next, this.now);
    this.seenSince = trackStateSince(this.seenSince, prev?.agent ?? null, next.agent, this.now);
    this.snapshot = next;
    this.away = trackAway(this.away, next.agent, this.reasons);
    // A login refusal talks about a logged-out agent: gone once they are in.
    if (next.agent.state !== 'logged-out') this.loginError = null;
    this.problem = null;
    this.speak(holdAlarm(heard, this.banner, this.alarmOwed));
    this.speak(settleAlarm(this.alarmOwed, this.banner, this.snapshot, this.reasons));
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

  dismissEndedUnheard(): void {
    this.dismissedEndedAt = this.snapshot?.callsEndedUnheard.at(-1)?.at ?? null;
  }

  /** "Log in again": the login form (shown while logged out) focuses its first field to fill. */
  focusLogin(): void {
    this.loginFocus += 1;
  }

  toggleDetails(): void {
    this.detailsOpen = !this.detailsOpen;
  }

  closeDetails(): void {
    this.detailsOpen = false;
  }

  chooseReason(code: string): void {
    this.chosenReason = code;
  }

  /** The agent changed what they typed: the refusal no longer talks about it. */
  clearLoginError(): void {
    this.loginError = null;
  }

  /** Whether Reconnect now can help: while there is no session, or stopped by a credential the agent may have fixed. */
  canReconnect(): boolean {
    const phase = this.snapshot?.phase;
    return phase === 'reconnecting' || phase === 'offline' || this.bannerText?.action === 'reconnect';
  }

  /** An in-window (or, through main, global) shortcut. A control that cannot work says why, as a click would show. */
  press(action: WindowShortcutAction): void {
    const refuse = (c: Control) => {
      if (c.enabled) return false;
      this.writeNote(c.reason, false, this.currentKey());
      this.say({ text: c.reason, urgent: false });
      return true;
    };
    switch (action) {
      case 'details':
        this.toggleDetails();
        return;
      case 'reconnectNow':
        if (this.canReconnect()) void this.reconnectNow();
        else refuse({ enabled: false, reason: this.snapshot?.phase === 'failed' ? WORDS.controls.cannotRetry : WORDS.controls.nothingToReconnect });
        return;
      case 'ready':
        if (this.controls && !refuse(this.controls.ready)) void this.ready();
        return;
      case 'notReady':
        if (this.controls && !refuse(this.controls.notReady)) void this.notReady(this.reason);
        return;
      case 'answer':
      case 'hold':
      case 'retrieve':
      case 'release': {
        // The call the key means (the ringing one for Answer…), through the same checks as its button.
        const call = this.snapshot ? callForShortcut(this.snapshot, action) : null;
        const button = this.calls.find((r) => r.connId === call?.connId)?.buttons.find((b) => b.action === action);
        if (!call || !button) refuse({ enabled: false, reason: WORDS.calls.none[action] });
        else if (!refuse(button.control)) void this.callRequest(action, call.connId);
        return;
      }
    }
  }

  /**
   * One call request at a time: the flag is set before anything is awaited, so a second click
   * (or the shortcut) while the first is in flight sends nothing. `unknown` leaves the words to
   * the snapshot's `pending` ("Answer sent — waiting to hear from the phone system").
   */
  callRequest(action: CallAction, connId: string): Promise<void> {
    if (this.callInFlight) return Promise.resolve();
    const row = this.calls.find((r) => r.connId === connId);
    if (!row?.buttons.some((b) => b.action === action && b.control.enabled)) return Promise.resolve();
    this.callInFlight = true;
    const api = this.api;
    const send = () => (action === 'answer' ? api.answerCall(connId) : action === 'hold' ? api.holdCall(connId) : action === 'retrieve' ? api.retrieveCall(connId) : api.releaseCall(connId));
    return this.run(action, async () => {
      try {
        await send();
      } finally {
        this.callInFlight = false;
      }
      return null;
    }, false);
  }

  async reconnectNow(): Promise<void> {
    await this.run('reconnect', async () => {
      const { accepted } = await this.api.reconnectNow();
      return accepted ? WORDS.banner.reconnectAccepted : WORDS.banner.reconnectThrottled;
    }, false);
  }

  ready(): Promise<void> {
    return this.agentRequest('ready', () => this.api.agentReady());
  }

  notReady(reasonCode: string): Promise<void> {
    this.chosenReason = reasonCode;
    return this.agentRequest('not-ready', () => this.api.agentNotReady(reasonCode));
  }

  logout(): Promise<void> {
    return this.agentRequest('logout', () => this.api.agentLogout());
  }

  /** The password goes straight to main (keychain) and is not kept here. */
  login(agentId: string, password: string | undefined, remember: boolean): Promise<void> {
    this.loginError = null;
    return this.agentRequest('login', () => this.api.agentLogin({ agentId, password, remember }));
  }

  /** The diagnostics text, and whether main has put it on the clipboard already (Electron; the preview's page copies it itself). */
  copyDiagnostics(): Promise<{ text: string; copied: boolean }> {
    return this.api.copyDiagnostics();
  }

  /**
   * `done` and `unknown` both leave the words to the snapshot: an unknown outcome is
   * `agent.pending` there ("No answer from the switch yet — checking") until the
   * session has asked the switch, and the state shown is the switch's answer.
   */
  private agentRequest(what: Action, send: () => Promise<RequestOutcome>): Promise<void> {
    return this.run(what, async () => {
      await send();
      return null;
    });
  }

  private currentKey(): string | null {
    return this.snapshot ? noteKey(this.snapshot) : null;
  }

  private async run(what: Action, action: () => Promise<string | null>, marksBusy = true): Promise<void> {
    // The note talks about the picture the agent acted on: gone once that changes, however late the answer.
    const key = this.currentKey();
    if (marksBusy) this.busy = true;
    this.actionNote = null;
    try {
      const text = await action();
      if (text) this.writeNote(text, false, key);
    } catch (err) {
      this.refused(what, err, key);
    } finally {
      if (marksBusy) this.busy = false;
    }
  }

  private refused(what: Action, err: unknown, key: string | null): void {
    const code = errorCodeOf(err);
    this.lastRefusal = { what: WORDS.request.refusedName[what], code: [kindOf(err), code].filter((x) => x !== null).join(' '), message: messageOf(err), at: this.clock() };
    if (isNoReply(err)) {
      // Nobody knows whether it happened: say so, never "failed".
      this.writeNote(WORDS.agent.noReply, false, key);
      this.say({ text: WORDS.agent.noReply, urgent: false });
      return;
    }
    const field = what === 'login' ? credentialField(errorCodeOf(err)) : null;
    const text = field ? describeError(errorCodeOf(err)).text : WORDS.agent.refused(WORDS.request.refusedName[what], refusalWords(err));
    // What the agent typed was refused: said at the field, where they fix it.
    if (field) this.loginError = { field, text };
    else this.writeNote(text, true, key);
    this.say({ text, urgent: true });
  }

  private writeNote(text: string, error: boolean, key: string | null): void {
    this.actionNote = key !== null ? { text, error, key } : null;
  }
}
