// Sandboxed preload: exposes window.agentToolbar and nothing else.
// Bundled to CommonJS (npm run build:preload): sandboxed preloads cannot load ESM or npm modules.
import { contextBridge, ipcRenderer } from 'electron';
import { EXPOSED_KEY, buildToolbarApi } from './api.ts';

contextBridge.exposeInMainWorld(EXPOSED_KEY, buildToolbarApi(ipcRenderer));
