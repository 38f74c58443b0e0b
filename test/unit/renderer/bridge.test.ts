import { describe, expect, it } from 'vitest';
import { BRIDGE_KEY, ToolbarRequestError, findToolbarApi, isExposedApi, valueOfReply } from '../../../app/renderer/lib/bridge.ts';
import { requests } from '../../../app/shared/ipc-contract.ts';
import type { ExposedToolbarApi } from '../../../app/shared/ipc-contract.ts';
import { makeSnapshot } from '../../support/snapshots.ts';

/** An exposed API whose every request resolves `reply`. */
function exposedReplying(reply: () => unknown): ExposedToolbarApi {
  const api: Record<string, unknown> = { onSnapshot: () => () => undefined, onEvent: () => () => undefined };
  for (const name of Object.keys(requests)) api[name] = async () => reply();
  return api as unknown as ExposedToolbarApi;
}

describe('finding the exposed API', () => {
  const exposed = exposedReplying(() => ({ ok: true, value: { accepted: true } }));

  it('uses window.agentToolbar, and wraps it', async () => {
    expect(BRIDGE_KEY).toBe('agentToolbar');
    const api = findToolbarApi({ agentToolbar: exposed });
    expect(api).not.toBeNull();
    expect(await api!.reconnectNow()).toEqual({ accepted: true });
  });

  it("ignores the browser's own window.toolbar (a BarProp)", () => {
    expect(findToolbarApi({ toolbar: { visible: true } })).toBeNull();
  });

  it('accepts window.toolbar when it really is the API', () => {
    expect(findToolbarApi({ toolbar: exposed })).not.toBeNull();
  });

  it('rejects an object missing a method', () => {
    const { agentLogout: _drop, ...partial } = exposed;
    expect(isExposedApi(partial)).toBe(false);
    expect(isExposedApi(null)).toBe(false);
  });
});

describe('replies into values and errors, on this side of the bridge', () => {
  it('a value is checked against the contract', () => {
    const snapshot = makeSnapshot();
    expect(valueOfReply('getSnapshot', { ok: true, value: snapshot })).toEqual(snapshot);
    expect(() => valueOfReply('reconnectNow', { ok: true, value: { accepted: 'yes' } })).toThrow(ToolbarRequestError);
    expect(() => valueOfReply('reconnectNow', { ok: true, value: { accepted: 'yes' } })).toThrow(/^reconnectNow: /);
  });

  it('an error reply becomes a ToolbarRequestError with every field of the data', () => {
    const error = { kind: 'failed', code: 1705, message: 'AgentLogin: password does not match (ErrorCode 1705)', retryable: false, server: 'b' };
    let thrown: unknown;
    try {
      valueOfReply('agentLogin', { ok: false, error });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ToolbarRequestError);
    expect(thrown).toMatchObject(error);
  });

  it('anything else is a bad reply, never an exception of another kind', () => {
    for (const reply of [undefined, null, 'x', { ok: 'maybe' }, { ok: false, error: { code: 'tserver-1705', message: 'old shape' } }]) {
      expect(() => valueOfReply('agentReady', reply)).toThrow(expect.objectContaining({ kind: 'bad-reply', code: null }));
    }
  });

  it('an exposed method that rejects (a host bug) is a bad reply too', async () => {
    const api = findToolbarApi({ agentToolbar: exposedReplying(() => Promise.reject(new Error('boom'))) })!;
    await expect(api.agentReady()).rejects.toMatchObject({ kind: 'bad-reply', message: 'agentReady: boom' });
  });
});
