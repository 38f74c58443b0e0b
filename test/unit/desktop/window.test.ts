import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const created: MockWindow[] = [];
class MockContents extends EventEmitter {
  id = 1;
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  setWindowOpenHandler(fn: (d: { url: string }) => { action: string }) {
    this.openHandler = fn;
  }
}
class MockWindow extends EventEmitter {
  webContents = new MockContents();
  loaded: string | null = null;
  shown = false;
  maximized = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    created.push(this);
  }
  loadURL(url: string) {
    this.loaded = url;
    return Promise.resolve();
  }
  show() {
    this.shown = true;
  }
  maximize() {
    this.maximized = true;
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  isMaximized() {
    return this.maximized;
  }
  getNormalBounds() {
    return { x: 100, y: 120, width: 500, height: 600 };
  }
}
vi.mock('electron', () => ({
  BrowserWindow: MockWindow,
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] },
}));

const { createMainWindow } = await import('../../../app/main/desktop/window.ts');
const { mainWindowOptions } = await import('../../../app/main/desktop/window-options.ts');
const { fitToDisplays, parseWindowState } = await import('../../../app/main/desktop/window-state.ts');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'toolbar-win-'));
  created.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function make(overrides: Partial<Parameters<typeof createMainWindow>[0]> = {}) {
  const warnings: string[] = [];
  const win = createMainWindow({
    preloadPath: '/app/dist/preload/index.cjs',
    statePath: join(dir, 'window-state.json'),
    alwaysOnTop: false,
    compact: false,
    devTools: false,
    log: { warn: (_o, msg) => void warnings.push(msg) },
    ...overrides,
  }) as unknown as MockWindow;
  return { win, warnings };
}

describe('main window (mocked BrowserWindow)', () => {
  it('is created with the Electron security checklist options', () => {
    const { win } = make();
    expect(created).toHaveLength(1);
    expect(win.options.webPreferences).toEqual({
      preload: '/app/dist/preload/index.cjs',
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
      disableBlinkFeatures: 'Auxclick',
      enableWebSQL: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: false,
    });
    expect(win.options).toMatchObject({ show: false, alwaysOnTop: false, frame: true });
    expect(win.loaded).toBe('agent-toolbar://app/index.html');
    win.emit('ready-to-show');
    expect(win.shown).toBe(true);
  });

  it('blocks navigation, redirects, webviews and window.open', () => {
    const { win, warnings } = make();
    const c = win.webContents;
    for (const event of ['will-navigate', 'will-redirect']) {
      const e = { preventDefault: vi.fn() };
      c.emit(event, e, 'https://evil.example/');
      expect(e.preventDefault).toHaveBeenCalledOnce();
    }
    const e = { preventDefault: vi.fn() };
    c.emit('will-attach-webview', e);
    expect(e.preventDefault).toHaveBeenCalledOnce();
    expect(c.openHandler!({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(warnings).toEqual(['navigation blocked', 'navigation blocked', 'webview blocked', 'window.open denied']);
  });

  it('remembers size and position across launches, and the compact mode is a small always-on-top strip', () => {
    const first = make().win;
    first.maximized = true;
    first.emit('close');
    expect(JSON.parse(readFileSync(join(dir, 'window-state.json'), 'utf8'))).toEqual({ bounds: { x: 100, y: 120, width: 500, height: 600 }, maximized: true });
    const second = make().win;
    expect(second.options).toMatchObject({ x: 100, y: 120, width: 500, height: 600 });
    expect(second.maximized).toBe(true);
    const compact = make({ compact: true }).win;
    expect(compact.options).toMatchObject({ alwaysOnTop: true, frame: false, minHeight: 56 });
    expect(compact.maximized).toBe(false);
  });

  it('ignores a corrupt state file and a position on a display that is gone', () => {
    writeFileSync(join(dir, 'window-state.json'), '{"bounds": "nope"');
    expect(make().win.options).toMatchObject({ width: 420, height: 640 });
    expect(make().win.options.x).toBeUndefined();
    writeFileSync(join(dir, 'window-state.json'), JSON.stringify({ bounds: { x: 5000, y: 5000, width: 400, height: 600 } }));
    expect(make().win.options.x).toBeUndefined();
  });
});

describe('window options and state (pure)', () => {
  it('always-on-top option and devTools flag pass through', () => {
    const o = mainWindowOptions({ preloadPath: 'p', bounds: null, alwaysOnTop: true, compact: false, devTools: true });
    expect(o.alwaysOnTop).toBe(true);
    expect(o.webPreferences?.devTools).toBe(true);
  });
  it('parses only well-formed state and fits it to a display', () => {
    expect(parseWindowState(null)).toBeNull();
    expect(parseWindowState('[]')).toBeNull();
    expect(parseWindowState('{"bounds":{"x":1,"y":2,"width":300,"height":400}}')).toEqual({ bounds: { x: 1, y: 2, width: 300, height: 400 }, maximized: false });
    const area = { x: 0, y: 0, width: 1280, height: 720 };
    expect(fitToDisplays({ x: 10, y: 10, width: 2000, height: 300 }, [area])).toEqual({ x: 10, y: 10, width: 1280, height: 300 });
    expect(fitToDisplays({ x: 1270, y: 10, width: 400, height: 300 }, [area])).toBeNull();
  });
});
