// The main window's options as data, so tests and the security check assert
// exactly what Electron gets (Electron security checklist, DESIGN.md §5).
import type { BrowserWindowConstructorOptions } from 'electron';
import { PRODUCT_NAME } from './app-id.ts';
import type { WindowBounds } from './window-state.ts';

export const FULL_SIZE = { width: 420, height: 640, minWidth: 360, minHeight: 420 } as const;
/** The small always-on-top strip: status chip and agent controls only. */
export const COMPACT_SIZE = { width: 560, height: 72, minWidth: 420, minHeight: 56 } as const;

export interface WindowOptionsInput {
  preloadPath: string;
  bounds: WindowBounds | null;
  alwaysOnTop: boolean;
  compact: boolean;
  /** DevTools only in development builds. */
  devTools: boolean;
  iconPath?: string;
}

export function mainWindowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  const size = input.compact ? COMPACT_SIZE : FULL_SIZE;
  const options: BrowserWindowConstructorOptions = {
    title: PRODUCT_NAME,
    width: input.bounds?.width ?? size.width,
    height: input.bounds?.height ?? size.height,
    minWidth: size.minWidth,
    minHeight: size.minHeight,
    alwaysOnTop: input.alwaysOnTop || input.compact,
    frame: !input.compact,
    // Shown on ready-to-show, so the agent never sees a blank window.
    show: false,
    backgroundColor: '#1e1e1e',
    autoHideMenuBar: true,
    webPreferences: {
      preload: input.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // Middle-click must not open links in new windows (electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
      enableWebSQL: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: input.devTools,
    },
  };
  if (input.bounds) {
    options.x = input.bounds.x;
    options.y = input.bounds.y;
  }
  if (input.iconPath) options.icon = input.iconPath;
  return options;
}
