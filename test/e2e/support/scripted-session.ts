// A ToolbarSession driven by the test, for preview-host tests that check the
// transport and the page, not the HA logic (never used by the preview host itself).
import type { ConnectivitySnapshot, TimelineEvent } from '../../../app/shared/connectivity.ts';
import type { CheckNowReason, ToolbarSession } from '../../../app/main/tserver/session/api.ts';

export class ScriptedSession implements ToolbarSession {
  checks: CheckNowReason[] = [];
  agentCalls: string[] = [];
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
  checkNow(reason: CheckNowReason): boolean {
    this.checks.push(reason);
    return true;
  }
  async agentReady(): Promise<void> {
    this.agentCalls.push('ready');
  }
  async agentNotReady(reasonCode: string): Promise<void> {
    this.agentCalls.push(`not-ready:${reasonCode}`);
  }
  async agentLogin(agentId: string, password: string | undefined): Promise<void> {
    this.agentCalls.push(`login:${agentId}:${password === undefined ? 'stored' : 'typed'}`);
  }
  async agentLogout(): Promise<void> {
    this.agentCalls.push('logout');
  }
}
