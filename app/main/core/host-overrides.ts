// What a host's command line may change in the config before the core is assembled
// (the preview's and the watch CLI's flags; the desktop app has none): one pure
// function, so a flag means the same in both CLIs.
import type { ToolbarConfig } from '../config/schema.ts';
import type { HaMode } from '../../shared/connectivity.ts';
import type { ReconnectSettings } from '../tserver/session/api.ts';

export interface HostOverrides {
  mode?: HaMode;
  dn?: string;
  agentId?: string | null;
  applicationName?: string;
  /** ADDP timeouts, ms (0 = off); a local one alone sets the remote one too. */
  addpTimeoutMs?: number;
  addpRemoteTimeoutMs?: number;
  /** Bound on connect + open per attempt; the floor follows it down (a 1 s flag must not be raised to the default floor). */
  connectTimeoutMs?: number;
  /** Any reconnect setting; the session checks the ranges (reconnectSettings). */
  reconnect?: Partial<ReconnectSettings>;
}

export function withHostOverrides(config: ToolbarConfig, overrides: HostOverrides): ToolbarConfig {
  const out = structuredClone(config);
  if (overrides.mode !== undefined) out.mode = overrides.mode;
  if (overrides.dn !== undefined) out.dn = overrides.dn;
  if (overrides.agentId !== undefined) out.agentId = overrides.agentId;
  if (overrides.applicationName !== undefined) out.applicationName = overrides.applicationName;
  if (overrides.addpTimeoutMs !== undefined) out.addp = { timeoutMs: overrides.addpTimeoutMs, remoteTimeoutMs: overrides.addpRemoteTimeoutMs ?? overrides.addpTimeoutMs };
  else if (overrides.addpRemoteTimeoutMs !== undefined) out.addp.remoteTimeoutMs = overrides.addpRemoteTimeoutMs;
  if (overrides.connectTimeoutMs !== undefined) {
    out.reconnect.connectTimeoutMs = overrides.connectTimeoutMs;
    out.reconnect.minConnectTimeoutMs = Math.min(out.reconnect.minConnectTimeoutMs, overrides.connectTimeoutMs);
  }
  for (const [key, value] of Object.entries(overrides.reconnect ?? {}) as [keyof ReconnectSettings, number | undefined][]) {
    if (value !== undefined) out.reconnect[key] = value;
  }
  return out;
}
