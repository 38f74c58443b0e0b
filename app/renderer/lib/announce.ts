// What screen readers hear when the snapshot changes: one sentence per change, the
// banner's headline (never a second wording of it), urgent when things got worse
// (DESIGN.md §6: every change is announced). Checking a silent server is polite: it
// may well be nothing. An outage waits out the red banner's grace: a failover that
// completes inside it is heard only as "Reconnected…", never as a loss first.
import type { ConnectivitySnapshot, Phase } from '../../shared/connectivity.ts';
import type { NotReadyReason } from '../../shared/ui-config.ts';
import { requestWords } from './agent-note.ts';
import type { Banner } from './banner.ts';
import { callFact } from './banner.ts';
import { partyInSentence } from '../../shared/messages/party.ts';
import { bannerWords } from './banner-words.ts';
import { agentStateLabel, WORDS } from './messages.ts';

export interface Announcement {
  text: string;
  /** Degrades interrupt (assertive); recoveries and agent changes wait (polite). */
  urgent: boolean;
}

/** One snapshot's news: about the connection, and about the agent. */
export interface News {
  connection: (Announcement & { outage: boolean }) | null;
  agent: Announcement | null;
  /** A call rang in (assertive), a call request's outcome became unknown, a call ended (heard or unheard). */
  calls: Announcement | null;
}

const DEGRADED: ReadonlySet<Phase> = new Set(['link-down', 'reconnecting', 'offline', 'failed']);
const OUTAGE: ReadonlySet<Phase> = new Set(['reconnecting', 'offline']);
const NO_COUNTDOWN = { kind: 'dialing' } as const;

/** The headline of the banner a phase shows (its spoken form), or the quiet sentence when it shows none. */
export function phaseSentence(s: ConnectivitySnapshot, reasons: readonly NotReadyReason[]): string {
  if (s.setup) return bannerWords({ kind: 'setup', severity: 'error', state: s.setup.state, files: s.setup.files }, reasons).spoken;
  const call = callFact(s);
  switch (s.phase) {
    case 'online':
      return WORDS.announce.online;
    case 'connecting':
      return WORDS.announce.connecting;
    case 'checking':
      return bannerWords({ kind: 'checking', severity: 'caution', silentFor: '', call }, reasons).spoken;
    case 'link-down':
      return bannerWords({ kind: 'link-down', severity: 'warning', call }, reasons).spoken;
    case 'reconnecting':
    case 'offline':
      return bannerWords({ kind: s.phase, severity: 'error', countdown: NO_COUNTDOWN, call }, reasons).spoken;
    case 'failed':
      // Spoken in full: the field's words are not heard until the agent gets there.
      return bannerWords({ kind: 'failed', severity: 'error', code: s.lastError?.code ?? null, atField: false }, reasons).spoken;
  }
}

export function news(prev: ConnectivitySnapshot | null, next: ConnectivitySnapshot, reasons: readonly NotReadyReason[]): News {
  let connection: News['connection'] = null;
  const f = next.lastFailover;
  const failoverIsNew = f !== null && f.at !== prev?.lastFailover?.at;
  const switched = f ? bannerWords({ kind: 'switched', severity: 'info', failover: f }, reasons).spoken : '';
  let failoverSaid = false;

  if (!prev || prev.phase !== next.phase) {
    failoverSaid = failoverIsNew && next.phase === 'online';
    const text = failoverSaid ? switched : phaseSentence(next, reasons);
    connection = { text, urgent: DEGRADED.has(next.phase) && prev !== null, outage: OUTAGE.has(next.phase) };
  } else if (prev.link !== next.link && next.server !== null) {
    if (next.link === 'down') connection = { text: phaseSentence({ ...next, phase: 'link-down' }, reasons), urgent: true, outage: false };
    else if (next.link === 'up') connection = { text: WORDS.announce.linkUp, urgent: false, outage: false };
  } else if (failoverIsNew) {
    failoverSaid = true;
    connection = { text: switched, urgent: false, outage: false };
  }

  const a = next.agent;
  const was = prev?.agent;
  const parts: string[] = [];
  let urgent = false;
  const pendingIsNew = a.pending !== null && a.pending.since !== was?.pending?.since;
  const pendingSettled = a.pending === null && was?.pending != null;
  const awayIsNew = a.changedWhileAway !== null && a.changedWhileAway.at !== was?.changedWhileAway?.at;
  const forcedOutIsNew = a.loggedOutBySwitch !== null && a.loggedOutBySwitch.at !== was?.loggedOutBySwitch?.at && a.state === 'logged-out';
  const agentChanged = !was || was.state !== a.state || was.reasonCode !== a.reasonCode;

  if (pendingIsNew && a.pending) parts.push(WORDS.agent.pending(requestWords(a.pending, reasons)));
  if (forcedOutIsNew) {
    parts.push(bannerWords({ kind: 'logged-out', severity: 'error', at: 0, onPhone: next.calls.length > 0 }, reasons).spoken);
    urgent = prev !== null;
  } else if (awayIsNew && a.changedWhileAway) {
    parts.push(WORDS.agent.changedWhileAway(agentStateLabel(a.state, a.reasonCode, reasons), WORDS.away[a.changedWhileAway.during]));
  } else if ((agentChanged || pendingSettled) && a.state !== 'unknown' && !failoverSaid) {
    // A settled request is confirmed by saying the state, changed or not; a failover's sentence already names it.
    parts.push(WORDS.announce.agent(agentStateLabel(a.state, a.reasonCode, reasons)));
  }
  return { connection, agent: parts.length > 0 ? { text: parts.join(' '), urgent } : null, calls: callNews(prev, next) };
}

