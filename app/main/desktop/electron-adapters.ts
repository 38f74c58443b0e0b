// Electron's tray and notification objects behind the small interfaces the
// pure services use.
import { Menu, Notification, Tray, nativeImage } from 'electron';
import { join } from 'node:path';
import type { Notice } from './notify-policy.ts';
import type { TrayFactory, TrayMenuItem } from './tray.ts';
import type { TrayLevel } from './tray-state.ts';

/** build/icons/tray-{ok,warn,error}.png (scripts/make-tray-icons.ts). */
export function trayIconPath(iconsDir: string, level: TrayLevel): string {
  return join(iconsDir, `tray-${level}.png`);
}

export function electronTrayFactory(iconsDir: string): TrayFactory {
  return (initial, onClick, onMenu) => {
    const image = (level: TrayLevel) => nativeImage.createFromPath(trayIconPath(iconsDir, level));
    const tray = new Tray(image(initial));
    tray.on('click', onClick);
    return {
      setImage: (level) => tray.setImage(image(level)),
      setToolTip: (text) => tray.setToolTip(text),
      setMenu: (items: readonly TrayMenuItem[]) =>
        tray.setContextMenu(Menu.buildFromTemplate(items.map((item) => ({ label: item.label, enabled: item.enabled, click: () => onMenu(item.id) })))),
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
