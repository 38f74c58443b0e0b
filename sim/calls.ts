// Calls on the simulated switch (docs/simulator.md "Calls"). A call lives on the
// PBX, not on a T-Server: a server crash or a CTI link loss never touches it; the
// servers only relay what the switch says about it (and a server whose link is
// down relays nothing). Two parties per call: the caller first, then the called
// party; either may be a DN on the switch or a number outside it.
import { CallType, DEFAULT_MAX_DEPTH, ErrorCodes, PartyState, ProtocolError, kvListByteLength } from '../app/main/tserver/protocol/index.ts';
import type { KvList, PartyStateName } from '../app/main/tserver/protocol/index.ts';
import { SimInputError } from './types.ts';
import type { SimCallState } from './types.ts';
import type { ChangeOrigin, SwitchError } from './switch.ts';

/** What one call event says to the DN it is about; one per DN party that changed. */
export type CallEventKind = 'ringing' | 'dialing' | 'established' | 'released' | 'held' | 'retrieved';

/** A call as one DN on it sees it (EventRinging…EventRetrieved, the `Calls` entries). */
export interface CallView {
  connId: string;
  /** Not meaningful on a 'released' event (the state before the release). */
  state: PartyStateName;
  callType: number;
  otherDn: string;
  ani: string | null;
  dnis: string | null;
  /** When this DN's party entered its state, ms since the epoch. */
  since: number;
  /** When this DN's party was first connected, ms since the epoch; null before. */
  establishedSince: number | null;
  userData: KvList | null;
}

export interface CallEvent {
  type: 'call';
  kind: CallEventKind;
  dn: string;
  call: CallView;
  origin: ChangeOrigin | null;
  /** When it happened, ms since the epoch. */
  t: number;
}

export type HandsetAction = 'answer' | 'release' | 'hold' | 'retrieve';

export interface CallsOptions {
  isDn(address: string): boolean;
  maxCallsPerDn: number;
  now(): number;
  emit(event: CallEvent): void;
  /** A DN's party left a call; `connected` when it had been established (after-call work). */
  left(dn: string, connected: boolean): void;
}

interface Party {
  address: string;
  onSwitch: boolean;
  state: PartyStateName;
  since: number;
  establishedSince: number | null;
}

interface CallRecord {
  connId: string;
  callType: number;
  ani: string | null;
  dnis: string | null;
  userData: KvList | null;
  startedAt: number;
  /** [caller, called]. */
  parties: [Party, Party];
}

/** Bound on one call's UserData, encoded (a peer or the control API supplies it). */
export const MAX_USER_DATA_BYTES = 16 * 1024;
/** UserData travels two lists deep in EventAddressInfo (Calls › Call › UserData): leave it the rest. */
const USER_DATA_MAX_DEPTH = DEFAULT_MAX_DEPTH - 2;
/** What the switch dials outside itself: digits, * and #, an optional leading +. */
const DIALABLE = /^\+?[0-9*#]{1,32}$/;

const TYPE_NAMES: Record<number, SimCallState['type']> = { [CallType.Internal]: 'internal', [CallType.Inbound]: 'inbound', [CallType.Outbound]: 'outbound' };

/** null when the list is within bounds, else why not. */
export function userDataProblem(list: KvList): string | null {
  try {
    const bytes = kvListByteLength(list, USER_DATA_MAX_DEPTH);
    return bytes > MAX_USER_DATA_BYTES ? `UserData of ${bytes} bytes is over the ${MAX_USER_DATA_BYTES}-byte bound` : null;
  } catch (err) {
    return err instanceof ProtocolError ? `UserData: ${err.message}` : String(err);
  }
}

export const isDialable = (number: string): boolean => DIALABLE.test(number);

/** Control API UserData (a flat JSON object) as the key-value list the call carries. */
export function kvListOf(data: Record<string, string | number>): KvList {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new SimInputError('userData must be an object');
  return Object.entries(data).map(([key, value]): [string, string | number] => {
    if (typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= 0x7fffffff)) return [key, value];
    throw new SimInputError(`userData.${key} must be a string or an int32`);
  });
}

export class SimCalls {
  private readonly calls = new Map<string, CallRecord>();
  private counter = 0;

  constructor(private readonly options: CallsOptions) {}

  /** Control API: a call from `from` (outside, or a DN dialling on its handset) rings DN `to`. */
  ring(to: string, from: string, userData: KvList | null): string {
    if (!this.options.isDn(to)) throw new SimInputError(`DN ${to} does not exist`, 404);
    if (from === to) throw new SimInputError('a DN cannot call itself');
    const internal = this.options.isDn(from);
    if (!internal && !isDialable(from)) throw new SimInputError(`from ${JSON.stringify(from)} is neither a DN on the switch nor a dialable number`);
    const problem = userData && userDataProblem(userData);
    if (problem) throw new SimInputError(problem);
    if (internal && this.busy(from)) throw new SimInputError(`DN ${from} has no free line (maxCallsPerDn ${this.options.maxCallsPerDn})`, 409);
    if (this.busy(to)) throw new SimInputError(`DN ${to} has no free line (maxCallsPerDn ${this.options.maxCallsPerDn})`, 409);
    return this.start(from, to, internal ? CallType.Internal : CallType.Inbound, userData, null).connId;
  }

