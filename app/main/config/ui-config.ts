// What the window gets from config (the `getUiConfig` request): the Not Ready reasons,
// the red banner's grace, and the global shortcuts that main actually registered.
import type { ShortcutAction, UiConfig } from '../../shared/ui-config.ts';
import type { ToolbarConfig } from './schema.ts';

export function uiConfigOf(config: ToolbarConfig, registered: Partial<Record<ShortcutAction, string>> = {}): UiConfig {
  return {
    notReadyReasons: config.ui.notReadyReasons.map((r) => ({ ...r })),
    alarmGraceMs: config.ui.alarmGraceMs,
    globalShortcuts: { ...registered },
  };
}
