// The tray icon, redrawn idempotently from the latest snapshot (Signal's
// SystemTrayService is the model): only what changed is pushed to the OS,
// and the OS objects come from an injected factory so tests need no Electron.
// Every label comes from the one catalogue (app/shared/messages).
import type { ConnectivitySnapshot } from '../../shared/connectivity.ts';
import { WORDS } from '../../shared/messages/index.ts';
import type { NotReadyReason } from '../../shared/ui-config.ts';
import { partyOf, ringingCalls } from './call-facts.ts';
import { trayStateFor } from './tray-state.ts';
import type { TrayLevel, TrayState } from './tray-state.ts';

/** What the icon shows: the connection's colour, and a mark for a call (tray-icon.ts). */
export type TrayIcon = Pick<TrayState, 'level' | 'call'>;

export type TrayMenuItem =
  | { id: 'show' | 'reconnect' | 'quit'; label: string; enabled: boolean }
  /** A ringing call: Answer re-checks the live snapshot when pressed (call-answer.ts). */
  | { id: 'answer'; connId: string; label: string; enabled: boolean };

/** Ringing calls listed in the menu; more are in the window (a hostile server may ring hundreds). */
export const MAX_TRAY_ANSWERS = 3;

export interface TrayHandle {
  setImage(icon: TrayIcon): void;
  setToolTip(text: string): void;
  setMenu(items: readonly TrayMenuItem[]): void;
  destroy(): void;
}

export interface TrayActions {
  show(): void;
  reconnectNow(): void;
  /** Answer from the menu: answerFromShell, which asks the live snapshot again first. */
  answer(connId: string): void;
  quit(): void;
}

/** Creates the OS tray; `onClick` is the primary click (shows the window). */
export type TrayFactory = (initial: TrayIcon, onClick: () => void, onMenu: (item: TrayMenuItem) => void) => TrayHandle;

const M = WORDS.tray.menu;

export function trayMenuFor(snapshot: ConnectivitySnapshot, level: TrayLevel = trayStateFor(snapshot).level): TrayMenuItem[] {
  const answers: TrayMenuItem[] = ringingCalls(snapshot)
    .slice(0, MAX_TRAY_ANSWERS)
    // Greyed while it cannot act (link down, a request on it pending): the handset still can.
    .map((c) => ({ id: 'answer', connId: c.connId, label: M.answer(partyOf(c) ?? WORDS.calls.unknownPartyInSentence), enabled: c.controllable && c.pending === null }));
  return [
    ...answers,
    { id: 'show', label: M.show, enabled: true },
    // Nothing to reconnect while connected.
    { id: 'reconnect', label: M.reconnect, enabled: level !== 'ok' },
    { id: 'quit', label: M.quit, enabled: true },
  ];
}

export class TrayService {
  private handle: TrayHandle | null = null;
  private drawn: { icon: string | null; tooltip: string | null; menu: string | null } = { icon: null, tooltip: null, menu: null };

  constructor(
    private readonly factory: TrayFactory,
    private readonly actions: TrayActions,
    /** The configured Not Ready reasons, for their labels in the tooltip. */
    private readonly reasons: readonly NotReadyReason[] = [],
  ) {}

  update(snapshot: ConnectivitySnapshot): void {
    const state = trayStateFor(snapshot, this.reasons);
    const icon: TrayIcon = { level: state.level, call: state.call };
    const iconKey = `${icon.level}/${icon.call}`;
    if (!this.handle) {
      this.handle = this.factory(icon, () => this.actions.show(), (item) => this.onMenu(item));
      this.drawn.icon = iconKey;
    }
    if (this.drawn.icon !== iconKey) {
      this.handle.setImage(icon);
      this.drawn.icon = iconKey;
    }
    if (this.drawn.tooltip !== state.tooltip) {
      this.handle.setToolTip(state.tooltip);
      this.drawn.tooltip = state.tooltip;
    }
    const menu = trayMenuFor(snapshot, state.level);
    const menuKey = JSON.stringify(menu);
    if (this.drawn.menu !== menuKey) {
      this.handle.setMenu(menu);
      this.drawn.menu = menuKey;
    }
  }

  destroy(): void {
    this.handle?.destroy();
    this.handle = null;
    this.drawn = { icon: null, tooltip: null, menu: null };
  }

  private onMenu(item: TrayMenuItem): void {
    if (item.id === 'answer') this.actions.answer(item.connId);
    else if (item.id === 'show') this.actions.show();
    else if (item.id === 'reconnect') this.actions.reconnectNow();
    else this.actions.quit();
  }
}
