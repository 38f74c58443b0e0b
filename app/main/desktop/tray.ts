// The tray icon, redrawn idempotently from the latest snapshot (Signal's
// SystemTrayService is the model): only what changed is pushed to the OS,
// and the OS objects come from an injected factory so tests need no Electron.
import type { ConnectivitySnapshot } from '../../shared/connectivity.ts';
import { PRODUCT_NAME } from './app-id.ts';
import { trayStateFor } from './tray-state.ts';
import type { TrayLevel, TrayState } from './tray-state.ts';

export interface TrayMenuItem {
  id: 'show' | 'reconnect' | 'quit';
  label: string;
  enabled: boolean;
}

export interface TrayHandle {
  setImage(level: TrayLevel): void;
  setToolTip(text: string): void;
  setMenu(items: readonly TrayMenuItem[]): void;
  destroy(): void;
}

export interface TrayActions {
  show(): void;
  reconnectNow(): void;
  quit(): void;
}

/** Creates the OS tray; `onClick` is the primary click (shows the window). */
export type TrayFactory = (initial: TrayLevel, onClick: () => void, onMenu: (id: TrayMenuItem['id']) => void) => TrayHandle;

export function trayMenuFor(state: TrayState): TrayMenuItem[] {
  return [
    { id: 'show', label: `Show ${PRODUCT_NAME}`, enabled: true },
    // Nothing to reconnect while connected.
    { id: 'reconnect', label: 'Reconnect now', enabled: state.level !== 'ok' },
    { id: 'quit', label: 'Quit', enabled: true },
  ];
}

export class TrayService {
  private handle: TrayHandle | null = null;
  private drawn: { level: TrayLevel | null; tooltip: string | null; menu: string | null } = { level: null, tooltip: null, menu: null };

  constructor(
    private readonly factory: TrayFactory,
    private readonly actions: TrayActions,
  ) {}

  update(snapshot: ConnectivitySnapshot): void {
    const state = trayStateFor(snapshot);
    if (!this.handle) {
      this.handle = this.factory(state.level, () => this.actions.show(), (id) => this.onMenu(id));
      this.drawn.level = state.level;
    }
    if (this.drawn.level !== state.level) {
      this.handle.setImage(state.level);
      this.drawn.level = state.level;
    }
    if (this.drawn.tooltip !== state.tooltip) {
      this.handle.setToolTip(state.tooltip);
      this.drawn.tooltip = state.tooltip;
    }
    const menu = trayMenuFor(state);
    const menuKey = JSON.stringify(menu);
    if (this.drawn.menu !== menuKey) {
      this.handle.setMenu(menu);
      this.drawn.menu = menuKey;
    }
  }

  destroy(): void {
    this.handle?.destroy();
    this.handle = null;
    this.drawn = { level: null, tooltip: null, menu: null };
  }

  private onMenu(id: TrayMenuItem['id']): void {
    if (id === 'show') this.actions.show();
    else if (id === 'reconnect') this.actions.reconnectNow();
    else this.actions.quit();
  }
}
