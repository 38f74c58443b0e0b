// What the tray and the ringing notifications need to know about the agent's calls,
// read from the snapshot (app/shared/connectivity.ts `calls`) — pure, no Electron.
// One rule for both: a call may be answered from outside the window only when the
// snapshot says, at that moment, that it is ringing, current and controllable.
import type { CallView, ConnectivitySnapshot } from '../../shared/connectivity.ts';
import { formatParty } from '../../shared/messages/party.ts';

/** Longest other party shown in a tooltip, menu item or notification (a hostile server may send anything). */
export const MAX_PARTY_CHARS = 32;

/** The other party as the agent may be shown it (the window's rule, shorter), or null when the switch did not name one. */
export function partyOf(call: Pick<CallView, 'otherDN'>): string | null {
  return formatParty(call.otherDN, MAX_PARTY_CHARS);
}

/**
 * Calls that ring now, oldest first. A last-known ringing call is not one: the toolbar
 * cannot hear the switch, so it may have been answered elsewhere or hung up already.
 */
export function ringingCalls(snapshot: ConnectivitySnapshot): CallView[] {
  return snapshot.calls.filter((c) => c.state === 'ringing' && c.confidence === 'current');
}

/**
 * May Answer act on `connId` now? Asked at the moment the agent presses Answer in a
 * notification or the tray menu — never from the picture the button was drawn from.
 * `controllable` already says the CTI link is up and no request on the call is pending.
 */
export function answerable(snapshot: ConnectivitySnapshot, connId: string): boolean {
  const call = snapshot.calls.find((c) => c.connId === connId);
  return call !== undefined && call.state === 'ringing' && call.confidence === 'current' && call.controllable && call.pending === null;
}
