import type { ExposedToolbarApi } from '../shared/ipc-contract.ts';

declare global {
  interface Window {
    /** Exposed by the Electron preload, or by preview-shim.ts in the browser preview (see lib/bridge.ts). */
    agentToolbar?: ExposedToolbarApi;
  }
}
export {};
