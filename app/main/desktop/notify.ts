// Shows the policy's notices as OS notifications; clicking one shows the
// window. Timer and notification factory are injected (fake clock in tests).
import type { ConnectivitySnapshot } from '../../shared/connectivity.ts';
import { NotificationPolicy } from './notify-policy.ts';
import type { Notice, NotifyPolicyOptions } from './notify-policy.ts';

export interface NotifierDeps {
  /** Shows one notification; `onClick` shows the window. */
  show(notice: Notice, onClick: () => void): void;
  onClick(): void;
  now(): number;
  /** setTimeout-like; returns a cancel function. */
  schedule(fn: () => void, delayMs: number): () => void;
  enabled: boolean;
  policy?: NotifyPolicyOptions;
}

export class Notifier {
  private readonly policy: NotificationPolicy;
  private cancelTimer: (() => void) | null = null;

  constructor(private readonly deps: NotifierDeps) {
    this.policy = new NotificationPolicy(deps.policy);
  }

  update(snapshot: ConnectivitySnapshot): void {
    this.emit(this.policy.observe(snapshot, this.deps.now()));
    this.rearm();
  }

  dispose(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
  }

  private rearm(): void {
    this.cancelTimer?.();
    this.cancelTimer = null;
    const due = this.policy.dueAt();
    if (due === null) return;
    this.cancelTimer = this.deps.schedule(() => {
      this.cancelTimer = null;
      this.emit(this.policy.poll(this.deps.now()));
      this.rearm();
    }, Math.max(0, due - this.deps.now()));
  }

  private emit(notices: readonly Notice[]): void {
    if (!this.deps.enabled) return;
    for (const notice of notices) this.deps.show(notice, () => this.deps.onClick());
  }
}
