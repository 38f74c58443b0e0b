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

export function showElectronNotification(notice: Notice, onClick: () => void, iconPath?: string): void {
  if (!Notification.isSupported()) return;
  const notification = new Notification({ title: notice.title, body: notice.body, silent: notice.kind === 'recovered', ...(iconPath ? { icon: iconPath } : {}) });
  notification.on('click', onClick);
  notification.show();
}
