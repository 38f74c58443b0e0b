// The DN's calls as the session knows them (issue 12): kept from the active
// server's call events, re-learned from a QueryAddress (EventAddressInfo `Calls`)
// after any failover or link restoration, and reported as last known while the
// switch cannot be heard. Calls live on the switch: a lost server never ends one,
// so a call is only forgotten when the switch says it ended (EventReleased) or a
// re-learned list no longer has it (then it ended unheard, and that is said).
import { CONN_ID_PATTERN } from '../../../shared/connectivity.ts';
import type { CallDirection, CallRequestName, CallStateName, CallView } from '../../../shared/connectivity.ts';
import { CallType, readCalls } from '../protocol/index.ts';
import type { CallEntry, TMessage } from '../protocol/index.ts';

interface KnownCall {
  connId: string;
  state: CallStateName;
  otherDN: string | null;
  direction: CallDirection;
  since: number | null;
  pending: { request: CallRequestName; since: number } | null;
}

const CALL_EVENTS: Readonly<Record<string, CallStateName | 'released'>> = {
  EventRinging: 'ringing',
  EventDialing: 'dialing',
  EventEstablished: 'established',
  EventRetrieved: 'established',
  EventHeld: 'held',
  EventReleased: 'released',
};

export const isCallEvent = (name: string): boolean => Object.hasOwn(CALL_EVENTS, name);

/** Bound on calls kept for one DN (a real DN has a handful of lines). */
const MAX_CALLS = 16;
const MAX_ENDED = 5;

function directionOf(callType: unknown): CallDirection {
  if (callType === CallType.Inbound) return 'inbound';
  if (callType === CallType.Outbound) return 'outbound';
  if (callType === CallType.Internal || callType === CallType.Consult) return 'internal';
  return 'unknown';
}

export class CallKeeper {
  private readonly calls = new Map<string, KnownCall>();
  /** Re-learned on the session that carries them since the switch was last out of earshot. */
  private fresh = false;
  /** The connection the calls were last re-learned on: a picture read elsewhere (a failed warm candidate, the old leg) is not current here. */
  private source: object | null = null;
  private ended: Array<{ connId: string; otherDN: string | null; at: number }> = [];
  /** A call was not kept (the bound): the list is not the whole truth until a re-read list fits. */
  private incomplete = false;

  constructor(
    private readonly dn: string,
    /** Told once per spell, when the first call is not kept (the session logs it at warn). */
    private readonly onOverflow: (what: { connId: string; kept: number; from: 'event' | 'query' }) => void = () => undefined,
  ) {}

  /** A call event from the active server; true when it changed what is known. */
  noteEvent(message: TMessage, at: number): boolean {
    const next = CALL_EVENTS[message.name];
    const a = message.attributes;
    // A ConnID no call request could name (CONN_ID_PATTERN) is not a call the agent can be shown.
    if (next === undefined || a.ThisDN !== this.dn || typeof a.ConnID !== 'string' || !CONN_ID_PATTERN.test(a.ConnID)) return false;
    const connId = a.ConnID;
    if (next === 'released') return this.calls.delete(connId);
    const known = this.calls.get(connId);
    if (!known && this.calls.size >= MAX_CALLS) {
      this.overflowed(connId, 'event');
      return false;
    }
    this.calls.set(connId, {
      connId,
      state: next,
      otherDN: typeof a.OtherDN === 'string' ? a.OtherDN : (known?.otherDN ?? null),
      direction: a.CallType !== undefined ? directionOf(a.CallType) : (known?.direction ?? (next === 'dialing' ? 'outbound' : 'unknown')),
      // When it was heard, on our clock (the server's may be off); time in call runs on through hold and retrieve.
      since: known && (known.state === next || (inCall(known.state) && inCall(next))) ? known.since : at,
      // An event about the call answers (or overtakes) any request pending on it.
      pending: null,
    });
    return true;
  }

