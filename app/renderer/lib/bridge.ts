// Finds the typed API the preload (or the preview shim) exposed on window.
// `window.toolbar` is taken: it is the standard BarProp (window.toolbar.visible),
// and Electron's contextBridge refuses to bind over an existing window property.
// So the API lives at `window.agentToolbar`; `toolbar` is still accepted when a
// host managed to replace it with a real ToolbarApi.
import { BRIDGE_KEY, requests } from '../../shared/ipc-contract.ts';
import type { ToolbarApi } from '../../shared/ipc-contract.ts';

export { BRIDGE_KEY };
const ACCEPTED_KEYS = [BRIDGE_KEY, 'toolbar'] as const;

export function isToolbarApi(candidate: unknown): candidate is ToolbarApi {
  if (typeof candidate !== 'object' || candidate === null) return false;
  const c = candidate as Record<string, unknown>;
  const names = [...Object.keys(requests), 'onSnapshot', 'onEvent'];
  return names.every((name) => typeof c[name] === 'function');
}

export function findToolbarApi(globalObject: object): ToolbarApi | null {
  for (const key of ACCEPTED_KEYS) {
    const candidate = (globalObject as Record<string, unknown>)[key];
    if (isToolbarApi(candidate)) return candidate;
  }
  return null;
}
