import { beforeEach, describe, expect, it, vi } from 'vitest';
import { buildToolbarApi } from '../../../app/preload/api.ts';
import type { IpcRendererLike } from '../../../app/preload/api.ts';
import { pushChannel, requestChannel, requests } from '../../../app/shared/ipc-contract.ts';
import { makeSnapshot } from '../../support/snapshots.ts';
import { BRIDGE_KEY, isExposedApi } from '../../../app/renderer/lib/bridge.ts';

const exposed: Record<string, unknown> = {};
const mockIpcRenderer = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn(), send: vi.fn(), sendSync: vi.fn() };
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
  ipcRenderer: mockIpcRenderer,
}));

class FakeIpc implements IpcRendererLike {
  invoked: unknown[][] = [];
  reply: unknown = { ok: true, value: null };
  fail: Error | null = null;
  listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  async invoke(channel: string, ...args: unknown[]) {
    this.invoked.push([channel, ...args]);
    if (this.fail) throw this.fail;
    return this.reply;
  }
  on(channel: string, listener: (event: unknown, payload: unknown) => void) {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(listener);
  }
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void) {
    this.listeners.get(channel)?.delete(listener);
  }
  emit(channel: string, payload: unknown) {
    for (const l of this.listeners.get(channel) ?? []) l({ sender: 'secret ipc event' }, payload);
  }
}

describe('preload api', () => {
  let ipc: FakeIpc;
  beforeEach(() => {
    ipc = new FakeIpc();
  });

  it('has one method per request plus the two subscriptions, nothing else', () => {
    const api = buildToolbarApi(ipc);
    expect(Object.keys(api).sort()).toEqual([...Object.keys(requests), 'onEvent', 'onSnapshot'].sort());
  });

  it('invokes the prefixed channel with the arguments and resolves the reply as main sent it', async () => {
    const api = buildToolbarApi(ipc);
    ipc.reply = { ok: true, value: { accepted: true } };
    expect(await api.reconnectNow()).toEqual({ ok: true, value: { accepted: true } });
    ipc.reply = { ok: true, value: { outcome: 'unknown' } };
    expect(await api.agentLogin({ agentId: '1001', password: 'pw', remember: false })).toEqual({ ok: true, value: { outcome: 'unknown' } });
    expect(ipc.invoked).toEqual([
      [requestChannel('reconnectNow')],
      [requestChannel('agentLogin'), { agentId: '1001', password: 'pw', remember: false }],
    ]);
  });

  it('resolves a refusal as data, never throws an Error of its own (contextBridge would drop its fields)', async () => {
    const api = buildToolbarApi(ipc);
    const error = { kind: 'failed', code: 54, message: 'No connection to the switch', retryable: true, server: 'a' };
    ipc.reply = { ok: false, error };
    expect(await api.agentReady()).toEqual({ ok: false, error });
    // Main never answered (no handler): a reply that says so, still data.
    ipc.fail = new Error("No handler registered for 'agent-toolbar:agentReady'");
    expect(await api.agentReady()).toEqual({
      ok: false,
      error: { kind: 'bad-reply', code: null, retryable: true, server: null, message: "agentReady: main sent no reply (No handler registered for 'agent-toolbar:agentReady')" },
    });
  });

  it('subscriptions pass only the payload and unsubscribe exactly once', () => {
    const api = buildToolbarApi(ipc);
    const seen: unknown[] = [];
    const off = api.onSnapshot((s) => void seen.push(s));
    const snapshot = makeSnapshot();
    ipc.emit(pushChannel('snapshot'), snapshot);
    ipc.emit(pushChannel('event'), { not: 'a snapshot' });
    off();
    off();
    ipc.emit(pushChannel('snapshot'), snapshot);
    expect(seen).toEqual([snapshot]);
    expect(ipc.listeners.get(pushChannel('snapshot'))!.size).toBe(0);
    expect(() => api.onEvent('nope' as never)).toThrow(/listener must be a function/);
  });

  it('index exposes window.agentToolbar only (matching the renderer bridge), never ipcRenderer', async () => {
    await import('../../../app/preload/index.ts');
    expect(Object.keys(exposed)).toEqual(['agentToolbar']);
    expect(BRIDGE_KEY).toBe('agentToolbar');
    const api = exposed.agentToolbar as Record<string, unknown>;
    expect(isExposedApi(api)).toBe(true);
    for (const value of Object.values(api)) {
      expect(typeof value).toBe('function');
      expect(value).not.toBe(mockIpcRenderer.invoke);
      expect(value).not.toBe(mockIpcRenderer.send);
    }
    expect(Object.values(api)).not.toContain(mockIpcRenderer);
  });
});
