// What the window needs from config that is not a connectivity fact: the Not Ready
// reasons IT offers, how long an outage stays calm before the red banner, and the
// global shortcuts main registered. Served by the `getUiConfig` request; the
// built-in defaults live here so main's config and the renderer share them.
import * as v from 'valibot';

/** What agentNotReady accepts as a reason code; config validates reasons with the same rule. */
export const REASON_CODE_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
export const MAX_REASON_LABEL = 40;
export const MAX_REASONS = 20;

export const NotReadyReasonSchema = v.object({
  code: v.pipe(v.string(), v.regex(REASON_CODE_PATTERN)),
  label: v.pipe(v.string(), v.minLength(1), v.maxLength(MAX_REASON_LABEL)),
});
export type NotReadyReason = v.InferOutput<typeof NotReadyReasonSchema>;

/** The in-window actions that have a keyboard shortcut and may have a global one (config `shortcuts`). */
export const SHORTCUT_ACTIONS = ['ready', 'notReady', 'reconnectNow', 'details'] as const;
export type ShortcutAction = (typeof SHORTCUT_ACTIONS)[number];

/**
 * The call controls' shortcuts (issue 12): in the window only — a global one would act on a
 * call the agent cannot see. Hold and Retrieve have a key each rather than one toggle, so a
 * press never does the opposite of what the agent meant when the call changed a moment before.
 */
export const CALL_SHORTCUT_ACTIONS = ['answer', 'hold', 'retrieve', 'release'] as const;
export type CallShortcutAction = (typeof CALL_SHORTCUT_ACTIONS)[number];

export type WindowShortcutAction = ShortcutAction | CallShortcutAction;
export const WINDOW_SHORTCUT_ACTIONS: readonly WindowShortcutAction[] = [...SHORTCUT_ACTIONS, ...CALL_SHORTCUT_ACTIONS];

/**
 * The in-window shortcuts: Alt + a letter (physical key, so any keyboard layout works).
 * One table: the renderer listens for them, their labels go into the tooltips, and a
 * global shortcut in main presses the same key in the window.
 */
export const WINDOW_SHORTCUTS: Readonly<Record<WindowShortcutAction, { code: string; key: string; label: string }>> = {
  ready: { code: 'KeyR', key: 'r', label: 'Alt+R' },
  notReady: { code: 'KeyN', key: 'n', label: 'Alt+N' },
  reconnectNow: { code: 'KeyC', key: 'c', label: 'Alt+C' },
  details: { code: 'KeyD', key: 'd', label: 'Alt+D' },
  answer: { code: 'KeyA', key: 'a', label: 'Alt+A' },
  hold: { code: 'KeyH', key: 'h', label: 'Alt+H' },
  // U for "unhold", as agents say it (R is Ready).
  retrieve: { code: 'KeyU', key: 'u', label: 'Alt+U' },
  // E for "end call" (R is Ready).
  release: { code: 'KeyE', key: 'e', label: 'Alt+E' },
};

export const UiConfigSchema = v.object({
  notReadyReasons: v.pipe(v.array(NotReadyReasonSchema), v.minLength(1), v.maxLength(MAX_REASONS)),
  /** How long an outage shows only the calm "Reconnecting…" before the red banner. */
  alarmGraceMs: v.pipe(v.number(), v.minValue(0), v.maxValue(10_000)),
  /** The global shortcuts main registered (accelerator text), by action; empty when off. */
  globalShortcuts: v.partial(v.object({ ready: v.string(), notReady: v.string(), reconnectNow: v.string(), details: v.string() })),
});
export type UiConfig = v.InferOutput<typeof UiConfigSchema>;

/**
 * About 4× the warm failover's p95 (~100 ms, docs/PERFORMANCE.md): a failover that
 * completes inside it shows only the calm notice, a real outage turns red soon enough.
 */
export const DEFAULT_ALARM_GRACE_MS = 400;

export const DEFAULT_NOT_READY_REASONS: readonly NotReadyReason[] = [
  { code: 'Break', label: 'Break' },
  { code: 'Lunch', label: 'Lunch' },
  { code: 'Meeting', label: 'Meeting' },
  { code: 'Training', label: 'Training' },
  { code: 'Coaching', label: 'Coaching' },
  { code: 'Personal', label: 'Personal' },
];

export const DEFAULT_UI_CONFIG: UiConfig = {
  notReadyReasons: [...DEFAULT_NOT_READY_REASONS],
  alarmGraceMs: DEFAULT_ALARM_GRACE_MS,
  globalShortcuts: {},
};
