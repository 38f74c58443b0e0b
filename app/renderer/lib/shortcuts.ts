// In-window keyboard shortcuts (Alt + a letter, app/shared/ui-config.ts): which action a
// key press means, and the tooltip that names it (with the global one when IT enabled it).
import { WINDOW_SHORTCUT_ACTIONS, WINDOW_SHORTCUTS } from '../../shared/ui-config.ts';
import type { UiConfig, WindowShortcutAction } from '../../shared/ui-config.ts';
import { WORDS } from './messages.ts';

export interface KeyPress {
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  code: string;
  key: string;
}

/** The action an Alt+letter press stands for: by physical key, or by the letter (a synthetic press may lack the code). */
export function shortcutFor(e: KeyPress): WindowShortcutAction | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  return WINDOW_SHORTCUT_ACTIONS.find((a) => WINDOW_SHORTCUTS[a].code === e.code || WINDOW_SHORTCUTS[a].key === e.key.toLowerCase()) ?? null;
}

/** "Ready (Alt+R)", or "Ready (Alt+R; anywhere: Ctrl+Alt+Shift+R)". Call actions have no global one. */
export function shortcutHint(action: WindowShortcutAction, label: string, globals: UiConfig['globalShortcuts']): string {
  const global = (globals as Partial<Record<WindowShortcutAction, string>>)[action] ?? null;
  return WORDS.shortcuts.hint(label, WINDOW_SHORTCUTS[action].label, global);
}
