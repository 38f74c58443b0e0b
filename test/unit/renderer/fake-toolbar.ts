// A scripted ToolbarApi for renderer unit tests only (never shipped): pushes
// are driven by the test, requests answer from settable values.
import type { ConnectivitySnapshot, RequestOutcome, TimelineEvent } from '../../../app/shared/connectivity.ts';
import type { ToolbarApi } from '../../../app/shared/ipc-contract.ts';
import { DEFAULT_UI_CONFIG } from '../../../app/shared/ui-config.ts';
import type { VisibilitySource } from '../../../app/renderer/lib/feed.ts';
import { snapshot } from './fixtures.ts';

export class FakeToolbar {
  current: ConnectivitySnapshot = snapshot();
  recent: TimelineEvent[] = [];
  calls: string[] = [];
  failGetSnapshot: Error | null = null;
  /** What the agent requests answer: an outcome, or an error they reject with. */
  answer: RequestOutcome | Error = { outcome: 'done' };
  /** When set, getSnapshot waits for this before answering (to interleave pushes). */
  gate: Promise<void> | null = null;
  private snapshotListeners = new Set<(s: ConnectivitySnapshot) => void>();
  private eventListeners = new Set<(e: TimelineEvent) => void>();

  pushSnapshot(s: ConnectivitySnapshot): void {
    this.current = s;
    for (const l of this.snapshotListeners) l(s);
  }

  pushEvent(e: TimelineEvent): void {
    for (const l of this.eventListeners) l(e);
  }

  get listenerCount(): number {
    return this.snapshotListeners.size + this.eventListeners.size;
  }

  api(): ToolbarApi {
    const record = <T>(name: string, value: T) => {
      this.calls.push(name);
      return Promise.resolve(value);
    };
    const agentRequest = (name: string) => {
      this.calls.push(name);
      return this.answer instanceof Error ? Promise.reject(this.answer) : Promise.resolve(this.answer);
    };
    return {
      reconnectNow: () => record('reconnectNow', { accepted: true }),
      agentReady: () => agentRequest('agentReady'),
      agentNotReady: (reason) => agentRequest(`agentNotReady:${reason}`),
      agentLogin: (a) => agentRequest(`agentLogin:${a.agentId}`),
      agentLogout: () => agentRequest('agentLogout'),
      answerCall: (connId) => agentRequest(`answerCall:${connId}`),
      holdCall: (connId) => agentRequest(`holdCall:${connId}`),
      retrieveCall: (connId) => agentRequest(`retrieveCall:${connId}`),
      releaseCall: (connId) => agentRequest(`releaseCall:${connId}`),
      getSnapshot: async () => {
        const answer = this.current;
        this.calls.push('getSnapshot');
        if (this.gate) await this.gate;
        if (this.failGetSnapshot) throw this.failGetSnapshot;
        return answer;
      },
      getRecentEvents: () => record('getRecentEvents', [...this.recent]),
      copyDiagnostics: () => record('copyDiagnostics', { text: 'diag', copied: false }),
      getUiConfig: () => record('getUiConfig', structuredClone(DEFAULT_UI_CONFIG)),
      onSnapshot: (l) => {
        this.snapshotListeners.add(l);
        return () => this.snapshotListeners.delete(l);
      },
      onEvent: (l) => {
        this.eventListeners.add(l);
        return () => this.eventListeners.delete(l);
      },
    };
  }
}

export class FakeVisibility implements VisibilitySource {
  visible = true;
  private listeners = new Set<() => void>();
  isVisible(): boolean {
    return this.visible;
  }
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  set(visible: boolean): void {
    this.visible = visible;
    for (const l of this.listeners) l();
  }
}

export const event = (t: number, name = 'EventLinkConnected', attributes: Record<string, unknown> = {}): TimelineEvent => ({
  t,
  event: name,
  server: 'a',
  attributes,
});
