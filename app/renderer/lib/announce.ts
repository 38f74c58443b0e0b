// What screen readers hear when the snapshot changes: one sentence per change,
// urgent when things got worse (DESIGN.md §6: every change is announced).
// Checking a silent server is polite: it may well be nothing.
import type { ConnectivitySnapshot } from '../../shared/connectivity.ts';
import { requestWords } from './agent-note.ts';
import type { Banner } from './banner.ts';
import { agentStateLabel, describeError, ROLE_WORDS, UI } from './messages.ts';

export interface Announcement {
  text: string;
  /** Degrades interrupt (assertive); recoveries and agent changes wait (polite). */
  urgent: boolean;
}

const DEGRADED = new Set(['link-down', 'reconnecting', 'offline', 'failed']);

export function phaseSentence(s: ConnectivitySnapshot): string {
  switch (s.phase) {
    case 'online':
      return s.server ? UI.announce.online(s.server.name, ROLE_WORDS[s.server.role]) : UI.announce.connecting;
    case 'checking':
      return UI.announce.checking(s.silence?.server ?? s.server?.name ?? null);
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

  const a = next.agent;
  const was = prev?.agent;
  const pendingIsNew = a.pending !== null && a.pending.since !== was?.pending?.since;
  const pendingSettled = a.pending === null && was?.pending != null;
  const awayIsNew = a.changedWhileAway !== null && a.changedWhileAway.at !== was?.changedWhileAway?.at;
  const forcedOutIsNew = a.loggedOutBySwitch !== null && a.loggedOutBySwitch.at !== was?.loggedOutBySwitch?.at && a.state === 'logged-out';
  const agentChanged = !was || was.state !== a.state || was.reasonCode !== a.reasonCode;

  if (pendingIsNew && a.pending) parts.push(UI.agent.pending(requestWords(a.pending)));
  if (forcedOutIsNew) {
    parts.push(UI.announce.loggedOutBySwitch);
    urgent ||= prev !== null;
  } else if (awayIsNew && a.changedWhileAway) {
    parts.push(UI.agent.changedWhileAway(agentStateLabel(a.state, a.reasonCode), UI.away[a.changedWhileAway.during]));
  } else if ((agentChanged || pendingSettled) && a.state !== 'unknown') {
    // A settled request is confirmed by saying the state, changed or not.
    parts.push(UI.announce.agent(agentStateLabel(a.state, a.reasonCode)));
  }
  return parts.length > 0 ? { text: parts.join(' '), urgent } : null;
}

/** What to say now, and whether an urgent sentence is still owed once the grace is over. */
export interface Voice {
  say: Announcement | null;
  owed: boolean;
}

/**
 * The assertive voice waits out the red banner's grace too: while the banner is still
 * the calm "Reconnecting…", an urgent sentence is said politely and owed.
 */
export function holdAlarm(news: Announcement | null, banner: Banner | null, owed: boolean): Voice {
  if (!news) return { say: null, owed };
  if (news.urgent && banner?.kind === 'lost') return { say: { ...news, urgent: false }, owed: true };
  return { say: news, owed: owed && !news.urgent };
}

/** Once the grace is over: the outage goes on (say so urgently) or it is over (nothing more to say). */
export function settleAlarm(owed: boolean, banner: Banner | null, s: ConnectivitySnapshot | null): Voice {
  if (!owed || banner?.kind === 'lost') return { say: null, owed };
  const alarm = s !== null && (banner?.kind === 'reconnecting' || banner?.kind === 'offline');
  return { say: alarm ? { text: phaseSentence(s), urgent: true } : null, owed: false };
}
