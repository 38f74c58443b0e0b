// One identity for the OS. package.json (productName, desktopName),
// electron-builder.yml (appId, productName, linux.executableName) and
// docs/deployment.md (folder and file names) must agree with these;
// test/packaging/names.test.ts checks all four.

/** Windows AppUserModelID (notifications, taskbar grouping), macOS bundle id, electron-builder appId. */
export const APP_ID = 'com.agenttoolbar.desktop';

/**
 * Window titles, installer names, and — because Electron names its folders after
 * package.json `productName` — the userData and logs folders
 * (`~/.config/Agent Toolbar`, `%APPDATA%\Agent Toolbar`, `~/Library/Logs/Agent Toolbar`).
 */
export const PRODUCT_NAME = 'Agent Toolbar';

/**
 * The installed .desktop file on Linux. Electron reads package.json `desktopName`
 * at start-up (app.setDesktopName) and uses it, minus `.desktop`, as the Wayland
 * app_id and X11 WM_CLASS; electron-builder (linux.syncDesktopName) names the file
 * after it and sets StartupWMClass to match, so the desktop links windows to the
 * launcher entry. Reverse-DNS (the APP_ID), as Electron's docs ask for portals.
 */
export const DESKTOP_NAME = `${APP_ID}.desktop`;

/** The Linux executable (electron-builder linux.executableName): /opt/<PRODUCT_NAME>/<this>, the deb's icon name. */
export const LINUX_EXECUTABLE = 'agent-toolbar';