  /** RequestMakeCall from DN `dn` to `other` (a DN: internal; else outbound). */
  makeCall(dn: string, other: string, userData: KvList | null, origin: ChangeOrigin): SwitchError | null {
    if (other === dn) return { code: ErrorCodes.InvalidAttribute, message: `DN ${dn} cannot call itself` };
    const internal = this.options.isDn(other);
    if (!internal && !isDialable(other)) return { code: ErrorCodes.InvalidAttribute, message: `OtherDN ${JSON.stringify(other)} is neither a DN on the switch nor a dialable number` };
    const problem = userData && userDataProblem(userData);
    if (problem) return { code: ErrorCodes.InvalidAttribute, message: problem };
    if (this.busy(dn)) return { code: ErrorCodes.OriginDnBusy, message: `DN ${dn} has no free line` };
    if (internal && this.busy(other)) return { code: ErrorCodes.DestinationBusy, message: `DN ${other} is busy` };
    this.start(dn, other, internal ? CallType.Internal : CallType.Outbound, userData, origin);
    return null;
  }

  answer(dn: string, connId: string, origin: ChangeOrigin | null): SwitchError | null {
    const found = this.party(dn, connId);
    if ('code' in found) return found;
    const { call, party } = found;
    if (party.state === PartyState.Established) return { code: ErrorCodes.InSameState, message: `call ${connId} is already answered on DN ${dn}` };
    if (party.state !== PartyState.Ringing) return { code: ErrorCodes.InvalidCallState, message: `call ${connId} is ${party.state} on DN ${dn}, not ringing` };
    this.connect(call, party, origin);
    return null;
  }

  release(dn: string, connId: string, origin: ChangeOrigin | null): SwitchError | null {
    const found = this.party(dn, connId);
    if ('code' in found) return found;
    this.end(found.call, found.party, origin);
    return null;
  }

  hold(dn: string, connId: string, origin: ChangeOrigin | null): SwitchError | null {
    return this.toggleHold(dn, connId, PartyState.Established, PartyState.Held, 'held', origin);
  }

  retrieve(dn: string, connId: string, origin: ChangeOrigin | null): SwitchError | null {
    return this.toggleHold(dn, connId, PartyState.Held, PartyState.Established, 'retrieved', origin);
  }

  /**
   * Control API: what a phone does by hand (hook-off, hang-up, its hold key) or the
   * far end (answers an outbound call, hangs up). Without `dn`, the one party the
   * action fits. Throws SimInputError: 404 unknown call or party, 409 not possible now.
   */
  handset(connId: string, action: HandsetAction, dn?: string): void {
    const call = this.calls.get(connId);
    if (!call) throw new SimInputError(`no call ${connId}`, 404);
    const fits: Record<HandsetAction, (p: Party) => boolean> = {
      answer: (p) => p.state === PartyState.Ringing,
      release: () => true,
      hold: (p) => p.onSwitch && p.state === PartyState.Established,
      retrieve: (p) => p.onSwitch && p.state === PartyState.Held,
    };
    let party: Party | undefined;
    if (dn !== undefined) {
      party = call.parties.find((p) => p.address === dn);
      if (!party) throw new SimInputError(`${dn} is not on call ${connId}`, 404);
      if (!fits[action](party)) throw new SimInputError(`cannot ${action} call ${connId} at ${dn}: it is ${party.state} there`, 409);
    } else {
      const candidates = call.parties.filter(fits[action]);
      if (candidates.length === 0) throw new SimInputError(`nobody on call ${connId} can ${action} it now`, 409);
      if (candidates.length > 1 && action !== 'release') throw new SimInputError(`both parties of call ${connId} could ${action} it: say which with "dn"`, 409);
      party = candidates[0]!;
    }
    if (action === 'answer') this.connect(call, party, null);
    else if (action === 'release') this.end(call, party, null);
    else this.setState(call, party, action === 'hold' ? PartyState.Held : PartyState.Established, action === 'hold' ? 'held' : 'retrieved', null);
  }

  /** The calls DN `dn` is on, oldest first. */
  callsOf(dn: string): CallView[] {
    const views: CallView[] = [];
    for (const call of this.calls.values()) {
      const party = call.parties.find((p) => p.onSwitch && p.address === dn);
      if (party) views.push(view(call, party));
    }
    return views;
  }

