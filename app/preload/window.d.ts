// `window.agentToolbar`, as the preload exposes it (EXPOSED_KEY in api.ts;
// `window.toolbar` is the browser's own BarProp). Include this file in the
// renderer's tsconfig, or: /// <reference path="../preload/window.d.ts" />
import type { ToolbarApi } from '../shared/ipc-contract.ts';

declare global {
  interface Window {
    readonly agentToolbar: ToolbarApi;
  }
}

export {};
