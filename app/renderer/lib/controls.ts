// Whether each agent control can work right now, and if not, why — the reason is
// the disabled control's description (it stays focusable) rather than leaving the
// agent guessing. While the state is only last known, or a request's outcome is
// still unknown, nothing is offered: a click would act on a picture that may be wrong.
import type { ConnectivitySnapshot } from '../../shared/connectivity.ts';
import { WORDS } from './messages.ts';

const C = WORDS.controls;

export type Control = { enabled: true } | { enabled: false; reason: string };

export interface AgentControls {
  ready: Control;
  notReady: Control;
  logout: Control;
  login: Control;
  /** The one reason to show in the bar when the main controls are off, or null. */
  summary: string | null;
}

const on: Control = { enabled: true };
const off = (reason: string): Control => ({ enabled: false, reason });

/** Why no agent request can go out at all, or null when it can. */
export function connectionBlocker(s: ConnectivitySnapshot): string | null {
  if (s.phase === 'failed') return C.failed;
  if (s.server === null || s.phase === 'reconnecting' || s.phase === 'offline' || s.phase === 'connecting') return C.notConnected;
  if (s.phase === 'link-down' || s.link === 'down') return C.linkDown;
  if (s.phase === 'checking') return C.checking;
  return null;
}

export function agentControls(s: ConnectivitySnapshot, busy: boolean): AgentControls {
  const blocker = connectionBlocker(s) ?? (s.agent.pending ? C.pending : null) ?? (busy ? C.busy : null);
  if (blocker) {
    const c = off(blocker);
    return { ready: c, notReady: c, logout: c, login: c, summary: blocker };
  }
  switch (s.agent.state) {
    case 'logged-out':
      return { ready: off(C.loggedOut), notReady: off(C.loggedOut), logout: off(C.loggedOut), login: on, summary: null };
    case 'unknown': {
      const c = off(C.stateUnknown);
      return { ready: c, notReady: c, logout: c, login: c, summary: C.stateUnknown };
    }
    case 'ready':
      return { ready: off(C.alreadyReady), notReady: on, logout: on, login: off(C.alreadyLoggedIn), summary: null };
    case 'not-ready':
    case 'acw':
      // Ready ends after-call work; Not Ready again changes the reason.
      return { ready: on, notReady: on, logout: on, login: off(C.alreadyLoggedIn), summary: null };
  }
}