  states(): SimCallState[] {
    return [...this.calls.values()].map((c) => ({
      connId: c.connId,
      type: TYPE_NAMES[c.callType] ?? 'internal',
      ani: c.ani,
      dnis: c.dnis,
      startedAt: c.startedAt,
      userData: c.userData,
      parties: c.parties.map((p) => ({ address: p.address, onSwitch: p.onSwitch, state: p.state, since: p.since })),
    }));
  }

  /** A DN's line count is its calls; bounded by maxCallsPerDn. */
  private busy(dn: string): boolean {
    let n = 0;
    for (const call of this.calls.values()) if (call.parties.some((p) => p.onSwitch && p.address === dn)) n++;
    return n >= this.options.maxCallsPerDn;
  }

  private start(from: string, to: string, callType: number, userData: KvList | null, origin: ChangeOrigin | null): CallRecord {
    const t = this.options.now();
    const party = (address: string, state: PartyStateName): Party => ({ address, onSwitch: this.options.isDn(address), state, since: t, establishedSince: null });
    const call: CallRecord = {
      // 16 hex digits, as T-Library prints a ConnID; unique for the simulator's life.
      connId: (++this.counter).toString(16).padStart(16, '0'),
      callType,
      ani: from,
      dnis: to,
      userData,
      startedAt: t,
      parties: [party(from, PartyState.Dialing), party(to, PartyState.Ringing)],
    };
    this.calls.set(call.connId, call);
    // The caller's EventDialing first: it is the reply to RequestMakeCall.
    this.announce(call, call.parties[0], 'dialing', origin);
    this.announce(call, call.parties[1], 'ringing', null);
    return call;
  }

  /** The ringing party answers: both parties are connected. */
  private connect(call: CallRecord, answering: Party, origin: ChangeOrigin | null): void {
    const t = this.options.now();
    for (const p of [answering, ...call.parties.filter((q) => q !== answering)]) {
      if (p.state !== PartyState.Ringing && p.state !== PartyState.Dialing) continue;
      p.state = PartyState.Established;
      p.since = t;
      p.establishedSince ??= t;
      this.announce(call, p, 'established', p === answering ? origin : null);
    }
  }

  /** Either party hanging up ends a two-party call for both. */
  private end(call: CallRecord, releasing: Party, origin: ChangeOrigin | null): void {
    this.calls.delete(call.connId);
    const order = [releasing, ...call.parties.filter((q) => q !== releasing)];
    for (const p of order) this.announce(call, p, 'released', p === releasing ? origin : null);
    // After the releases: after-call work follows the call's end, it does not interleave with it.
    for (const p of order) if (p.onSwitch) this.options.left(p.address, p.establishedSince !== null);
  }

  private toggleHold(dn: string, connId: string, from: PartyStateName, to: PartyStateName, kind: 'held' | 'retrieved', origin: ChangeOrigin | null): SwitchError | null {
    const found = this.party(dn, connId);
    if ('code' in found) return found;
    const { call, party } = found;
    if (party.state === to) return { code: ErrorCodes.InSameState, message: `call ${connId} is already ${to} on DN ${dn}` };
    if (party.state !== from) return { code: ErrorCodes.InvalidCallState, message: `call ${connId} is ${party.state} on DN ${dn}: cannot ${kind === 'held' ? 'hold' : 'retrieve'} it` };
    this.setState(call, party, to, kind, origin);
    return null;
  }

  private setState(call: CallRecord, party: Party, state: PartyStateName, kind: CallEventKind, origin: ChangeOrigin | null): void {
    party.state = state;
    party.since = this.options.now();
    this.announce(call, party, kind, origin);
  }

  /** The DN's party on a call a request names; 56 for a ConnID the DN is not on (ended, or never). */
  private party(dn: string, connId: string): { call: CallRecord; party: Party } | SwitchError {
    const call = this.calls.get(connId);
    const party = call?.parties.find((p) => p.onSwitch && p.address === dn);
    if (!call || !party) return { code: ErrorCodes.InvalidConnId, message: `DN ${dn} has no call ${connId}` };
    return { call, party };
  }

  private announce(call: CallRecord, party: Party, kind: CallEventKind, origin: ChangeOrigin | null): void {
    if (!party.onSwitch) return;
    this.options.emit({ type: 'call', kind, dn: party.address, call: view(call, party), origin, t: this.options.now() });
  }
}

function view(call: CallRecord, party: Party): CallView {
  const other = call.parties[0] === party ? call.parties[1] : call.parties[0];
  return {
    connId: call.connId,
    state: party.state,
    callType: call.callType,
    otherDn: other.address,
    ani: call.ani,
    dnis: call.dnis,
    since: party.since,
    establishedSince: party.establishedSince,
    userData: call.userData,
  };
}
