// A stand-in for Electron's main-process module, just enough for the main
// bundle's top level: it registers its scheme, then asks for the single-instance
// lock, which this stub refuses, so the bundle quits before main() and prints
// what it did. Any other member is a no-op function, so a new top-level call does
// not break the check; a new *named import* does (ESM link error), on purpose:
// add the name here.
const noop = () => undefined;
const anything = (name, members = {}) =>
  new Proxy(members, { get: (target, key) => (key in target ? target[key] : typeof key === 'string' ? noop : undefined), has: () => true, toString: () => name });

export const protocol = anything('protocol', {
  registerSchemesAsPrivileged: (schemes) => console.log(`electron-stub: registerSchemesAsPrivileged ${schemes.map((s) => s.scheme).join(',')}`),
});
export const app = anything('app', {
  requestSingleInstanceLock: () => false,
  quit: () => console.log('electron-stub: quit'),
  isPackaged: true,
});
export const BrowserWindow = anything('BrowserWindow');
export const BaseWindow = anything('BaseWindow');
export const Menu = anything('Menu');
export const MenuItem = anything('MenuItem');
export const Notification = anything('Notification');
export const Tray = anything('Tray');
export const WebContentsView = anything('WebContentsView');
export const clipboard = anything('clipboard');
export const crashReporter = anything('crashReporter');
export const dialog = anything('dialog');
export const globalShortcut = anything('globalShortcut');
export const ipcMain = anything('ipcMain');
export const nativeImage = anything('nativeImage');
export const nativeTheme = anything('nativeTheme');
export const net = anything('net');
export const powerMonitor = anything('powerMonitor');
export const powerSaveBlocker = anything('powerSaveBlocker');
export const safeStorage = anything('safeStorage');
export const screen = anything('screen');
export const session = anything('session');
export const shell = anything('shell');
export const systemPreferences = anything('systemPreferences');
export const utilityProcess = anything('utilityProcess');
export const webContents = anything('webContents');
export default { app, protocol };
