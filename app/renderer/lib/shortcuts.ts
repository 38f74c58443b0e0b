// In-window keyboard shortcuts (Alt + a letter, app/shared/ui-config.ts): which action a
// key press means, and the tooltip that names it (with the global one when IT enabled it).
import { SHORTCUT_ACTIONS, WINDOW_SHORTCUTS } from '../../shared/ui-config.ts';
import type { ShortcutAction, UiConfig } from '../../shared/ui-config.ts';
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
export function shortcutFor(e: KeyPress): ShortcutAction | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  return SHORTCUT_ACTIONS.find((a) => WINDOW_SHORTCUTS[a].code === e.code || WINDOW_SHORTCUTS[a].key === e.key.toLowerCase()) ?? null;
}

/** "Ready (Alt+R)", or "Ready (Alt+R; anywhere: Ctrl+Alt+Shift+R)". */
export function shortcutHint(action: ShortcutAction, label: string, globals: UiConfig['globalShortcuts']): string {
  return WORDS.shortcuts.hint(label, WINDOW_SHORTCUTS[action].label, globals[action] ?? null);
}