  /**
   * The switch's list of the DN's calls (a QueryAddress answer): it replaces what was
   * known; calls no longer listed ended while the toolbar could not hear. Returns the
   * calls whose request is still pending, for the session to complete if not done.
   * A reply without a usable list changes nothing (null).
   */
  relearn(reply: TMessage, at: number, source: object, serverBehindMs = 0): KnownCall[] | null {
    const read = readCalls(reply.attributes.Calls);
    if (!read.ok) return null;
    this.fresh = true;
    this.source = source;
    const valid = read.calls.filter((c) => CONN_ID_PATTERN.test(c.connId));
    const all = new Set(valid.map((c) => c.connId));
    // Over the bound: the calls already shown stay (a call that vanished from the bar would read
    // as ended), then ringing ones (the agent must be able to answer), then the rest.
    const rank = (c: CallEntry): number => (this.calls.has(c.connId) ? 0 : c.state === 'ringing' ? 1 : 2);
    const kept = valid.length > MAX_CALLS ? [...valid].sort((x, y) => rank(x) - rank(y)).slice(0, MAX_CALLS) : valid;
    const listed = new Map<string, CallEntry>(kept.map((c) => [c.connId, c]));
    if (all.size > listed.size) this.overflowed(valid.find((c) => !listed.has(c.connId))?.connId ?? '', 'query');
    else this.incomplete = false;
    for (const [connId, known] of this.calls) {
      // Ended only when the switch's whole list lacks it (not when the bound left it out).
      if (!all.has(connId)) {
        this.ended.push({ connId, otherDN: known.otherDN, at });
        this.calls.delete(connId);
      } else if (!listed.has(connId)) {
        this.calls.delete(connId);
      }
    }
    this.ended = this.ended.slice(-MAX_ENDED);
    for (const c of listed.values()) {
      const known = this.calls.get(c.connId);
      this.calls.set(c.connId, {
        connId: c.connId,
        state: c.state,
        otherDN: c.otherDn || null,
        direction: directionOf(c.callType),
        since: sinceOf(c, serverBehindMs, at),
        // A ConnID the switch reused for another call (another party or direction) carries no request of ours.
        pending: known && sameCall(known, c) ? known.pending : null,
      });
    }
    return this.pendingCalls();
  }

  /** The switch went out of earshot (loss, link down, a move, a wake): the calls must be re-learned. */
  stale(): void {
    this.fresh = false;
  }

  /** Re-learned from `source` (the connection that carries the session) and not stale since. */
  isFreshFrom(source: object): boolean {
    return this.fresh && this.source === source;
  }

  get(connId: string): Readonly<KnownCall> | undefined {
    return this.calls.get(connId);
  }

  /** The calls with a request whose outcome is unknown (copies). */
  pendingCalls(): KnownCall[] {
    return [...this.calls.values()].filter((c) => c.pending !== null).map((c) => ({ ...c }));
  }

  /** A call request got no answer in time: its outcome is unknown until the calls are re-learned. */
  markPending(connId: string, request: CallRequestName, at: number): void {
    const c = this.calls.get(connId);
    if (c) c.pending = { request, since: at };
  }

  clearPending(connId: string): void {
    const c = this.calls.get(connId);
    if (c) c.pending = null;
  }

  /** For the snapshot: `current` when the switch is heard and the calls were read there; controls need the link too. */
  view(heard: boolean, linkUp: boolean): { calls: CallView[]; ended: Array<{ connId: string; otherDN: string | null; at: number }>; incomplete: boolean } {
    const current = heard && this.fresh;
    const confidence = current ? 'current' : 'last-known';
    return {
      calls: [...this.calls.values()].map((c) => ({ ...c, confidence, controllable: current && linkUp && c.pending === null })),
      ended: [...this.ended],
      incomplete: this.incomplete,
    };
  }

  /** More calls than kept since the last re-read list that fitted. */
  get overflowing(): boolean {
    return this.incomplete;
  }

  private overflowed(connId: string, from: 'event' | 'query'): void {
    if (this.incomplete) return;
    this.incomplete = true;
    this.onOverflow({ connId, kept: MAX_CALLS, from });
  }
}

/** Whether a listed call is the one known by that ConnID: the same other party and direction, when both are known. */
function sameCall(known: KnownCall, listed: CallEntry): boolean {
  const party = listed.otherDn || null;
  const direction = directionOf(listed.callType);
  return (known.otherDN === null || party === null || known.otherDN === party) && (known.direction === 'unknown' || direction === 'unknown' || known.direction === direction);
}

const inCall = (state: CallStateName): boolean => state === 'established' || state === 'held';

/**
 * A re-learned call's start on our clock: the server's time of the state (for a call in
 * progress, of when it was established), moved by how far the server's clock is behind
 * ours, never later than now.
 */
function sinceOf(c: CallEntry, serverBehindMs: number, now: number): number {
  const serverSecs = inCall(c.state) && c.establishedSince !== undefined ? c.establishedSince : c.since;
  return Math.min(now, serverSecs * 1000 + serverBehindMs);
}
