// OS hints that the network may be back: resume from sleep, screen unlock,
// and the machine going from offline to online. Each becomes a "check now"
// for the session, which throttles them (at most one every 500 ms).
import type { CheckNowReason, ToolbarSession } from '../tserver/session/api.ts';

export interface PowerMonitorLike {
  on(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
  removeListener(event: 'resume' | 'unlock-screen', listener: () => void): unknown;
}

export interface PowerWatchDeps {
  powerMonitor: PowerMonitorLike;
  /** Electron's net.isOnline(). */
  isOnline: () => boolean;
  session: Pick<ToolbarSession, 'checkNow'>;
  /** setInterval-like; returns a cancel function. */
  every: (fn: () => void, ms: number) => () => void;
  pollMs?: number;
  log?: { info(obj: Record<string, unknown>, msg: string): void };
}

export function watchPowerAndNetwork(deps: PowerWatchDeps): () => void {
  const hint = (reason: CheckNowReason) => {
    const accepted = deps.session.checkNow(reason);
    deps.log?.info({ reason, accepted }, 'OS hint: check the connection now');
  };
  const onResume = () => hint('resume');
  const onUnlock = () => hint('unlock');
  deps.powerMonitor.on('resume', onResume);
  deps.powerMonitor.on('unlock-screen', onUnlock);

  let online = deps.isOnline();
  const stopPolling = deps.every(() => {
    const now = deps.isOnline();
    if (now && !online) hint('network-change');
    online = now;
  }, deps.pollMs ?? 2_000);

  return () => {
    deps.powerMonitor.removeListener('resume', onResume);
    deps.powerMonitor.removeListener('unlock-screen', onUnlock);
    stopPolling();
  };
}
