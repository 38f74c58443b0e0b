// Shows the policy's notices as OS notifications; clicking one shows the
// window. Timer and notification factory are injected (fake clock in tests).
import type { ConnectivitySnapshot } from '../../shared/connectivity.ts';
import { DueTimer } from './due-timer.ts';
import type { Schedule } from './due-timer.ts';
import { NotificationPolicy } from './notify-policy.ts';
import type { Notice, NotifyPolicyOptions } from './notify-policy.ts';

export interface NotifierDeps {
  /** Shows one notification; `onClick` shows the window. */
  show(notice: Notice, onClick: () => void): void;
  onClick(): void;
  now(): number;
  schedule: Schedule;
  enabled: boolean;
  policy?: NotifyPolicyOptions;
}

export class Notifier {
  private readonly policy: NotificationPolicy;
  private readonly timer: DueTimer;

  constructor(private readonly deps: NotifierDeps) {
    this.policy = new NotificationPolicy(deps.policy);
    this.timer = new DueTimer(deps.schedule, deps.now);
  }

  update(snapshot: ConnectivitySnapshot): void {
    this.emit(this.policy.observe(snapshot, this.deps.now()));
    this.rearm();
  }

  dispose(): void {
    this.timer.clear();
  }

  private rearm(): void {
    this.timer.arm(this.policy.dueAt(), () => {
      this.emit(this.policy.poll(this.deps.now()));
      this.rearm();
    });
  }

  private emit(notices: readonly Notice[]): void {
    if (!this.deps.enabled) return;
    for (const notice of notices) this.deps.show(notice, () => this.deps.onClick());
  }
}