/**
 * What changed about the calls, once each: a call that starts ringing (urgent — the agent
 * may be looking elsewhere), a call request whose outcome became unknown, a call that ended
 * while heard, and the newest call found to have ended while the toolbar could not hear.
 * Keyed by ConnID, so a ringing call heard again after a failover is not announced twice.
 */
export function callNews(prev: ConnectivitySnapshot | null, next: ConnectivitySnapshot): Announcement | null {
  const C = WORDS.calls;
  const before = new Map((prev?.calls ?? []).map((c) => [c.connId, c]));
  const parts: string[] = [];
  let urgent = false;
  for (const call of next.calls) {
    const was = before.get(call.connId);
    if (call.state === 'ringing' && was?.state !== 'ringing') {
      parts.push(C.incoming(partyInSentence(call.otherDN)));
      urgent = true;
    } else if (was && was.state !== call.state && (call.state === 'established' || call.state === 'held')) {
      // A known call that moved on (answered, held, retrieved): said once, so Answer and Hold are confirmed by ear.
      parts.push(call.state === 'established' ? C.nowEstablished(partyInSentence(call.otherDN)) : C.nowHeld(partyInSentence(call.otherDN)));
    }
    if (call.pending && call.pending.since !== was?.pending?.since) parts.push(C.pendingNote(C.pending[call.pending.request]));
  }
  const unheard = next.callsEndedUnheard.at(-1);
  const unheardIsNew = unheard !== undefined && unheard.at !== prev?.callsEndedUnheard.at(-1)?.at;
  if (prev !== null && next.server !== null) {
    // A call gone from a picture the toolbar could hear has ended (an unheard end is said below).
    const now = new Set(next.calls.map((c) => c.connId));
    const unheardIds = new Set(next.callsEndedUnheard.map((c) => c.connId));
    for (const call of prev.calls) {
      if (!now.has(call.connId) && !unheardIds.has(call.connId)) parts.push(C.ended(partyInSentence(call.otherDN)));
    }
  }
  if (unheardIsNew) parts.push(C.endedUnheard(partyInSentence(unheard.otherDN)));
  if (next.callsIncomplete && !prev?.callsIncomplete) parts.push(C.incomplete);
  return parts.length > 0 ? { text: parts.join(' '), urgent } : null;
}

function joined(parts: (Announcement | null)[]): Announcement | null {
  const said = parts.filter((p): p is Announcement => p !== null);
  return said.length === 0 ? null : { text: said.map((p) => p.text).join(' '), urgent: said.some((p) => p.urgent) };
}

/** The news as one announcement, nothing held back (tests, and a window that is not in a grace period). */
export function announcement(prev: ConnectivitySnapshot | null, next: ConnectivitySnapshot, reasons: readonly NotReadyReason[]): Announcement | null {
  const n = news(prev, next, reasons);
  return joined([n.connection, n.agent, n.calls]);
}

/** What to say now, and whether the outage's sentence is still owed once the grace is over. */
export interface Voice {
  say: Announcement | null;
  owed: boolean;
}

/**
 * While the banner is the calm "Reconnecting…" (the grace period), the outage is not
 * said at all — it is owed; the agent's own news still is, politely.
 */
export function holdAlarm(n: News, banner: Banner | null, owed: boolean): Voice {
  // A ringing call is not held back: the phone rings whatever the connection does.
  if (banner?.kind === 'lost' && n.connection?.outage) return { say: joined([n.agent ? { ...n.agent, urgent: false } : null, n.calls]), owed: true };
  const say = joined([n.connection, n.agent, n.calls]);
  return { say, owed: owed && !(n.connection?.urgent ?? false) };
}

/** Once the grace is over: the outage goes on (say so, urgently, once) or it is over (nothing more to say). */
export function settleAlarm(owed: boolean, banner: Banner | null, s: ConnectivitySnapshot | null, reasons: readonly NotReadyReason[]): Voice {
  if (!owed || banner?.kind === 'lost') return { say: null, owed };
  const alarm = s !== null && (banner?.kind === 'reconnecting' || banner?.kind === 'offline');
  return { say: alarm ? { text: phaseSentence(s, reasons), urgent: true } : null, owed: false };
}
