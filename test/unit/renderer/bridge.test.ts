import { describe, expect, it } from 'vitest';
import { BRIDGE_KEY, findToolbarApi, isToolbarApi } from '../../../app/renderer/lib/bridge.ts';
import { FakeToolbar } from './fake-toolbar.ts';

describe('finding the preload API', () => {
  const api = new FakeToolbar().api();

  it('uses window.agentToolbar', () => {
    expect(BRIDGE_KEY).toBe('agentToolbar');
    expect(findToolbarApi({ agentToolbar: api })).toBe(api);
  });

  it("ignores the browser's own window.toolbar (a BarProp)", () => {
    expect(findToolbarApi({ toolbar: { visible: true } })).toBeNull();
  });

  it('accepts window.toolbar when it really is the API', () => {
    expect(findToolbarApi({ toolbar: api })).toBe(api);
  });

  it('rejects an object missing a method', () => {
    const { agentLogout: _drop, ...partial } = api;
    expect(isToolbarApi(partial)).toBe(false);
    expect(isToolbarApi(null)).toBe(false);
  });
});
