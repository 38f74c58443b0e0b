// Test doubles shared by the ipc and desktop unit tests.
import type { ConnectivitySnapshot, RequestOutcome, TimelineEvent } from '../../../app/shared/connectivity.ts';
import type { CheckNowReason, ToolbarSession, WakeReason } from '../../../app/main/tserver/session/api.ts';
import { makeSnapshot } from '../../support/snapshots.ts';

export function makeEvent(overrides: Partial<TimelineEvent> = {}): TimelineEvent {
  return { t: 1_700_000_000_000, event: 'EventLinkConnected', server: 'a', attributes: {}, ...overrides };
}

/** A ToolbarSession that records calls and lets tests emit snapshots and events. */
export class FakeSession implements ToolbarSession {
  calls: unknown[][] = [];
  current = makeSnapshot();
  checkNowResult = true;
  failNext: Error | null = null;
  /** What the next agent request resolves to (then back to `done`). */
  outcomeNext: RequestOutcome['outcome'] = 'done';
  /** Runs inside the next agent request, before it answers (to look at the keychain mid-login). */
  duringNext: (() => Promise<void>) | null = null;
  private snapshotListeners = new Set<(s: ConnectivitySnapshot) => void>();
  private eventListeners = new Set<(e: TimelineEvent) => void>();

  start(): void {
    this.calls.push(['start']);
  }
  async stop(): Promise<void> {
    this.calls.push(['stop']);
  }
  snapshot(): ConnectivitySnapshot {
    return this.current;
  }
  onSnapshot(listener: (s: ConnectivitySnapshot) => void): () => void {
    this.snapshotListeners.add(listener);
    return () => this.snapshotListeners.delete(listener);
  }
  onEvent(listener: (e: TimelineEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }
  checkNow(reason: CheckNowReason): boolean {
    this.calls.push(['checkNow', reason]);
    return this.checkNowResult;
  }

  wake(reason: WakeReason): boolean {
    this.calls.push(['wake', reason]);
    return true;
  }
  agentReady(): Promise<RequestOutcome> {
    return this.record(['agentReady']);
  }
  agentNotReady(reasonCode: string): Promise<RequestOutcome> {
    return this.record(['agentNotReady', reasonCode]);
  }
  agentLogin(agentId: string, password: string | undefined): Promise<RequestOutcome> {
    return this.record(['agentLogin', agentId, password]);
  }
  agentLogout(): Promise<RequestOutcome> {
    return this.record(['agentLogout']);
  }
  answerCall(connId: string): Promise<RequestOutcome> {
    return this.record(['answerCall', connId]);
  }
  holdCall(connId: string): Promise<RequestOutcome> {
    return this.record(['holdCall', connId]);
  }
  retrieveCall(connId: string): Promise<RequestOutcome> {
    return this.record(['retrieveCall', connId]);
  }
  releaseCall(connId: string): Promise<RequestOutcome> {
    return this.record(['releaseCall', connId]);
  }

  emitSnapshot(overrides: Partial<ConnectivitySnapshot>): void {
    this.current = makeSnapshot({ ...overrides, seq: this.current.seq + 1 });
    for (const l of this.snapshotListeners) l(this.current);
  }
  emitEvent(event: TimelineEvent): void {
    for (const l of this.eventListeners) l(event);
  }
  listenerCounts(): { snapshot: number; event: number } {
    return { snapshot: this.snapshotListeners.size, event: this.eventListeners.size };
  }

  private async record(call: unknown[]): Promise<RequestOutcome> {
    this.calls.push(call);
    const { failNext: fail, outcomeNext: outcome, duringNext: during } = this;
    this.failNext = null;
    this.outcomeNext = 'done';
    this.duringNext = null;
    await during?.();
    if (fail) throw fail;
    return { outcome };
  }
}

export function silentLog() {
  const lines: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  return {
    lines,
    info: (obj: Record<string, unknown>, msg: string) => void lines.push({ level: 'info', obj, msg }),
    warn: (obj: Record<string, unknown>, msg: string) => void lines.push({ level: 'warn', obj, msg }),
  };
}
