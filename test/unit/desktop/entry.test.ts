// The Electron entry (app/main/index.ts) with `electron` mocked: what only the wiring can
// get wrong. `second-instance` is registered before any await (a launch during start-up
// still brings the window); a packaged start without endpoints never starts the
// simulator and says so in the window; Copy diagnostics reaches the clipboard through
// main; a Windows logoff (`session-end`, no before-quit) and a Linux/macOS shutdown
// (powerMonitor `shutdown`) save the window position and stop the session.
import type { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { requestChannel } from '../../../app/shared/ipc-contract.ts';
import type { ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';
import { WORDS } from '../../../app/shared/messages/index.ts';
import type * as Electron_ from 'electron';

const state = vi.hoisted(() => ({
  dir: '',
  packaged: true,
  ready: null as null | { promise: Promise<void>; resolve: () => void },
  windows: [] as unknown[],
  handlers: new Map<string, (...args: unknown[]) => unknown>(),
  clipboard: [] as string[],
  exits: [] as number[],
  simStarts: 0,
  pushes: [] as [string, unknown][],
  boxes: [] as unknown[],
}));

vi.mock('../../../sim/index.ts', () => ({
  startSimulator: async () => {
    state.simStarts++;
    throw new Error('the simulator must not start in this test');
  },
}));

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events');
  class MockContents extends Emitter {
    id = 7;
    setWindowOpenHandler() {}
    isDestroyed() {
      return false;
    }
    send(channel: string, payload: unknown) {
      state.pushes.push([channel, payload]);
    }
    sendInputEvent() {}
  }
  class MockWindow extends Emitter {
    webContents = new MockContents();
    visible = false;
    shows = 0;
    constructor(readonly options: unknown) {
      super();
      state.windows.push(this);
    }
    loadURL() {
      return Promise.resolve();
    }
    show() {
      this.visible = true;
      this.shows++;
    }
    hide() {
      this.visible = false;
    }
    focus() {}
    restore() {}
    maximize() {}
    isDestroyed() {
      return false;
    }
    isMinimized() {
      return false;
    }
    isVisible() {
      return this.visible;
    }
    isFocused() {
      return this.visible;
    }
    isMaximized() {
      return false;
    }
    getNormalBounds() {
      return { x: 40, y: 50, width: 480, height: 200 };
    }
  }
  const app = Object.assign(new Emitter(), {
    requestSingleInstanceLock: () => true,
    whenReady: () => state.ready!.promise,
    setAppUserModelId: () => undefined,
    getPath: (name: string) => join(state.dir, name),
    getVersion: () => '0.1.0',
    getAppPath: () => state.dir,
    get isPackaged() {
      return state.packaged;
    },
    quit: () => undefined,
    exit: (code: number) => void state.exits.push(code),
  });
  const webRequest = { onBeforeRequest: () => undefined, onHeadersReceived: () => undefined };
  return {
    app,
    BrowserWindow: MockWindow,
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] },
    clipboard: { writeText: (text: string) => void state.clipboard.push(text) },
    dialog: {
      showErrorBox: () => undefined,
      showMessageBox: async (options: unknown) => {
        state.boxes.push(options);
        return { response: 0 };
      },
    },
    globalShortcut: { register: () => true, unregister: () => undefined },
    ipcMain: {
      handle: (channel: string, fn: (...args: unknown[]) => unknown) => void state.handlers.set(channel, fn),
      removeHandler: (channel: string) => void state.handlers.delete(channel),
    },
    net: { isOnline: () => true },
    powerMonitor: new Emitter(),
    protocol: { registerSchemesAsPrivileged: () => undefined },
    session: {
      defaultSession: {
        setPermissionRequestHandler: () => undefined,
        setPermissionCheckHandler: () => undefined,
        setDevicePermissionHandler: () => undefined,
        webRequest,
        protocol: { handle: () => undefined },
      },
    },
    Tray: class extends Emitter {
      setImage() {}
      setToolTip() {}
      setContextMenu() {}
      destroy() {}
    },
    Menu: { buildFromTemplate: (items: unknown) => items },
    nativeImage: { createFromPath: () => ({}) },
    Notification: Object.assign(class extends Emitter {
      show() {}
    }, { isSupported: () => false }),
  };
});

