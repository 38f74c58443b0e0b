// Global shortcuts: off unless configured, each registered once, failures logged and
// left out of what the window is told, and a press becomes the in-window shortcut.
import { describe, expect, it } from 'vitest';
import { BUILTIN_DEFAULTS } from '../../../app/main/config/defaults.ts';
import { registerGlobalShortcuts, windowKeyEvents } from '../../../app/main/desktop/shortcuts.ts';
import type { GlobalShortcutLike } from '../../../app/main/desktop/shortcuts.ts';
import { WINDOW_SHORTCUTS } from '../../../app/shared/ui-config.ts';
import type { ShortcutAction } from '../../../app/shared/ui-config.ts';

function fakeGlobalShortcut(heldElsewhere: string[] = [], unparsable: string[] = []) {
  const callbacks = new Map<string, () => void>();
  const unregistered: string[] = [];
  const shortcut: GlobalShortcutLike = {
    register: (accelerator, callback) => {
      if (unparsable.includes(accelerator)) throw new Error(`Error processing argument: ${accelerator}`);
      if (heldElsewhere.includes(accelerator)) return false;
      callbacks.set(accelerator, callback);
      return true;
    },
    unregister: (accelerator) => void unregistered.push(accelerator),
  };
  return { shortcut, callbacks, unregistered };
}

const log = () => {
  const lines: string[] = [];
  return { lines, info: (_o: Record<string, unknown>, msg: string) => void lines.push(`info ${msg}`), warn: (_o: Record<string, unknown>, msg: string) => void lines.push(`warn ${msg}`) };
};

describe('global shortcuts', () => {
  it('registers nothing unless IT turned them on', () => {
    const g = fakeGlobalShortcut();
    const out = registerGlobalShortcuts(g.shortcut, BUILTIN_DEFAULTS.shortcuts, () => {}, log());
    expect(out.registered).toEqual({});
    expect(g.callbacks.size).toBe(0);
  });

  it('registers each configured accelerator; a press runs its action; dispose unregisters them', () => {
    const g = fakeGlobalShortcut();
    const pressed: ShortcutAction[] = [];
    const out = registerGlobalShortcuts(g.shortcut, { ...BUILTIN_DEFAULTS.shortcuts, global: true, details: null }, (a) => void pressed.push(a), log());
    expect(out.registered).toEqual({ ready: 'CommandOrControl+Alt+Shift+R', notReady: 'CommandOrControl+Alt+Shift+N', reconnectNow: 'CommandOrControl+Alt+Shift+C' });
    g.callbacks.get('CommandOrControl+Alt+Shift+N')!();
    g.callbacks.get('CommandOrControl+Alt+Shift+R')!();
    expect(pressed).toEqual(['notReady', 'ready']);
    out.dispose();
    expect(g.unregistered.sort()).toEqual(Object.values(out.registered).sort());
  });

  it('one held by another application, one Electron refuses, one configured twice: logged, left out, the rest work', () => {
    const g = fakeGlobalShortcut(['CommandOrControl+Alt+Shift+R'], ['Ctrl+F13']);
    const l = log();
    const out = registerGlobalShortcuts(g.shortcut, { global: true, ready: 'CommandOrControl+Alt+Shift+R', notReady: 'Ctrl+F13', reconnectNow: 'Ctrl+F9', details: 'ctrl+f9' }, () => {}, l);
    expect(out.registered).toEqual({ reconnectNow: 'Ctrl+F9' });
    expect(l.lines.filter((x) => x.startsWith('warn'))).toEqual([
      'warn global shortcut not registered: another application holds it',
      'warn global shortcut not registered: Electron refused the accelerator',
      'warn global shortcut configured twice; kept for the first action',
    ]);
  });

  it('a press becomes the in-window Alt shortcut of the same action (one path for both)', () => {
    expect(windowKeyEvents('ready')).toEqual([
      { type: 'keyDown', keyCode: 'R', modifiers: ['alt'] },
      { type: 'keyUp', keyCode: 'R', modifiers: ['alt'] },
    ]);
    for (const action of Object.keys(WINDOW_SHORTCUTS) as ShortcutAction[]) {
      expect(windowKeyEvents(action)[0]!.keyCode.toLowerCase()).toBe(WINDOW_SHORTCUTS[action].key);
    }
  });
});
