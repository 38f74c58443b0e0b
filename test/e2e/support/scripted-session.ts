// A ToolbarSession driven by the test, for preview-host tests that check the
// transport and the page, not the HA logic (never used by the preview host itself).
import type { ConnectivitySnapshot, RequestOutcome, TimelineEvent } from '../../../app/shared/connectivity.ts';
import type { CheckNowReason, ToolbarSession, WakeReason } from '../../../app/main/tserver/session/api.ts';

export class ScriptedSession implements ToolbarSession {
  checks: CheckNowReason[] = [];
  wakes: WakeReason[] = [];
  agentCalls: string[] = [];
  /** How an agent request is answered (default: done); a test may also push snapshots from here. */
  answer: (call: string) => RequestOutcome | Promise<RequestOutcome> = () => ({ outcome: 'done' });
  private snapshotListeners = new Set<(s: ConnectivitySnapshot) => void>();
  private eventListeners = new Set<(e: TimelineEvent) => void>();

  constructor(private current: ConnectivitySnapshot) {}

  start(): void {}
  async stop(): Promise<void> {}
  snapshot(): ConnectivitySnapshot {
    return this.current;
  }
  set(patch: Partial<ConnectivitySnapshot>): ConnectivitySnapshot {
    this.current = { ...this.current, ...patch, seq: this.current.seq + 1, t: Date.now() };
    for (const l of this.snapshotListeners) l(this.current);
    return this.current;
  }
  emit(event: TimelineEvent): void {
    for (const l of this.eventListeners) l(event);
  }
  onSnapshot(listener: (s: ConnectivitySnapshot) => void): () => void {
    this.snapshotListeners.add(listener);
    return () => this.snapshotListeners.delete(listener);
  }
  onEvent(listener: (e: TimelineEvent) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }
  /** What checkNow answers (false: the loop is already trying, as the session's 500 ms throttle says). */
  acceptChecks = true;
  checkNow(reason: CheckNowReason): boolean {
    this.checks.push(reason);
    return this.acceptChecks;
  }
  wake(reason: WakeReason): boolean {
    this.wakes.push(reason);
    return true;
  }
  agentReady(): Promise<RequestOutcome> {
    return this.request('ready');
  }
  agentNotReady(reasonCode: string): Promise<RequestOutcome> {
    return this.request(`not-ready:${reasonCode}`);
  }
  agentLogin(agentId: string, password: string | undefined): Promise<RequestOutcome> {
    return this.request(`login:${agentId}:${password === undefined ? 'stored' : 'typed'}`);
  }
  agentLogout(): Promise<RequestOutcome> {
    return this.request('logout');
  }
  answerCall(connId: string): Promise<RequestOutcome> {
    return this.request(`answer:${connId}`);
  }
  holdCall(connId: string): Promise<RequestOutcome> {
    return this.request(`hold:${connId}`);
  }
  retrieveCall(connId: string): Promise<RequestOutcome> {
    return this.request(`retrieve:${connId}`);
  }
  releaseCall(connId: string): Promise<RequestOutcome> {
    return this.request(`release:${connId}`);
  }
  private async request(call: string): Promise<RequestOutcome> {
    this.agentCalls.push(call);
    return this.answer(call);
  }
}
