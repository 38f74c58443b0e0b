// Electron entry: config → the one composition root (app/main/core/start-core.ts,
// shared with the preview host and the watch CLI) → IPC → window, tray,
// notifications, power, and one way out (desktop/shutdown.ts). Glue only; every
// decision lives in a tested module.
import { app, clipboard, dialog, globalShortcut, ipcMain, net, powerMonitor, protocol, session as electronSession } from 'electron';
import { join } from 'node:path';
import { loadConfigFromDisk, uiConfigOf } from './config/index.ts';
import { startToolbarCore } from './core/start-core.ts';
import type { StartSimulator } from './core/start-core.ts';
import { KeytarCredentialStore } from './credentials/keytar-store.ts';
import { APP_ID } from './desktop/app-id.ts';
import { handleAppScheme, registerAppScheme } from './desktop/app-protocol.ts';
import { answerFromShell } from './desktop/call-answer.ts';
import type { AnswerDeps } from './desktop/call-answer.ts';
import { configProblemsBox, startFailedBox } from './desktop/dialogs.ts';
import { electronRingSurface, electronTrayFactory, showElectronNotification } from './desktop/electron-adapters.ts';
import { ElectronIpcTransport } from './desktop/electron-transport.ts';
import { hardenSession, hardenWebContents } from './desktop/hardening.ts';
import { Notifier } from './desktop/notify.ts';
import { DEFAULT_NOTIFY_POLICY } from './desktop/notify-policy.ts';
import { isAttended, notificationButtons, RingNotifier } from './desktop/ring-notify.ts';
import { registerGlobalShortcuts, windowKeyEvents } from './desktop/shortcuts.ts';
import type { GlobalShortcuts } from './desktop/shortcuts.ts';
import { watchPowerAndNetwork } from './desktop/power.ts';
import { Shutdown } from './desktop/shutdown.ts';
import { TrayService } from './desktop/tray.ts';
import { createMainWindow, saveWindowState, showWindow } from './desktop/window.ts';
import { WindowSummons } from './desktop/window-summons.ts';
import { IpcServer } from './ipc/ipc-server.ts';
import { createFileLogger } from './logging/logger.ts';
import { SecretValues } from './logging/redact.ts';
import { startSimulator } from '../../sim/index.ts';
import type { BrowserWindow } from 'electron';
import type { ConnectivitySnapshot, TimelineEvent } from '../shared/connectivity.ts';

/** The developer flag that lets a packaged app run the embedded simulator (never over configured endpoints). */
const SIMULATOR_FLAG = '--simulator';
/** How long the keychain read waits for the window to be on screen before it goes ahead anyway. */
const WINDOW_SHOWN_WAIT_MS = 3000;

// Before ready: our renderer scheme must be privileged (standard, secure).
registerAppScheme(protocol);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Before any await: a second launch during start-up must still bring the window (window-summons.ts).
  const summons = new WindowSummons(app);
  // Out here so the start-failure box can scrub what the error may echo.
  const secrets = new SecretValues();
  void main(summons, secrets).catch((err: unknown) => {
    const box = startFailedBox(err);
    dialog.showErrorBox(box.title, secrets.scrub(box.content));
    app.exit(1);
  });
}

