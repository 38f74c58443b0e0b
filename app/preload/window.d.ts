// `window.toolbar`, as the preload exposes it (include this file in the
// renderer's tsconfig, or reference it: /// <reference path="../preload/window.d.ts" />).
import type { ToolbarApi } from '../shared/ipc-contract.ts';

declare global {
  interface Window {
    readonly toolbar: ToolbarApi;
  }
}

export {};
