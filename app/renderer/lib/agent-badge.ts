// The agent's state badge: what the switch said last, whether it is still being
// heard, and how long the agent has been in it. Last known (link down, checking,
// reconnecting, offline…) shows greyed with "last known" and since when, so the toolbar
// never looks surer than it is. Time in state only when it is known: the session's
// `stateSince`, or a change this window saw happen while the switch was heard.
import type { AgentView } from '../../shared/connectivity.ts';
import type { NotReadyReason } from '../../shared/ui-config.ts';
import { formatAge } from './age.ts';
import { formatElapsed } from './countdown.ts';
import { agentStateLabel, WORDS } from './messages.ts';
import { localTime } from './timeline-format.ts';

export interface AgentBadge {
  label: string;
  lastKnown: boolean;
  /** Last known only: "Last known state, heard at 14:02:05 (12 s ago)…" (tooltip and screen readers). */
  detail: string | null;
  /** Last known only: the small line under the state, "last known · 12 s ago" (or just "last known"). */
  qualifier: string | null;
  /** Current only, when known: time in this state, "2:05". */
  since: string | null;
}

/** A state change this window saw: the state (and reason) it is about, and since when (null: not seen happen). */
export interface SeenSince {
  key: string;
  since: number | null;
}

const keyOf = (a: AgentView) => `${a.state}|${a.reasonCode ?? ''}`;

/**
 * Follows the agent's state. A change seen while the switch was heard before and after
 * happened about now; the first picture, or a change found on a re-read, has no known start.
 * Nor has a state heard again after a time out of earshot, even the same one: it may have
 * changed and come back meanwhile (a failover that logged the agent back in restarts it).
 */
export function trackStateSince(seen: SeenSince | null, prev: AgentView | null, next: AgentView, now: number): SeenSince {
  const key = keyOf(next);
  if (prev !== null && prev.confidence !== 'current' && next.confidence === 'current') return { key, since: null };
  if (seen !== null && seen.key === key) return seen;
  const witnessed = prev !== null && prev.confidence === 'current' && next.confidence === 'current';
  return { key, since: witnessed ? now : null };
}

/** Since when the agent has been in this state, as far as anybody knows. */
export function stateSince(agent: AgentView, seen: SeenSince | null): number | null {
  if (agent.stateSince != null) return agent.stateSince;
  return seen !== null && seen.key === keyOf(agent) ? seen.since : null;
}

export function agentBadge(agent: AgentView, now: number, reasons: readonly NotReadyReason[], seen: SeenSince | null = null): AgentBadge {
  const label = agentStateLabel(agent.state, agent.reasonCode, reasons);
  // A state never heard is "State unknown" already; "last known" would add nothing.
  if (agent.confidence === 'current' || agent.state === 'unknown') {
    const start = agent.state === 'unknown' || agent.state === 'logged-out' ? null : stateSince(agent, seen);
    return { label, lastKnown: false, detail: null, qualifier: null, since: start === null ? null : formatElapsed(now - start) };
  }
  if (agent.asOf === null) return { label, lastKnown: true, detail: null, qualifier: WORDS.agent.lastKnown, since: null };
  const age = formatAge(now - agent.asOf);
  return { label, lastKnown: true, detail: WORDS.agent.lastKnownSince(localTime(agent.asOf), age), qualifier: WORDS.agent.lastKnownAge(age), since: null };
}

/** Whether the badge's age or time in state needs a ticking clock. */
export function badgeTicks(agent: AgentView | undefined, seen: SeenSince | null): boolean {
  if (agent === undefined || agent.state === 'unknown') return false;
  if (agent.confidence === 'last-known') return agent.asOf !== null;
  return agent.state !== 'logged-out' && stateSince(agent, seen) !== null;
}
