// Sandboxed preload: exposes window.toolbar and nothing else.
// Bundled to CommonJS (scripts/build-main.mjs): sandboxed preloads cannot load ESM or npm modules.
import { contextBridge, ipcRenderer } from 'electron';
import { buildToolbarApi } from './api.ts';

contextBridge.exposeInMainWorld('toolbar', buildToolbarApi(ipcRenderer));
