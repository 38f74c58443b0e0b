// What screen readers hear when the snapshot changes: one sentence per change,
// urgent when things got worse (DESIGN.md §6: every change is announced).
import type { ConnectivitySnapshot } from '../../shared/connectivity.ts';
import { agentStateLabel, describeError, ROLE_WORDS, UI } from './messages.ts';

export interface Announcement {
  text: string;
  /** Degrades interrupt (assertive); recoveries and agent changes wait (polite). */
  urgent: boolean;
}

const DEGRADED = new Set(['link-down', 'reconnecting', 'offline', 'failed']);

function phaseSentence(s: ConnectivitySnapshot): string {
  switch (s.phase) {
    case 'online':
      return s.server ? UI.announce.online(s.server.name, ROLE_WORDS[s.server.role]) : UI.announce.connecting;
    case 'link-down':
      return UI.announce.linkDown;
    case 'reconnecting':
      return UI.announce.reconnecting(s.nextServer);
    case 'offline':
      return UI.announce.offline;
    case 'failed':
      return UI.announce.failed(describeError(s.lastError?.code ?? null, s.lastError?.message ?? null).text);
    case 'connecting':
      return UI.announce.connecting;
  }
}

export function announcement(prev: ConnectivitySnapshot | null, next: ConnectivitySnapshot): Announcement | null {
  const parts: string[] = [];
  let urgent = false;
  const failoverIsNew = next.lastFailover !== null && next.lastFailover.at !== prev?.lastFailover?.at;

  if (!prev || prev.phase !== next.phase) {
    if (failoverIsNew && next.phase === 'online' && next.lastFailover) {
      const role = next.server?.name === next.lastFailover.to ? ROLE_WORDS[next.server.role] : ROLE_WORDS.unknown;
      parts.push(UI.announce.switched(next.lastFailover.to, role, next.lastFailover.detail));
    } else {
      parts.push(phaseSentence(next));
    }
    urgent = DEGRADED.has(next.phase) && prev !== null;
  } else if (prev.link !== next.link && next.server !== null) {
    if (next.link === 'down') {
      parts.push(UI.announce.linkDown);
      urgent = true;
    } else if (next.link === 'up') {
      parts.push(UI.announce.linkUp);
    }
  } else if (failoverIsNew && next.lastFailover) {
    const role = next.server?.name === next.lastFailover.to ? ROLE_WORDS[next.server.role] : ROLE_WORDS.unknown;
    parts.push(UI.announce.switched(next.lastFailover.to, role, next.lastFailover.detail));
  }

  const agentChanged = !prev || prev.agent.state !== next.agent.state || prev.agent.reasonCode !== next.agent.reasonCode;
  if (agentChanged && next.agent.state !== 'unknown') {
    parts.push(UI.announce.agent(agentStateLabel(next.agent.state, next.agent.reasonCode)));
  }
  return parts.length > 0 ? { text: parts.join(' '), urgent } : null;
}
