// Not Ready reasons, the alarm grace and global shortcuts from config: validated whole,
// enforceable by IT, and what the window gets through getUiConfig.
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { acceleratorProblem } from '../../../app/main/config/accelerator.ts';
import { BUILTIN_DEFAULTS } from '../../../app/main/config/defaults.ts';
import { loadConfig } from '../../../app/main/config/load.ts';
import { uiConfigOf } from '../../../app/main/config/ui-config.ts';
import { requests } from '../../../app/shared/ipc-contract.ts';
import { DEFAULT_UI_CONFIG, UiConfigSchema } from '../../../app/shared/ui-config.ts';

const MACHINE = '/etc/agent-toolbar/config.yaml';
const USER = '/home/agent/.config/Agent Toolbar/config.yaml';
const load = (files: { machine?: string; user?: string }) =>
  loadConfig({ machinePath: MACHINE, userPath: USER, readText: (p) => (p === MACHINE ? (files.machine ?? null) : p === USER ? (files.user ?? null) : null) });

describe('Not Ready reasons from config', () => {
  it('defaults to the built-in list, which the window gets when main has no config (one list)', () => {
    expect(BUILTIN_DEFAULTS.ui.notReadyReasons).toEqual(DEFAULT_UI_CONFIG.notReadyReasons);
    expect(uiConfigOf(BUILTIN_DEFAULTS)).toEqual(DEFAULT_UI_CONFIG);
    for (const r of BUILTIN_DEFAULTS.ui.notReadyReasons) expect(v.safeParse(requests.agentNotReady.args, [r.code]).success, r.code).toBe(true);
  });

  it('takes a list of code + label (a YAML number code becomes text), replaced whole', () => {
    const loaded = load({ user: 'ui:\n  notReadyReasons:\n    - { code: 42, label: " Lunch " }\n    - { code: TRN, label: Training with the supervisor }' });
    expect(loaded.problems).toEqual([]);
    expect(loaded.config.ui.notReadyReasons).toEqual([
      { code: '42', label: 'Lunch' },
      { code: 'TRN', label: 'Training with the supervisor' },
    ]);
    expect(loaded.config.ui.notifications).toBe(true); // the rest of ui is untouched
  });

  it('is IT-enforceable: the machine file wins and the user is told their list was ignored', () => {
    const loaded = load({
      machine: 'enforced:\n  ui:\n    notReadyReasons: [{ code: BRK, label: Break }]',
      user: 'ui:\n  notReadyReasons: [{ code: Nap, label: Nap }]\n  theme: dark',
    });
    expect(loaded.problems).toEqual([]);
    expect(loaded.ignoredUserKeys).toEqual(['ui.notReadyReasons']);
    expect(loaded.config.ui.notReadyReasons).toEqual([{ code: 'BRK', label: 'Break' }]);
    expect(loaded.config.ui.theme).toBe('dark');
  });

  it.each([
    ['an empty list', '[]', /1-20 reasons/],
    ['a code the IPC contract would refuse', '[{ code: "lunch break", label: Lunch }]', /reason 1: code must be 1-32 letters/],
    ['a missing label', '[{ code: A, label: Break }, { code: B }]', /reason 2: label must be 1-40 characters/],
    ['a label too long', `[{ code: A, label: "${'x'.repeat(41)}" }]`, /label must be 1-40/],
    ['a code twice', '[{ code: A, label: One }, { code: A, label: Two }]', /reason 2: code "A" is listed twice/],
    ['an unknown key', '[{ code: A, label: One, colour: red }]', /unknown key "colour"/],
    ['not a list', '"Break, Lunch"', /expected a list of reasons/],
  ])('rejects %s as a whole, with a message, and keeps the defaults', (_label, yaml, message) => {
    const loaded = load({ user: `ui:\n  notReadyReasons: ${yaml}\n  alwaysOnTop: true` });
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]).toMatchObject({ file: USER, key: 'ui.notReadyReasons' });
    expect(loaded.problems[0]!.message).toMatch(message);
    expect(loaded.config.ui.notReadyReasons).toEqual(BUILTIN_DEFAULTS.ui.notReadyReasons);
    expect(loaded.config.ui.alwaysOnTop).toBe(true);
  });
});

describe('alarm grace and global shortcuts from config', () => {
  it('reads the grace (0-10000 ms) and serves it to the window', () => {
    const loaded = load({ user: 'ui: { alarmGraceMs: 250 }' });
    expect(loaded.config.ui.alarmGraceMs).toBe(250);
    expect(uiConfigOf(loaded.config).alarmGraceMs).toBe(250);
    expect(load({ user: 'ui: { alarmGraceMs: 60000 }' }).problems[0]).toMatchObject({ key: 'ui.alarmGraceMs', message: expect.stringMatching(/≤ 10000/) });
  });

  it('global shortcuts are off by default; IT can turn them on and set or clear each accelerator', () => {
    expect(BUILTIN_DEFAULTS.shortcuts.global).toBe(false);
    const loaded = load({ machine: 'enforced:\n  shortcuts: { global: true, details: null, ready: "F9+Ctrl" }' });
    expect(loaded.problems).toEqual([
      expect.objectContaining({ key: 'enforced.shortcuts.ready', message: expect.stringMatching(/"Ctrl" is not a key/) }),
    ]);
    expect(loaded.config.shortcuts).toEqual({ ...BUILTIN_DEFAULTS.shortcuts, global: true, details: null });
  });

  it('accelerators: modifiers then one key, with a modifier other than Shift', () => {
    expect(acceleratorProblem('CommandOrControl+Alt+Shift+R')).toBeNull();
    expect(acceleratorProblem('Ctrl+F9')).toBeNull();
    expect(acceleratorProblem('Super+Plus')).toBeNull();
    expect(acceleratorProblem('R')).toMatch(/modifier other than Shift/);
    expect(acceleratorProblem('Shift+R')).toMatch(/modifier other than Shift/);
    expect(acceleratorProblem('Ctrl+')).toMatch(/joined by "\+"/);
    expect(acceleratorProblem('Hyper+R')).toMatch(/"Hyper" is not a modifier/);
    expect(acceleratorProblem('Ctrl+Enterr')).toMatch(/"Enterr" is not a key/);
  });

  it('serves only the shortcuts main registered, in a shape the contract accepts', () => {
    const served = uiConfigOf(BUILTIN_DEFAULTS, { ready: 'CommandOrControl+Alt+Shift+R' });
    expect(served.globalShortcuts).toEqual({ ready: 'CommandOrControl+Alt+Shift+R' });
    expect(v.safeParse(UiConfigSchema, served).success).toBe(true);
    expect(v.safeParse(requests.getUiConfig.result, served).success).toBe(true);
  });
});
