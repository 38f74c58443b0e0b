// The agent's state badge: what the switch said last, and whether it is still being
// heard. Last known (link down, checking, reconnecting, offline…) shows greyed with
// "last known" and since when, so the toolbar never looks surer than it is.
import type { AgentView } from '../../shared/connectivity.ts';
import { formatAge } from './age.ts';
import { agentStateLabel, UI } from './messages.ts';
import { localTime } from './timeline-format.ts';

export interface AgentBadge {
  label: string;
  lastKnown: boolean;
  /** Last known only: "Last known state, heard at 14:02:05 (12 s ago)…" (tooltip and screen readers). */
  detail: string | null;
  /** Last known only: the small line under the state, "last known · 12 s ago" (or just "last known"). */
  qualifier: string | null;
}

export function agentBadge(agent: AgentView, now: number): AgentBadge {
  const label = agentStateLabel(agent.state, agent.reasonCode);
  // A state never heard is "State unknown" already; "last known" would add nothing.
  if (agent.confidence === 'current' || agent.state === 'unknown') return { label, lastKnown: false, detail: null, qualifier: null };
  if (agent.asOf === null) return { label, lastKnown: true, detail: null, qualifier: UI.agent.lastKnown };
  const age = formatAge(now - agent.asOf);
  return { label, lastKnown: true, detail: UI.agent.lastKnownSince(localTime(agent.asOf), age), qualifier: UI.agent.lastKnownAge(age) };
}

/** Whether the badge's age needs a ticking clock. */
export function badgeTicks(agent: AgentView | undefined): boolean {
  return agent !== undefined && agent.confidence === 'last-known' && agent.state !== 'unknown' && agent.asOf !== null;
}
