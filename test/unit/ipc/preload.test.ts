import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ToolbarRequestError, buildToolbarApi } from '../../../app/preload/api.ts';
import type { IpcRendererLike } from '../../../app/preload/api.ts';
import { pushChannel, requestChannel, requests } from '../../../app/shared/ipc-contract.ts';
import { makeSnapshot } from '../../support/snapshots.ts';
import { BRIDGE_KEY, isToolbarApi } from '../../../app/renderer/lib/bridge.ts';

const exposed: Record<string, unknown> = {};
const mockIpcRenderer = { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn(), send: vi.fn(), sendSync: vi.fn() };
vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
  ipcRenderer: mockIpcRenderer,
}));

class FakeIpc implements IpcRendererLike {
  invoked: unknown[][] = [];
  reply: unknown = { ok: true, value: null };
  listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  async invoke(channel: string, ...args: unknown[]) {
    this.invoked.push([channel, ...args]);
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

  it('invokes the prefixed channel with the arguments and unwraps the value', async () => {
    const api = buildToolbarApi(ipc);
    ipc.reply = { ok: true, value: { accepted: true } };
    expect(await api.reconnectNow()).toEqual({ accepted: true });
    ipc.reply = { ok: true, value: { outcome: 'unknown' } };
    // An unknown outcome is a value like any other: it reaches the page as main sent it.
    expect(await api.agentLogin({ agentId: '1001', password: 'pw', remember: false })).toEqual({ outcome: 'unknown' });
    expect(ipc.invoked).toEqual([
      [requestChannel('reconnectNow')],
      [requestChannel('agentLogin'), { agentId: '1001', password: 'pw', remember: false }],
    ]);
  });

  it('turns a rejected reply into a ToolbarRequestError with its code', async () => {
    const api = buildToolbarApi(ipc);
    ipc.reply = { ok: false, error: { code: 'tserver-54', message: 'No connection to the switch' } };
    const err = await api.agentReady().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ToolbarRequestError);
    expect(err).toMatchObject({ code: 'tserver-54', message: 'No connection to the switch' });
    ipc.reply = undefined;
    await expect(api.agentReady()).rejects.toThrow(/no valid reply/);
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
    expect(isToolbarApi(api)).toBe(true);
    for (const value of Object.values(api)) {
      expect(typeof value).toBe('function');
      expect(value).not.toBe(mockIpcRenderer.invoke);
      expect(value).not.toBe(mockIpcRenderer.send);
    }
    expect(Object.values(api)).not.toContain(mockIpcRenderer);
  });
});
