import { describe, expect, it } from 'vitest';
import { shortcutFor, shortcutHint } from '../../../app/renderer/lib/shortcuts.ts';
import { SHORTCUT_ACTIONS, WINDOW_SHORTCUTS } from '../../../app/shared/ui-config.ts';

const press = (over: Partial<Parameters<typeof shortcutFor>[0]>) => ({ altKey: true, ctrlKey: false, metaKey: false, shiftKey: false, code: '', key: '', ...over });

describe('in-window shortcuts', () => {
  it('Alt + R, N, C, D by physical key, whatever the layout types', () => {
    expect(shortcutFor(press({ code: 'KeyR', key: '®' }))).toBe('ready');
    expect(shortcutFor(press({ code: 'KeyN', key: 'n' }))).toBe('notReady');
    expect(shortcutFor(press({ code: 'KeyC', key: 'c' }))).toBe('reconnectNow');
    expect(shortcutFor(press({ code: 'KeyD', key: 'd' }))).toBe('details');
  });

  it('by the letter when a synthetic press has no code (a global shortcut pressing it in the window)', () => {
    expect(shortcutFor(press({ key: 'R' }))).toBe('ready');
  });

  it('nothing without Alt, or with another modifier (Ctrl+Alt is AltGr on many layouts)', () => {
    expect(shortcutFor(press({ altKey: false, code: 'KeyR', key: 'r' }))).toBeNull();
    expect(shortcutFor(press({ ctrlKey: true, code: 'KeyR', key: 'r' }))).toBeNull();
    expect(shortcutFor(press({ shiftKey: true, code: 'KeyR', key: 'R' }))).toBeNull();
    expect(shortcutFor(press({ metaKey: true, code: 'KeyD', key: 'd' }))).toBeNull();
    expect(shortcutFor(press({ code: 'KeyX', key: 'x' }))).toBeNull();
  });

  it('tooltips name the keys, and the global ones when IT enabled them', () => {
    expect(shortcutHint('ready', 'Ready', {})).toBe('Ready (Alt+R)');
    expect(shortcutHint('reconnectNow', 'Reconnect now', { reconnectNow: 'CommandOrControl+Alt+Shift+C' })).toBe('Reconnect now (Alt+C; anywhere: CommandOrControl+Alt+Shift+C)');
  });

  it('the call controls: Alt + A, H, U, E — in the window only, so no global one is ever named', () => {
    expect(['KeyA', 'KeyH', 'KeyU', 'KeyE'].map((code) => shortcutFor(press({ code, key: '' })))).toEqual(['answer', 'hold', 'retrieve', 'release']);
    expect(shortcutHint('answer', 'Answer', { ready: 'CommandOrControl+Alt+Shift+R' })).toBe('Answer (Alt+A)');
    expect(SHORTCUT_ACTIONS).not.toContain('answer');
  });

  it('one key per action', () => {
    const codes = Object.values(WINDOW_SHORTCUTS).map((s) => s.code);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
