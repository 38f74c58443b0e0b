// OS hints that the machine may have been away (issue 15): resume from sleep, screen
// unlock, and the machine going from offline to online. Each is a wake for the session,
// which checks before it claims (probes every open connection, dials a waiting loop now)
// and folds hints that come together into one wake. Electron's powerMonitor emits
// 'resume' and 'unlock-screen' in the main process only after app 'ready'.
import type { ToolbarSession, WakeReason } from '../tserver/session/api.ts';

export interface PowerMonitorLike {
  on(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
  removeListener(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
}

export interface PowerWatchDeps {
  powerMonitor: PowerMonitorLike;
  /** Electron's net.isOnline(). */
  isOnline: () => boolean;
  session: Pick<ToolbarSession, 'wake'>;
  /** setInterval-like; returns a cancel function. */
  every: (fn: () => void, ms: number) => () => void;
  pollMs?: number;
  log?: { info(obj: Record<string, unknown>, msg: string): void };
}

export function watchPowerAndNetwork(deps: PowerWatchDeps): () => void {
  const hint = (reason: WakeReason) => {
    const accepted = deps.session.wake(reason);
    deps.log?.info({ reason, accepted }, 'OS hint: the machine may have been away; checking the connection');
  };
  const onResume = () => hint('resume');
  const onUnlock = () => hint('unlock-screen');
  deps.powerMonitor.on('resume', onResume);
  deps.powerMonitor.on('unlock-screen', onUnlock);

  let online = deps.isOnline();
  const stopPolling = deps.every(() => {
    const now = deps.isOnline();
    if (now && !online) hint('network-back');
    online = now;
  }, deps.pollMs ?? 2_000);

  return () => {
    deps.powerMonitor.removeListener('resume', onResume);
    deps.powerMonitor.removeListener('unlock-screen', onUnlock);
    stopPolling();
  };
}
