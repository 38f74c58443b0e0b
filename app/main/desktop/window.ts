// The main window: options from mainWindowOptions, guards from hardening,
// the renderer from our app scheme, size and position remembered.
import { BrowserWindow, screen } from 'electron';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { APP_ENTRY_URL } from './app-origin.ts';
import { hardenWebContents } from './hardening.ts';
import type { HardeningLog } from './hardening.ts';
import { mainWindowOptions } from './window-options.ts';
import { fitToDisplays, parseWindowState, serializeWindowState } from './window-state.ts';

export interface MainWindowDeps {
  preloadPath: string;
  statePath: string;
  alwaysOnTop: boolean;
  compact: boolean;
  devTools: boolean;
  iconPath?: string;
  log: HardeningLog;
}

function readState(path: string) {
  try {
    return parseWindowState(readFileSync(path, 'utf8'));
  } catch {
    return null;
  }
}

export function createMainWindow(deps: MainWindowDeps): BrowserWindow {
  const saved = readState(deps.statePath);
  const workAreas = screen.getAllDisplays().map((d) => d.workArea);
  const bounds = saved ? fitToDisplays(saved.bounds, workAreas) : null;
  const options = mainWindowOptions({
    preloadPath: deps.preloadPath,
    bounds,
    alwaysOnTop: deps.alwaysOnTop,
    compact: deps.compact,
    devTools: deps.devTools,
    ...(deps.iconPath ? { iconPath: deps.iconPath } : {}),
  });
  // The checklist's essentials are pinned again at the construction site,
  // where static checkers (electronegativity) and reviewers look for them.
  const win = new BrowserWindow({
    ...options,
    webPreferences: { ...options.webPreferences, contextIsolation: true, sandbox: true, nodeIntegration: false, disableBlinkFeatures: 'Auxclick' },
  });
  hardenWebContents(win.webContents, deps.log);
  if (saved?.maximized && !deps.compact) win.maximize();
  win.once('ready-to-show', () => win.show());

  let saveTimer: NodeJS.Timeout | null = null;
  const save = () => saveWindowState(win, deps.statePath, deps.log);
  const saveSoon = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(save, 500);
  };
  win.on('resize', saveSoon);
  win.on('move', saveSoon);
  win.on('close', () => {
    if (saveTimer) clearTimeout(saveTimer);
    save();
  });

  void win.loadURL(APP_ENTRY_URL);
  return win;
}

type SavableWindow = Pick<BrowserWindow, 'isDestroyed' | 'isMinimized' | 'getNormalBounds' | 'isMaximized'>;

/**
 * Writes the window's position now, synchronously: on a Windows logoff (`session-end`)
 * the process may end as soon as the handler returns, so there is no later (desktop/shutdown.ts).
 * A minimized window keeps the position it had.
 */
export function saveWindowState(win: SavableWindow | null, statePath: string, log: HardeningLog): void {
  if (!win || win.isDestroyed() || win.isMinimized()) return;
  try {
    mkdirSync(dirname(statePath), { recursive: true });
    writeFileSync(statePath, serializeWindowState({ bounds: win.getNormalBounds(), maximized: win.isMaximized() }));
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'window position could not be saved');
  }
}

/** Brings the window to the agent: from the tray, a notification or a second launch. */
export function showWindow(win: BrowserWindow | null): void {
  if (!win || win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}
