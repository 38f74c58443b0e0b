// Session- and webContents-wide guards (Electron security checklist):
// no permission is ever granted, no remote request leaves the renderer,
// every response carries our CSP, no navigation, no new windows, no webviews.
import type { Session, WebContents } from 'electron';
import { isAppUrl } from './app-origin.ts';
import { CONTENT_SECURITY_POLICY } from './csp.ts';

export interface HardeningLog {
  warn(obj: Record<string, unknown>, msg: string): void;
}

type SessionLike = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'webRequest'>;

/** Remote schemes the renderer must never reach. */
export const BLOCKED_URL_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'];

export function hardenSession(session: SessionLike, log: HardeningLog): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn({ permission }, 'permission request denied');
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest({ urls: BLOCKED_URL_PATTERNS }, (details, callback) => {
    log.warn({ url: details.url.slice(0, 200) }, 'remote request blocked');
    callback({ cancel: true });
  });
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
}

type ContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Applied to every webContents the app creates (app 'web-contents-created'). */
export function hardenWebContents(contents: ContentsLike, log: HardeningLog): void {
  contents.setWindowOpenHandler(({ url }) => {
    log.warn({ url: url.slice(0, 200) }, 'window.open denied');
    return { action: 'deny' };
  });
  const blockNavigation = (event: { preventDefault(): void }, url: string) => {
    // The renderer is a single page: any navigation, even to our own origin, is unexpected.
    event.preventDefault();
    log.warn({ url: url.slice(0, 200), ours: isAppUrl(url) }, 'navigation blocked');
  };
  contents.on('will-navigate', (event, url) => blockNavigation(event, url));
  contents.on('will-redirect', (event, url) => blockNavigation(event, url));
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn({}, 'webview blocked');
  });
}