async function main(summons: WindowSummons, secrets: SecretValues): Promise<void> {
  app.setAppUserModelId(APP_ID);
  const loaded = loadConfigFromDisk();
  const { config } = loaded;
  // The file logger never runs quieter than info (the connectivity story); its tail feeds Copy diagnostics.
  const { logger: log, file: logFile, tail: logTail } = createFileLogger(
    { path: join(app.getPath('logs'), 'toolbar.log'), maxBytes: config.logging.maxFileBytes, maxFiles: config.logging.maxFiles },
    secrets,
    config.logging.level,
  );
  log.info({ version: app.getVersion(), packaged: app.isPackaged }, 'starting');

  await app.whenReady();
  const defaultSession = electronSession.defaultSession;
  hardenSession(defaultSession, log);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));
  handleAppScheme(defaultSession, join(app.getAppPath(), 'dist', 'renderer'));

  // Resolved once the window is on screen; the keychain read waits for it (bounded).
  let windowShown!: () => void;
  const shown = new Promise<void>((resolve) => {
    windowShown = resolve;
    setTimeout(resolve, WINDOW_SHOWN_WAIT_MS);
  });
  // The simulator on free ports: the desktop app's control URL is in the log and diagnostics.
  const embeddedSimulator: StartSimulator = ({ mode }) => startSimulator({ mode, a: { port: 0 }, b: { port: 0 }, control: { port: 0 } });
  const core = startToolbarCore(
    { loaded, isPackaged: app.isPackaged, developerSimulator: process.argv.includes(SIMULATOR_FLAG) },
    {
      log,
      secrets,
      credentials: new KeytarCredentialStore({ service: config.keychain.service, secrets }),
      // The application password may come from a login script; the agent's comes from the agent.
      env: { TSERVER_APP_PASSWORD: process.env.TSERVER_APP_PASSWORD },
      startSimulator: embeddedSimulator,
      beforeKeychain: () => shown,
    },
  );
  const session = core.session;

  // Registered once the window exists; the window learns which ones it got through getUiConfig.
  let globalShortcuts: GlobalShortcuts | null = null;
  const ipcServer = new IpcServer(
    core.handlers({
      uiConfig: () => uiConfigOf(config, globalShortcuts?.registered),
      // Copy diagnostics writes here, in main: the window's own clipboard write is a permission
      // request (clipboard-sanitized-write), and hardenSession denies every one (request-handlers.ts).
      clipboard: { writeText: (text) => clipboard.writeText(text) },
      diagnostics: {
        appVersion: app.getVersion(),
        platform: `${process.platform} ${process.arch} electron ${process.versions.electron}`,
        logLines: () => logTail.lines(),
        now: Date.now,
      },
    }),
    log,
    // A refusal's words may carry a server's echo of a password (issue 9).
    { scrub: (text) => secrets.scrub(text) },
  );
  const transport = new ElectronIpcTransport(ipcMain);
  ipcServer.attach(transport);

  const statePath = join(app.getPath('userData'), 'window-state.json');
  let win: BrowserWindow | null = null;
  // Declared before the window: its `close` handler asks whether the app is quitting.
  let shutdown: Shutdown | null = null;
  const showLater = () => show();
  // Answer from a notification or the tray: asked of the live snapshot at the press (call-answer.ts).
  const answerDeps: AnswerDeps = { snapshot: () => session.snapshot(), answerCall: (connId) => session.answerCall(connId), showWindow: showLater, log };
  // A ringing call while the agent is not looking at the window (ring-policy.ts); before the
  // window, whose hide / minimize / blur re-ask it.
  const ringNotifier = new RingNotifier({
    surface: electronRingSurface(),
    attended: () => isAttended(win),
    answer: (connId) => void answerFromShell(answerDeps, connId, 'notification'),
    showWindow: showLater,
    now: Date.now,
    schedule: (fn, ms) => {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    },
    enabled: config.ui.notifications,
    policy: { actions: notificationButtons(process.platform) },
  });
  const openWindow = () => {
    win = createMainWindow({
      preloadPath: join(app.getAppPath(), 'dist', 'preload', 'index.cjs'),
      statePath,
      alwaysOnTop: config.ui.alwaysOnTop,
      compact: config.ui.compact,
      devTools: !app.isPackaged,
      log,
    });
    const id = win.webContents.id;
    transport.addWindow(win.webContents);
    win.once('ready-to-show', () => windowShown());
    // The agent stopped (or started) looking at the window: a call that rings now may need a notification.
    const attention = () => ringNotifier.attentionChanged();
    win.on('hide', attention);
    win.on('minimize', attention);
    win.on('blur', attention);
    win.on('focus', attention);
    // Closing the window keeps the agent's session alive in the tray — unless the app is on its way out.
    win.on('close', (event) => {
      if (!shutdown?.quitting) {
        event.preventDefault();
        win?.hide();
      }
    });
    // Windows logoff, shutdown or restart: no before-quit comes (desktop/shutdown.ts).
    win.on('session-end', () => shutdown?.sessionEnd());
    win.on('closed', () => {
      transport.removeWindow(id);
      win = null;
    });
  };
  openWindow();
  const show = () => (win ? showWindow(win) : openWindow());
  summons.ready(show);
  // A global shortcut shows the window and presses the same action's in-window shortcut there.
  globalShortcuts = registerGlobalShortcuts(globalShortcut, config.shortcuts, (action) => {
    show();
    for (const key of windowKeyEvents(action)) win?.webContents.sendInputEvent(key);
  }, log);

  const iconsDir = join(app.getAppPath(), 'build', 'icons');
  const tray = new TrayService(
    electronTrayFactory(iconsDir),
    { show, reconnectNow: () => session.checkNow('user'), answer: (connId) => void answerFromShell(answerDeps, connId, 'tray'), quit: () => app.quit() },
    config.ui.notReadyReasons,
  );
  const notifier = new Notifier({
    show: (notice, onClick) => showElectronNotification(notice, onClick),
    onClick: show,
    now: Date.now,
    schedule: (fn, ms) => {
      const t = setTimeout(fn, ms);
      return () => clearTimeout(t);
    },
    enabled: config.ui.notifications,
    policy: { ...DEFAULT_NOTIFY_POLICY, reasons: config.ui.notReadyReasons },
  });
  session.onSnapshot((snapshot: ConnectivitySnapshot) => {
    transport.push('snapshot', snapshot);
    tray.update(snapshot);
    notifier.update(snapshot);
    ringNotifier.update(snapshot);
  });
  session.onEvent((event: TimelineEvent) => transport.push('event', event));
  tray.update(session.snapshot());

  const stopPower = watchPowerAndNetwork({
    powerMonitor,
    isOnline: () => net.isOnline(),
    session,
    every: (fn, ms) => {
      const t = setInterval(fn, ms);
      return () => clearInterval(t);
    },
    log,
  });

  shutdown = new Shutdown({
    saveWindowState: () => saveWindowState(win, statePath, log),
    releaseUi: () => {
      stopPower();
      globalShortcuts?.dispose();
      notifier.dispose();
      ringNotifier.dispose();
      tray.destroy();
      transport.dispose();
    },
    stopCore: () => core.stop(),
    closeLog: () => logFile.close(),
    exit: (code) => app.exit(code),
    log,
  });
  const quit = shutdown;
  app.on('before-quit', (event) => quit.beforeQuit(event));
  // Linux, macOS: Electron delays the shutdown while the handler has called preventDefault().
  powerMonitor.on('shutdown', (event?: { preventDefault(): void }) => quit.systemShutdown(event));
  app.on('window-all-closed', () => {
    // Stay in the tray.
  });

  if (loaded.problems.length > 0) void dialog.showMessageBox(configProblemsBox(loaded.problems, core.setup() !== null));

  session.start();
  await core.ready;
}
