// Electron's tray and notification objects behind the small interfaces the
// pure services use.
import { Menu, Notification, Tray, nativeImage } from 'electron';
import { join } from 'node:path';
import type { Notice } from './notify-policy.ts';
import type { RingSurface } from './ring-notify.ts';
import { markCall } from './tray-icon.ts';
import type { TrayFactory, TrayIcon, TrayMenuItem } from './tray.ts';
import type { TrayLevel } from './tray-state.ts';

/** build/icons/tray-{ok,warn,error}.png (scripts/make-icons.ts). */
export function trayIconPath(iconsDir: string, level: TrayLevel): string {
  return join(iconsDir, `tray-${level}.png`);
}

/** The status dot, with the call's mark drawn in when there is a call (tray-icon.ts). */
export function trayImage(iconsDir: string, icon: TrayIcon): Electron.NativeImage {
  const dot = nativeImage.createFromPath(trayIconPath(iconsDir, icon.level));
  if (icon.call === null || dot.isEmpty()) return dot;
  const { width, height } = dot.getSize();
  // toBitmap() and createFromBitmap() share one (platform-dependent) pixel format.
  return nativeImage.createFromBitmap(Buffer.from(markCall(dot.toBitmap(), width, height, icon.call)), { width, height });
}

export function electronTrayFactory(iconsDir: string): TrayFactory {
  return (initial, onClick, onMenu) => {
    const tray = new Tray(trayImage(iconsDir, initial));
    tray.on('click', onClick);
    return {
      setImage: (icon) => tray.setImage(trayImage(iconsDir, icon)),
      setToolTip: (text) => tray.setToolTip(text),
      setMenu: (items: readonly TrayMenuItem[]) =>
        tray.setContextMenu(Menu.buildFromTemplate(items.map((item) => ({ label: item.label, enabled: item.enabled, click: () => onMenu(item) })))),
      destroy: () => tray.destroy(),
    };
  };
}

/**
 * Notifications still on screen (or in the notification centre). Electron's
 * Notification is garbage-collected once nothing references it, and its `click`
 * listener goes with it: the agent would click a "logged out" notice and nothing
 * would open. Held until clicked or closed; bounded, because some platforms never
 * send `close` for a notice that went to the notification centre.
 */
const live = new Set<Notification>();
export const MAX_LIVE_NOTIFICATIONS = 10;

export function showElectronNotification(notice: Notice, onClick: () => void, iconPath?: string): void {
  if (!Notification.isSupported()) return;
  // A recovery is good news: no sound. A loss or a forced logout may be heard.
  const notification = new Notification({ title: notice.title, body: notice.body, silent: notice.kind === 'recovered', ...(iconPath ? { icon: iconPath } : {}) });
  const release = () => void live.delete(notification);
  notification.on('click', () => {
    release();
    onClick();
  });
  notification.on('close', release);
  notification.on('failed', release);
  live.add(notification);
  for (const old of live) {
    if (live.size <= MAX_LIVE_NOTIFICATIONS) break;
    live.delete(old); // oldest first (insertion order)
  }
  notification.show();
}

/** For tests: how many notifications are held against garbage collection. */
export const liveNotificationCount = (): number => live.size;

/** Defensive bound on ringing notifications held (RingPolicy already keeps far fewer open). */
export const MAX_LIVE_RINGING = 8;

/**
 * Ringing-call notifications, one per key (RingPolicy: `call:<connId>` or `more`), each
 * held in the map while it is on screen — as above, an unreferenced Notification may be
 * collected with its `click` and `action` listeners — and dropped once closed.
 */
export function electronRingSurface(iconPath?: string): RingSurface & { liveCount(): number } {
  const live = new Map<string, Notification>();
  /** Takes `key` out of the map if it still holds `n`; true when it did (the first to end it). */
  const take = (key: string, n: Notification): boolean => {
    if (live.get(key) !== n) return false;
    live.delete(key);
    return true;
  };
  const close = (key: string) => {
    const n = live.get(key);
    if (!n) return;
    // Out of the map first: Windows emits `close` for a programmatic close() too, and
    // that must not read as the agent dismissing it.
    live.delete(key);
    // Also removes it from the Action Center / notification centre (Electron's close()).
    n.close();
  };
  return {
    show(notice, handlers) {
      if (!Notification.isSupported()) return;
      close(notice.key);
      const n = new Notification({
        title: notice.title,
        body: notice.body,
        // A ringing call is meant to be heard.
        silent: false,
        // Stay on screen until the call stops ringing (we close it), not a 5 s toast: Electron
        // makes 'never' a "reminder" toast on Windows and NOTIFY_EXPIRES_NEVER on Linux.
        timeoutType: 'never',
        // A call wants an answer now: a high-priority toast on Windows, critical on Linux.
        urgency: 'critical',
        // macOS and Windows draw the button (NotificationAction); elsewhere it is not offered.
        ...(notice.answer ? { actions: [{ type: 'button' as const, text: notice.answer }] } : {}),
        ...(iconPath ? { icon: iconPath } : {}),
      });
      n.on('click', () => {
        if (!take(notice.key, n)) return;
        n.close();
        handlers.click();
      });
      // Electron 45 passes { actionIndex } first (the index argument is deprecated).
      n.on('action', (details: { actionIndex?: number } | undefined, index?: number) => {
        if ((details?.actionIndex ?? index) !== 0 || !take(notice.key, n)) return;
        n.close();
        handlers.answer();
      });
      const ended = () => {
        if (take(notice.key, n)) handlers.closed();
      };
      n.on('close', (details?: { reason?: string }) => {
        // Windows: a toast that timed out moves to the Action Center, where its Answer still
        // works and only close() on this object removes it — so it stays held, to be closed
        // (or re-checked on Answer) when the call stops ringing.
        if (details?.reason === 'timedOut') return;
        ended();
      });
      n.on('failed', ended);
      live.set(notice.key, n);
      for (const key of live.keys()) {
        if (live.size <= MAX_LIVE_RINGING) break;
        close(key); // oldest first (insertion order)
      }
      n.show();
    },
    close,
    liveCount: () => live.size,
  };
}
