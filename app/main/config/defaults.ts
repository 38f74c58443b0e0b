// Built-in defaults: the embedded simulator pair on loopback (DESIGN.md §7),
// so `npm start` with no config file shows a working toolbar.
import { DEFAULT_ALARM_GRACE_MS, DEFAULT_NOT_READY_REASONS } from '../../shared/ui-config.ts';
import { DEFAULT_RECONNECT_SETTINGS } from '../tserver/session/reconnect/reconnect-policy.ts';
import type { ToolbarConfig } from './schema.ts';

export const BUILTIN_DEFAULTS: ToolbarConfig = {
  mode: 'hot',
  endpoints: { primary: 'a 127.0.0.1:7001', backup: 'b 127.0.0.1:7002' },
  applicationName: 'AgentToolbar',
  dn: '5001',
  agentId: '1001',
  addp: { timeoutMs: 10_000, remoteTimeoutMs: 10_000 },
  requestTimeoutMs: 10_000,
  // One source of truth for the backoff defaults: the reconnect policy's own.
  reconnect: { ...DEFAULT_RECONNECT_SETTINGS },
  ui: {
    alwaysOnTop: false,
    compact: false,
    theme: 'system',
    notifications: true,
    // One list of defaults, shared with the window (app/shared/ui-config.ts).
    notReadyReasons: DEFAULT_NOT_READY_REASONS.map((r) => ({ ...r })),
    alarmGraceMs: DEFAULT_ALARM_GRACE_MS,
  },
  // Off unless IT turns them on; Ctrl+Alt+Shift so no AltGr character is taken.
  shortcuts: {
    global: false,
    ready: 'CommandOrControl+Alt+Shift+R',
    notReady: 'CommandOrControl+Alt+Shift+N',
    reconnectNow: 'CommandOrControl+Alt+Shift+C',
    details: 'CommandOrControl+Alt+Shift+D',
  },
  keychain: { service: 'AgentToolbar' },
  logging: { level: 'info', maxFileBytes: 5 * 1024 * 1024, maxFiles: 5 },
};
