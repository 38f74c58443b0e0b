// Electron entry: config → (embedded simulator when the config is the
// built-in default) → session → IPC → window, tray, notifications, power.
// Glue only; every decision lives in a tested module.
import { app, dialog, globalShortcut, ipcMain, net, powerMonitor, protocol, session as electronSession } from 'electron';
import { join } from 'node:path';
import { loadConfigFromDisk, toSessionOptions, uiConfigOf } from './config/index.ts';
import type { LoadedConfig } from './config/index.ts';
import { AgentPasswordKeychain } from './credentials/agent-password.ts';
import { KeytarCredentialStore } from './credentials/keytar-store.ts';
import { applicationAccount } from './credentials/store.ts';
import { APP_ID, PRODUCT_NAME } from './desktop/app-id.ts';
import { handleAppScheme, registerAppScheme } from './desktop/app-protocol.ts';
import { electronTrayFactory, showElectronNotification } from './desktop/electron-adapters.ts';
import { ElectronIpcTransport } from './desktop/electron-transport.ts';
import { hardenSession, hardenWebContents } from './desktop/hardening.ts';
import { Notifier } from './desktop/notify.ts';
import { DEFAULT_NOTIFY_POLICY } from './desktop/notify-policy.ts';
import { registerGlobalShortcuts, windowKeyEvents } from './desktop/shortcuts.ts';
import type { GlobalShortcuts } from './desktop/shortcuts.ts';
import { watchPowerAndNetwork } from './desktop/power.ts';
import { TrayService } from './desktop/tray.ts';
import { createMainWindow, showWindow } from './desktop/window.ts';
import { IpcServer } from './ipc/ipc-server.ts';
import { RecentEvents, createRequestHandlers } from './ipc/request-handlers.ts';
import { createFileLogger } from './logging/logger.ts';
import { SecretValues } from './logging/redact.ts';
import { createToolbarSession } from './tserver/session/index.ts';
import type { ToolbarSession } from './tserver/session/api.ts';
import { startSimulator } from '../../sim/index.ts';
import type { BrowserWindow } from 'electron';
import type { ConnectivitySnapshot, TimelineEvent } from '../shared/connectivity.ts';

// Before ready: our renderer scheme must be privileged (standard, secure).
registerAppScheme(protocol);

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void main().catch((err: unknown) => {
    dialog.showErrorBox(`${PRODUCT_NAME} could not start`, err instanceof Error ? err.message : String(err));
    app.exit(1);
  });
}