interface MockWin extends EventEmitter {
  visible: boolean;
  shows: number;
  webContents: EventEmitter & { id: number };
}

type Electron = typeof Electron_;

async function loadEntry(): Promise<{ electron: Electron }> {
  const electron = await import('electron');
  await import('../../../app/main/index.ts');
  return { electron };
}

async function until(what: string, ok: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !ok(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
}

/** An IPC call as our window's top frame makes it. */
async function invoke(name: string, ...args: unknown[]): Promise<unknown> {
  const frame: Record<string, unknown> = { url: 'agent-toolbar://app/index.html', parent: null, isDestroyed: () => false };
  frame.top = frame;
  return state.handlers.get(requestChannel(name as never))!({ sender: { id: 7 }, senderFrame: frame }, ...args);
}

beforeEach(async () => {
  vi.resetModules();
  // The mocked module is kept across resetModules: each test starts with no listeners from the last.
  const electron = await import('electron');
  (electron.app as unknown as EventEmitter).removeAllListeners();
  (electron.powerMonitor as unknown as EventEmitter).removeAllListeners();
  state.dir = mkdtempSync(join(tmpdir(), 'toolbar-entry-'));
  let resolve!: () => void;
  state.ready = { promise: new Promise<void>((r) => (resolve = r)), resolve };
  state.windows.length = 0;
  state.handlers.clear();
  state.clipboard.length = 0;
  state.exits.length = 0;
  state.simStarts = 0;
  state.pushes.length = 0;
  state.boxes.length = 0;
  state.packaged = true;
  // No machine-wide file here (/etc/agent-toolbar is absent on the test machine), and a user file that does not exist.
  vi.stubEnv('AGENT_TOOLBAR_CONFIG', join(state.dir, 'no-such-config.yaml'));
  vi.stubEnv('TSERVER_APP_PASSWORD', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(state.dir, { recursive: true, force: true });
});

describe('the Electron entry', () => {
  it('registers second-instance and activate before any await, and a launch during start-up brings the window', async () => {
    const { electron } = await loadEntry();
    const app = electron.app as unknown as EventEmitter;
    // whenReady has not resolved: nothing after an await has run yet.
    expect(app.listenerCount('second-instance')).toBe(1);
    expect(app.listenerCount('activate')).toBe(1);
    expect(state.windows).toHaveLength(0);
    app.emit('second-instance');

    state.ready!.resolve();
    await until('the window', () => state.windows.length === 1);
    const win = state.windows[0] as MockWin;
    await until('the pending summons answered', () => win.shows > 0);
    win.visible = false;
    app.emit('activate'); // macOS: Dock icon clicked while the window is hidden
    expect(win.visible).toBe(true);
  });

  it('a packaged start without endpoints: no simulator, "not configured" in the window, naming the files', async () => {
    await loadEntry();
    state.ready!.resolve();
    await until('IPC handlers', () => state.handlers.size > 0);
    const reply = (await invoke('getSnapshot')) as { ok: true; value: ConnectivitySnapshot };
    expect(reply.ok).toBe(true);
    expect(reply.value.phase).toBe('failed');
    expect(reply.value.setup).toMatchObject({ state: 'not-configured', files: [expect.stringMatching(/config\.yaml$/), join(state.dir, 'no-such-config.yaml')] });
    expect(state.simStarts).toBe(0);
  });

  it('Copy diagnostics is written to the clipboard by main', async () => {
    await loadEntry();
    state.ready!.resolve();
    await until('IPC handlers', () => state.handlers.size > 0);
    const reply = (await invoke('copyDiagnostics')) as { ok: true; value: { text: string; copied: boolean } };
    expect(reply.value.copied).toBe(true);
    expect(state.clipboard).toEqual([reply.value.text]);
    expect(reply.value.text).toContain('"state": "not-configured"');
  });

  it('a Windows logoff (session-end): window position saved, the window may close, the app exits', async () => {
    await loadEntry();
    state.ready!.resolve();
    await until('the window', () => state.windows.length === 1);
    await until('the shutdown wiring', () => (state.windows[0] as MockWin).listenerCount('session-end') === 1);
    const win = state.windows[0] as MockWin;
    const statePath = join(state.dir, 'userData', 'window-state.json');
    expect(existsSync(statePath)).toBe(false);
    win.emit('session-end', { reasons: ['logoff'] });
    // Synchronously: the process may be ended right after the handler returns.
    expect(JSON.parse(readFileSync(statePath, 'utf8'))).toEqual({ bounds: { x: 40, y: 50, width: 480, height: 200 }, maximized: false });
    const close = { prevented: false, preventDefault() {
      this.prevented = true;
    } };
    win.emit('close', close);
    expect(close.prevented).toBe(false); // a window kept for the tray must not hold up the logoff
    await until('exit', () => state.exits.length > 0);
    expect(state.exits).toEqual([0]);
    const log = readFileSync(join(state.dir, 'logs', 'toolbar.log'), 'utf8');
    expect(log).toMatch(/"reason":"session-end".*"msg":"stopping"/);
    expect(log).toMatch(/"msg":"stopped"/);
  });

  it('a Linux/macOS shutdown (powerMonitor shutdown): delayed until the session is closed, then exit', async () => {
    const { electron } = await loadEntry();
    state.ready!.resolve();
    await until('the shutdown wiring', () => (electron.powerMonitor as unknown as EventEmitter).listenerCount('shutdown') === 1);
    const event = { prevented: false, preventDefault() {
      this.prevented = true;
    } };
    (electron.powerMonitor as unknown as EventEmitter).emit('shutdown', event);
    expect(event.prevented).toBe(true);
    expect(existsSync(join(state.dir, 'userData', 'window-state.json'))).toBe(true);
    await until('exit', () => state.exits.length > 0);
    // A Quit that comes meanwhile joins the same way out.
    const quit = { prevented: false, preventDefault() {
      this.prevented = true;
    } };
    (electron.app as unknown as EventEmitter).emit('before-quit', quit);
    expect(quit.prevented).toBe(false);
    expect(state.exits).toEqual([0]);
  });

  it('an ordinary close hides the window (the session stays in the tray)', async () => {
    await loadEntry();
    state.ready!.resolve();
    await until('the window', () => state.windows.length === 1);
    const win = state.windows[0] as MockWin;
    win.visible = true;
    const close = { prevented: false, preventDefault() {
      this.prevented = true;
    } };
    win.emit('close', close);
    expect(close.prevented).toBe(true);
    expect(win.visible).toBe(false);
    expect(state.exits).toEqual([]);
  });

  it('configuration problems are shown in the catalogue\'s words, the loader\'s lines as detail', async () => {
    const file = join(state.dir, 'config.yaml');
    writeFileSync(file, 'reconnect: [not, a, mapping]\n');
    vi.stubEnv('AGENT_TOOLBAR_CONFIG', file);
    await loadEntry();
    state.ready!.resolve();
    await until('the dialog', () => state.boxes.length > 0);
    expect(state.boxes).toEqual([
      { type: 'warning', title: WORDS.dialogs.config, message: WORDS.dialogs.configBlocked, detail: expect.stringContaining(file) },
    ]);
  });

  it('the window\'s hide, minimize, blur and focus re-ask the ringing notifications', async () => {
    await loadEntry();
    state.ready!.resolve();
    await until('the window', () => state.windows.length === 1);
    const win = state.windows[0] as MockWin;
    for (const change of ['hide', 'minimize', 'blur', 'focus']) expect(win.listenerCount(change), change).toBeGreaterThan(0);
  });
});
