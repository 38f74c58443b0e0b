// What the tray shows for a snapshot: the worst state as a colour, and a
// tooltip in the window's plain words — all from the one catalogue
// (app/shared/messages): no server names, roles, codes or attempts (DESIGN.md §6).
// A ringing or ongoing call comes first: it is what the agent glances at the tray for.
import type { AgentView, CallView, ConnectivitySnapshot } from '../../shared/connectivity.ts';
import { agentStateLabel, WORDS } from '../../shared/messages/index.ts';
import type { NotReadyReason } from '../../shared/ui-config.ts';
import { partyOf, ringingCalls } from './call-facts.ts';

export type TrayLevel = 'ok' | 'warn' | 'error';

export interface TrayState {
  level: TrayLevel;
  /** A call rings (current), or one is in progress (dialing, established, held; or ringing but last known). */
  call: 'ringing' | 'in-call' | null;
  /** One line; Windows truncates tray tooltips at 127 characters. */
  tooltip: string;
  /** The connection and agent part of the tooltip, without the prefix and the calls (a notification's body). */
  status: string;
}

const MAX_TOOLTIP = 127;
const T = WORDS.tray;

/** The agent's state in words; a state the switch cannot confirm now says so before the state itself. */
function agentText(agent: AgentView, reasons: readonly NotReadyReason[]): string {
  if (agent.state === 'unknown') return '';
  const who = T.who(agent.agentId, agent.dn);
  // Qualifier first, so a tooltip cut at 127 characters never shows a bare, stale state.
  const label = agent.confidence === 'last-known' ? `${who}, ${T.lastKnown}` : who;
  const state = agent.state === 'logged-out' && agent.loggedOutBySwitch ? T.loggedOutBySwitch : agentStateLabel(agent.state, agent.reasonCode, reasons);
  return `${label}: ${state}`;
}

const party = (c: CallView) => partyOf(c) ?? WORDS.calls.unknownPartyInSentence;

/** The calls in words: ringing ones first (they want an answer), else the call in progress. */
function callText(s: ConnectivitySnapshot): { call: TrayState['call']; text: string } {
  const ringing = ringingCalls(s);
  if (ringing.length > 0) return { call: 'ringing', text: ringing.length === 1 ? T.call.ringing(party(ringing[0]!)) : T.call.ringingMany(ringing.length) };
  if (s.calls.length === 0) return { call: null, text: '' };
  const only = s.calls.length === 1 ? s.calls[0]! : null;
  let text: string;
  if (!only) text = T.call.many(s.calls.length);
  else if (only.state === 'held') text = T.call.held(party(only));
  else if (only.state === 'dialing') text = T.call.dialing(party(only));
  else if (only.state === 'ringing') text = T.call.ringing(party(only)); // last known: it may have stopped
  else text = T.call.established(party(only));
  // Never a stale call presented as current; partyOf bounds the party, so the qualifier stays within 127.
  const stale = s.calls.some((c) => c.confidence === 'last-known');
  return { call: 'in-call', text: stale ? T.call.lastKnown(text) : text };
}

function connectionText(s: ConnectivitySnapshot): { level: TrayLevel; text: string } {
  switch (s.phase) {
    case 'online':
      // On the backup with nothing behind it: still working, but one more failure is an outage.
      if (s.server?.role === 'backup' && !s.standby.ready) return { level: 'warn', text: T.noStandby };
      return { level: 'ok', text: T.phase.online };
    case 'checking': // not lost yet (one ADDP interval of silence, the ping is out): amber, never red
    case 'link-down':
    case 'connecting':
      return { level: 'warn', text: T.phase[s.phase] };
    case 'reconnecting':
    case 'offline':
    case 'failed':
      return { level: 'error', text: T.phase[s.phase] };
  }
}

/** Every tooltip starts with this; notification bodies drop it (the OS shows which app sent them). */
export const TOOLTIP_PREFIX = `${WORDS.appName}: `;

/** `reasons`: the configured Not Ready reasons, for their labels (a code without one is shown as it is). */
export function trayStateFor(snapshot: ConnectivitySnapshot, reasons: readonly NotReadyReason[] = []): TrayState {
  const { level, text } = connectionText(snapshot);
  const { call, text: calls } = callText(snapshot);
  const agent = agentText(snapshot.agent, reasons);
  const status = `${text}${agent ? ` · ${agent}` : ''}`;
  const tooltip = `${TOOLTIP_PREFIX}${calls ? `${calls} · ` : ''}${status}`;
  return { level, call, status, tooltip: tooltip.length > MAX_TOOLTIP ? `${tooltip.slice(0, MAX_TOOLTIP - 1)}…` : tooltip };
}