async function main(): Promise<void> {
  app.setAppUserModelId(APP_ID);
  const loaded: LoadedConfig = loadConfigFromDisk();
  const { config } = loaded;
  const secrets = new SecretValues();
  // The file logger never runs quieter than info (the connectivity story); its tail feeds Copy diagnostics.
  const { logger: log, file: logFile, tail: logTail } = createFileLogger(
    { path: join(app.getPath('logs'), 'toolbar.log'), maxBytes: config.logging.maxFileBytes, maxFiles: config.logging.maxFiles },
    secrets,
    config.logging.level,
  );
  log.info({ version: app.getVersion(), sources: loaded.sources, ignoredUserKeys: loaded.ignoredUserKeys }, 'starting');
  for (const problem of loaded.problems) log.warn(problem, 'config problem');

  await app.whenReady();
  const defaultSession = electronSession.defaultSession;
  hardenSession(defaultSession, log);
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));
  handleAppScheme(defaultSession, join(app.getAppPath(), 'dist', 'renderer'));

  // The demo default: no config file named endpoints, so run the simulator pair in-process.
  const sim = loaded.builtinEndpoints ? await startSimulator({ mode: config.mode, a: { port: 0 }, b: { port: 0 }, control: { port: 0 } }) : null;
  if (sim) {
    const { a, b } = sim.servers;
    config.endpoints = { primary: `a ${a.host}:${a.port}`, backup: `b ${b.host}:${b.port}` };
    log.info({ endpoints: config.endpoints, controlUrl: sim.controlUrl }, 'embedded simulator started');
  }

  const credentials = new KeytarCredentialStore({ service: config.keychain.service, secrets });
  const applicationPassword =
    process.env.TSERVER_APP_PASSWORD || (await credentials.read(applicationAccount(config.applicationName)).catch(() => null)) || undefined;
  secrets.add(applicationPassword);
  // The session asks for the password of the agent it logs back in (its snapshot names them;
  // `session` is only read when the hook runs, after start) and reports one the switch refused.
  const keychain = new AgentPasswordKeychain(credentials, log.child({ component: 'keychain' }));
  const session: ToolbarSession = createToolbarSession(
    toSessionOptions(config, {
      applicationPassword,
      ...keychain.sessionHooks(() => session.snapshot().agent.agentId ?? config.agentId),
      logger: log.child({ component: 'session' }),
    }),
  );

  const recent = new RecentEvents();
  recent.follow(session);
  // Registered once the window exists; the window learns which ones it got through getUiConfig.
  let globalShortcuts: GlobalShortcuts | null = null;
  const ipcServer = new IpcServer(
    createRequestHandlers({
      session,
      credentials,
      recentEvents: () => recent.list(),
      secrets,
      log,
      uiConfig: () => uiConfigOf(config, globalShortcuts?.registered),
      diagnostics: {
        appVersion: app.getVersion(),
        platform: `${process.platform} ${process.arch} electron ${process.versions.electron}`,
        config: () => ({ mode: config.mode, endpoints: config.endpoints, dn: config.dn, agentId: config.agentId, sources: loaded.sources, problems: loaded.problems }),
        logLines: () => logTail.lines(),
        now: Date.now,
      },
    }),
    log,
  );
  const transport = new ElectronIpcTransport(ipcMain);
  ipcServer.attach(transport);

  let quitting = false;
  let win: BrowserWindow | null = null;
  const openWindow = () => {
    win = createMainWindow({
      preloadPath: join(app.getAppPath(), 'dist', 'preload', 'index.cjs'),
      statePath: join(app.getPath('userData'), 'window-state.json'),
      alwaysOnTop: config.ui.alwaysOnTop,
      compact: config.ui.compact,
      devTools: !app.isPackaged,
      log,
    });
    const id = win.webContents.id;
    transport.addWindow(win.webContents);
    // Closing the window keeps the agent's session alive in the tray.
    win.on('close', (event) => {
      if (!quitting) {
        event.preventDefault();
        win?.hide();
      }
    });
    win.on('closed', () => {
      transport.removeWindow(id);
      win = null;
    });
  };
  openWindow();
  const show = () => (win ? showWindow(win) : openWindow());
  app.on('second-instance', show);
  // A global shortcut shows the window and presses the same action's in-window shortcut there.
  globalShortcuts = registerGlobalShortcuts(globalShortcut, config.shortcuts, (action) => {
    show();
    for (const key of windowKeyEvents(action)) win?.webContents.sendInputEvent(key);
  }, log);

  const iconsDir = join(app.getAppPath(), 'build', 'icons');
  const tray = new TrayService(electronTrayFactory(iconsDir), { show, reconnectNow: () => session.checkNow('user'), quit: () => app.quit() });
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

  if (loaded.problems.length > 0) {
    void dialog.showMessageBox({
      type: 'warning',
      title: `${PRODUCT_NAME} configuration`,
      message: 'Some configuration settings were ignored.',
      detail: loaded.problems.map((p) => `${p.file}${p.key ? ` → ${p.key}` : ''}: ${p.message}`).join('\n'),
    });
  }

  session.start();

  app.on('window-all-closed', () => {
    // Stay in the tray.
  });
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    stopPower();
    globalShortcuts?.dispose();
    notifier.dispose();
    tray.destroy();
    transport.dispose();
    void Promise.allSettled([session.stop(), sim?.close()]).then(() => {
      log.info({}, 'stopped');
      logFile.close();
      app.exit(0);
    });
  });
}
