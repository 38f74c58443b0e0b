// Answer pressed outside the window (a notification's Answer button, the tray menu).
// The button was drawn from an older snapshot: the call may have been answered on the
// handset, hung up, or become last known since. So the live snapshot is asked again at
// the moment of the press; if the call is not ringing, current and controllable any
// more, nothing is sent and the window is shown instead, where the agent sees the truth.
import type { ConnectivitySnapshot, RequestOutcome } from '../../shared/connectivity.ts';
import { answerable } from './call-facts.ts';

export interface AnswerDeps {
  /** The session's snapshot now (not a cached one). */
  snapshot(): ConnectivitySnapshot;
  answerCall(connId: string): Promise<RequestOutcome>;
  showWindow(): void;
  log: { info(fields: Record<string, unknown>, msg: string): void; warn(fields: Record<string, unknown>, msg: string): void };
}

export type AnswerResult = 'answered' | 'unknown' | 'refused' | 'not-ringing';

export async function answerFromShell(deps: AnswerDeps, connId: string, via: 'notification' | 'tray'): Promise<AnswerResult> {
  if (!answerable(deps.snapshot(), connId)) {
    deps.log.info({ connId, via }, 'answer not sent: the call is no longer ringing and controllable');
    deps.showWindow();
    return 'not-ringing';
  }
  try {
    const { outcome } = await deps.answerCall(connId);
    deps.log.info({ connId, via, outcome }, 'answer from outside the window');
    if (outcome === 'done') return 'answered';
    // No reply in time: the window's call bar says the outcome is pending.
    deps.showWindow();
    return 'unknown';
  } catch (err) {
    // The code only: a server's message may echo what it was sent.
    const code = typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : null;
    deps.log.warn({ connId, via, code }, 'answer from outside the window refused');
    deps.showWindow();
    return 'refused';
  }
}
