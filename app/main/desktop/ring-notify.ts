// Carries out the RingPolicy's plan with an injected notification surface (Electron's in
// electron-adapters.ts, a fake in tests): on every snapshot, when the window's attention
// changes, and when a notification held back by the rate bound becomes due.
// A click shows the window and never answers (a click is not an Answer); Answer goes
// through answerFromShell, which asks the live snapshot again before sending anything.
import type { ConnectivitySnapshot } from '../../shared/connectivity.ts';
import { DueTimer } from './due-timer.ts';
import type { Schedule } from './due-timer.ts';
import { RingPolicy } from './ring-policy.ts';
import type { RingAction, RingNotice, RingPolicyOptions } from './ring-policy.ts';

export interface RingHandlers {
  /** The body was clicked. */
  click(): void;
  /** The notification's Answer button. */
  answer(): void;
  /** Closed by the agent or the OS (not by `close`). */
  closed(): void;
}

export interface RingSurface {
  show(notice: RingNotice, handlers: RingHandlers): void;
  close(key: string): void;
}

export interface RingNotifierDeps {
  surface: RingSurface;
  /** Is the agent looking at the window (see `isAttended`)? */
  attended(): boolean;
  /** Answer pressed on a call's notification (answerFromShell re-checks the snapshot). */
  answer(connId: string): void;
  showWindow(): void;
  now(): number;
  schedule: Schedule;
  enabled: boolean;
  policy?: Partial<RingPolicyOptions>;
}

/**
 * Electron's Notification `actions` (buttons) are documented for macOS and, since
 * electron/electron#48132, Windows (NotificationAction: "button — macOS, Windows"). On macOS
 * only for a signed app whose alert style is "alert", else the button is simply not shown
 * (a click still opens the window). On Windows, an unpackaged (non-MSIX) app that is running
 * gets the `action` event only with electron/electron#51286, which Electron 45 has. Linux's
 * libnotify notifications get none from Electron: there the body says a click opens the toolbar.
 */
export function notificationButtons(platform: NodeJS.Platform): boolean {
  return platform === 'darwin' || platform === 'win32';
}

type AttentionWindow = { isDestroyed(): boolean; isVisible(): boolean; isMinimized(): boolean; isFocused(): boolean };

/** The agent sees the window: it exists, is shown, not minimised, and has the focus. */
export function isAttended(win: AttentionWindow | null): boolean {
  return win !== null && !win.isDestroyed() && win.isVisible() && !win.isMinimized() && win.isFocused();
}

export class RingNotifier {
  private readonly policy: RingPolicy;
  private latest: ConnectivitySnapshot | null = null;
  private readonly timer: DueTimer;
  private disposed = false;

  constructor(private readonly deps: RingNotifierDeps) {
    this.policy = new RingPolicy(deps.policy);
    this.timer = new DueTimer(deps.schedule, deps.now);
  }

  update(snapshot: ConnectivitySnapshot): void {
    this.latest = snapshot;
    this.replan();
  }

  /** The window was hidden, minimised or lost the focus (or got them back). */
  attentionChanged(): void {
    this.replan();
  }

  /** Closes every ringing notification (quitting: an Answer button must not outlive the app). */
  dispose(): void {
    this.disposed = true;
    this.timer.clear();
    this.apply(this.policy.reset());
  }

  private replan(): void {
    if (this.disposed || !this.deps.enabled || this.latest === null) return;
    this.apply(this.policy.plan(this.latest, this.deps.attended(), this.deps.now()));
    this.rearm();
  }

  private rearm(): void {
    this.timer.arm(this.policy.dueAt(), () => this.replan());
  }

  private apply(actions: readonly RingAction[]): void {
    for (const action of actions) {
      if (action.kind === 'close') this.deps.surface.close(action.key);
      else this.show(action.notice);
    }
  }

  private show(notice: RingNotice): void {
    const { key, connId } = notice;
    this.deps.surface.show(notice, {
      click: () => {
        this.policy.closed(key);
        this.deps.showWindow();
      },
      answer: () => {
        this.policy.closed(key);
        if (connId === null) this.deps.showWindow();
        else this.deps.answer(connId);
      },
      closed: () => this.policy.closed(key),
    });
  }
}
