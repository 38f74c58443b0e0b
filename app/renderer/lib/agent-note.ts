// The one note under the agent bar. Never two that could contradict each other, and
// never one that no longer holds: a request whose outcome is unknown says so (not
// "failed") until the session has asked the switch; the outcome of the agent's last
// action shows only while the phase and the agent state are what they were when it
// was written; "your state was changed while…" shows while that state lasts.
import type { AgentView, ConnectivitySnapshot } from '../../shared/connectivity.ts';
import type { NotReadyReason } from '../../shared/ui-config.ts';
import { agentStateLabel, reasonLabel, WORDS } from './messages.ts';
import { endedUnheardNote, pendingCallNote } from './call-bar.ts';

export type AgentNote =
  | { kind: 'pending'; text: string; error: false }
  | { kind: 'action'; text: string; error: boolean }
  | { kind: 'away'; text: string; error: false; at: number }
  /** A call request with no answer in time: unknown, never failed (issue 12). */
  | { kind: 'call-pending'; text: string; error: false }
  /** A call that ended while the toolbar could not hear (until dismissed). */
  | { kind: 'ended-unheard'; text: string; error: false; at: number }
  /** More calls on the line than the bar can hold: a live fact, there while it lasts. */
  | { kind: 'calls-incomplete'; text: string; error: false };

/** The outcome of the agent's last action (a request error, a confirmation). */
export interface ActionNote {
  text: string;
  error: boolean;
  /** `noteKey` of the snapshot the action was taken against: the note holds only while that does. */
  key: string;
}

/** A change made while the toolbar could not hear, as first seen: the state it talked about. */
export interface AwayNote {
  at: number;
  text: string;
  key: string;
}

/** What a note is about: the phase, the agent's state and reason, and each call's state (a note on Hold goes once the call changed). */
export function noteKey(s: ConnectivitySnapshot): string {
  return `${s.phase}|${agentKey(s.agent)}|${s.calls.map((c) => `${c.connId}:${c.state}`).join(',')}`;
}

function agentKey(a: AgentView): string {
  return `${a.state}|${a.reasonCode ?? ''}`;
}

/** The request as the pending note names it: "Ready", "Not Ready (Lunch)", "your login". */
export function requestWords(p: NonNullable<AgentView['pending']>, reasons: readonly NotReadyReason[]): string {
  const R = WORDS.request;
  switch (p.request) {
    case 'not-ready':
      return R.notReady(reasonLabel(p.reasonCode, reasons));
    case 'ready':
      return R.ready;
    case 'login':
      return R.login;
    case 'logout':
      return R.logout;
  }
}

/**
 * Follows `changedWhileAway`: a new one (new `at`) is remembered with the state it
 * reported, so the words stay right even if the session keeps the fact after the
 * agent moved on. Kept until a newer one replaces it.
 */
export function trackAway(seen: AwayNote | null, agent: AgentView, reasons: readonly NotReadyReason[]): AwayNote | null {
  const c = agent.changedWhileAway;
  if (c === null || c.at === seen?.at) return seen;
  return { at: c.at, key: agentKey(agent), text: WORDS.agent.changedWhileAway(agentStateLabel(agent.state, agent.reasonCode, reasons), WORDS.away[c.during]) };
}

export function selectNote(
  s: ConnectivitySnapshot,
  action: ActionNote | null,
  away: AwayNote | null,
  dismissedAwayAt: number | null,
  reasons: readonly NotReadyReason[],
  dismissedEndedAt: number | null = null,
): AgentNote | null {
  if (s.agent.pending) return { kind: 'pending', text: WORDS.agent.pending(requestWords(s.agent.pending, reasons)), error: false };
  const callPending = pendingCallNote(s);
  if (callPending) return { kind: 'call-pending', text: callPending, error: false };
  if (action && action.key === noteKey(s)) return { kind: 'action', text: action.text, error: action.error };
  if (away && away.at !== dismissedAwayAt && away.key === agentKey(s.agent)) return { kind: 'away', text: away.text, error: false, at: away.at };
  const ended = endedUnheardNote(s);
  if (ended && ended.at !== dismissedEndedAt) return { kind: 'ended-unheard', text: ended.text, error: false, at: ended.at };
  if (s.callsIncomplete) return { kind: 'calls-incomplete', text: WORDS.calls.incomplete, error: false };
  return null;
}
