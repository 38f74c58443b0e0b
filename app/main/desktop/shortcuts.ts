// Optional global shortcuts (config `shortcuts`, off unless IT turns them on). Each
// one shows the window and presses that action's in-window shortcut there
// (app/shared/ui-config.ts WINDOW_SHORTCUTS), so a global Ready goes through the very
// same path as Alt+R: the same checks (never acting on a last-known state), the same
// notes and announcements. Electron's globalShortcut is injected, so this is tested
// without Electron.
import type { ShortcutsConfig } from '../config/index.ts';
import { SHORTCUT_ACTIONS, WINDOW_SHORTCUTS } from '../../shared/ui-config.ts';
import type { ShortcutAction } from '../../shared/ui-config.ts';

/** The part of Electron's globalShortcut this needs. */
export interface GlobalShortcutLike {
  /** False when another application holds the accelerator; throws for one Electron cannot parse. */
  register(accelerator: string, callback: () => void): boolean;
  unregister(accelerator: string): void;
}

export interface ShortcutLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface GlobalShortcuts {
  /** The accelerators actually registered, by action (the window shows them in its tooltips). */
  registered: Partial<Record<ShortcutAction, string>>;
  dispose(): void;
}

/** Registers the configured global shortcuts; `press(action)` runs when one is pressed. */
export function registerGlobalShortcuts(shortcut: GlobalShortcutLike, config: ShortcutsConfig, press: (action: ShortcutAction) => void, log: ShortcutLogger): GlobalShortcuts {
  const registered: Partial<Record<ShortcutAction, string>> = {};
  if (!config.global) return { registered, dispose: () => {} };
  const taken = new Map<string, ShortcutAction>();
  for (const action of SHORTCUT_ACTIONS) {
    const accelerator = config[action];
    if (accelerator === null) continue;
    const key = accelerator.toLowerCase();
    const other = taken.get(key);
    if (other !== undefined) {
      log.warn({ action, accelerator, alreadyFor: other }, 'global shortcut configured twice; kept for the first action');
      continue;
    }
    let ok: boolean;
    try {
      ok = shortcut.register(accelerator, () => press(action));
    } catch (err) {
      log.warn({ action, accelerator, err: err instanceof Error ? err.message : String(err) }, 'global shortcut not registered: Electron refused the accelerator');
      continue;
    }
    if (!ok) {
      log.warn({ action, accelerator }, 'global shortcut not registered: another application holds it');
      continue;
    }
    taken.set(key, action);
    registered[action] = accelerator;
  }
  log.info({ registered }, 'global shortcuts registered');
  return {
    registered,
    dispose: () => {
      for (const accelerator of Object.values(registered)) shortcut.unregister(accelerator);
    },
  };
}

/** The key events that press `action`'s in-window shortcut (for webContents.sendInputEvent). */
export function windowKeyEvents(action: ShortcutAction): { type: 'keyDown' | 'keyUp'; keyCode: string; modifiers: ['alt'] }[] {
  const keyCode = WINDOW_SHORTCUTS[action].key.toUpperCase();
  return [
    { type: 'keyDown', keyCode, modifiers: ['alt'] },
    { type: 'keyUp', keyCode, modifiers: ['alt'] },
  ];
}
