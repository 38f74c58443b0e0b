// The call bar's view of the snapshot's calls (issue 12): for each call, who is on the
// other end, which way it goes, how long it has been in its state, and the controls its
// state offers — each one off, with the reason as its description, whenever a click could
// act on a picture that may be wrong (calls only last known, no link, no session, a
// request still unanswered or in flight). Facts in, catalogue words out; no timers here.
import type { CallStateName, CallView, ConnectivitySnapshot } from '../../shared/connectivity.ts';
import type { CallShortcutAction } from '../../shared/ui-config.ts';
import { formatElapsed } from './countdown.ts';
import { connectionBlocker } from './controls.ts';
import type { Control } from './controls.ts';
import { WORDS } from './messages.ts';
import { partyInSentence, partyLabel } from '../../shared/messages/party.ts';

export type CallAction = CallShortcutAction;

const W = WORDS.calls;

/** What each state offers, in the order shown. Release is not offered on a ringing call: an unanswered call is not the agent's to end. */
export const ACTIONS_FOR: Readonly<Record<CallStateName, readonly CallAction[]>> = {
  ringing: ['answer'],
  dialing: ['release'],
  established: ['hold', 'release'],
  held: ['retrieve', 'release'],
};

export interface CallButton {
  action: CallAction;
  /** The visible word ("Answer"). */
  label: string;
  /** The accessible name: the word, then which call ("Answer the call with +1 555 123 4567"), unique with two calls. */
  name: string;
  control: Control;
  /** Whether the action's shortcut (Alt+A…) acts on this call (with two calls, only one has it). */
  shortcut: boolean;
}

export interface CallRow {
  connId: string;
  state: CallStateName;
  ringing: boolean;
  stateLabel: string;
  /** The party alone (the call bar isolates it in <bdi>; accessible names are spoken). */
  party: string;
  /** The party isolated (FSI … PDI), for tooltips and sentences around it. */
  partyInText: string;
  direction: string;
  /** Time in this state ("2:05") while the call is current and its start is known; never while last known. */
  time: string | null;
  lastKnown: boolean;
  buttons: CallButton[];
}

/** Why no control of this call may act now, or null when they may. */
export function callBlocker(s: ConnectivitySnapshot, call: CallView, inFlight: boolean): string | null {
  if (inFlight) return W.controls.busy;
  const connection = connectionBlocker(s);
  if (connection) return connection;
  if (call.pending) return W.controls.pending;
  if (call.confidence === 'last-known') return W.controls.lastKnown;
  if (!call.controllable) return W.controls.notControllable;
  return null;
}

/** The rows of the call bar, oldest call first (as the snapshot lists them). `inFlight`: a call request of this window awaits its reply. */
export function callRows(s: ConnectivitySnapshot, now: number, inFlight: boolean): CallRow[] {
  return s.calls.map((call) => {
    const party = partyLabel(call.otherDN);
    const blocker = callBlocker(s, call, inFlight);
    const control: Control = blocker === null ? { enabled: true } : { enabled: false, reason: blocker };
    const lastKnown = call.confidence === 'last-known';
    return {
      connId: call.connId,
      state: call.state,
      ringing: call.state === 'ringing',
      stateLabel: W.state[call.state],
      party,
      partyInText: partyInSentence(call.otherDN),
      direction: W.direction[call.direction],
      time: !lastKnown && call.since !== null ? formatElapsed(now - call.since) : null,
      lastKnown,
      buttons: ACTIONS_FOR[call.state].map((action) => ({
        action,
        label: W.actions[action],
        name: W.actionName(W.actions[action], party),
        control,
        shortcut: callForShortcut(s, action)?.connId === call.connId,
      })),
    };
  });
}

/** Whether the bar's time in call needs a ticking clock. */
export function callsTick(s: ConnectivitySnapshot | null): boolean {
  return s !== null && s.calls.some((c) => c.confidence === 'current' && c.since !== null);
}

/** Which states a shortcut's call may be in, in order of preference (Release: the live call first). */
const SHORTCUT_TARGETS: Readonly<Record<CallAction, readonly CallStateName[]>> = {
  answer: ['ringing'],
  hold: ['established'],
  retrieve: ['held'],
  release: ['established', 'dialing', 'held'],
};

/** The call a shortcut acts on: the oldest call in the first state the action applies to; null when there is none. */
export function callForShortcut(s: ConnectivitySnapshot, action: CallAction): CallView | null {
  for (const state of SHORTCUT_TARGETS[action]) {
    const call = s.calls.find((c) => c.state === state);
    if (call) return call;
  }
  return null;
}

/** The call the banners talk about: the one in progress (established, then held, then dialing); a ringing call is not in progress yet. */
export function callInProgress(s: ConnectivitySnapshot): CallView | null {
  for (const state of ['established', 'held', 'dialing'] as const) {
    const call = s.calls.find((c) => c.state === state);
    if (call) return call;
  }
  return null;
}

/** The note for a call request whose outcome is unknown ("Answer sent — waiting to hear from the phone system."), or null. */
export function pendingCallNote(s: ConnectivitySnapshot): string | null {
  const call = s.calls.find((c) => c.pending !== null);
  return call?.pending ? W.pendingNote(W.pending[call.pending.request]) : null;
}

/** The newest call that ended unheard, worded, with its `at` (the note's identity for dismissing); null when there is none. */
export function endedUnheardNote(s: ConnectivitySnapshot): { at: number; text: string } | null {
  const last = s.callsEndedUnheard.at(-1);
  return last ? { at: last.at, text: W.endedUnheard(partyInSentence(last.otherDN)) } : null;
}

/** Why the calls' controls wait while the calls are only last known (the line under the bar), or null. */
export function callsWaitingReason(rows: readonly CallRow[]): string | null {
  const row = rows.find((r) => r.lastKnown);
  const control = row?.buttons[0]?.control;
  return control && !control.enabled ? control.reason : null;
}

/** Which call a short window shows when it has room for one row: ringing first (it must stay answerable), then the live call. */
const URGENCY: readonly CallStateName[] = ['ringing', 'established', 'dialing', 'held'];

/** The index of the most urgent row (0 without rows). */
export function leadCall(rows: readonly CallRow[]): number {
  for (const state of URGENCY) {
    const i = rows.findIndex((r) => r.state === state);
    if (i >= 0) return i;
  }
  return 0;
}

/** The marker standing for the rows a short window does not show: "+1 more call", and their words for its name and tooltip. */
export function moreCalls(rows: readonly CallRow[], lead: number, incomplete = false): { label: string; count: string; word: string; detail: string } | null {
  const others = rows.filter((_, i) => i !== lead);
  if (others.length === 0 && !incomplete) return null;
  // More calls on the line than the toolbar keeps: the count is a floor ("+15+"), never a claim of exactly that many.
  const label = incomplete ? W.moreAtLeast(others.length) : W.more(others.length);
  // "+1" and " more call": the narrowest window shows only the count (the words stay in the name and tooltip).
  const count = incomplete ? (others.length > 0 ? `+${others.length}+` : '+') : `+${others.length}`;
  const listed = others.length > 0 ? W.moreDetail(others.map((r) => W.other[r.state](r.partyInText))) : null;
  const detail = incomplete ? [listed, W.incomplete].filter((t) => t !== null).join(' ') : (listed ?? '');
  return { label, count, word: label.slice(count.length), detail };
}
