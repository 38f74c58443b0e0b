// The `Calls` attribute of EventAddressInfo (docs/protocol.md, "The DN's calls"):
// written by a T-Server (the simulator), read by the session when it re-learns a
// DN's calls after a failover. One module for both sides, so the layout has one
// source of truth next to CALL_KEYS.
import { AttrType, CALL_ENTRY_KEY, CALL_KEYS, PartyState } from './catalogue.ts';
import type { PartyStateName } from './catalogue.ts';
import type { AttrValue, KvList } from './types.ts';

/** One call as the DN of an EventAddressInfo sees it. Times in seconds since the Unix epoch. */
export interface CallEntry {
  connId: string;
  state: PartyStateName;
  /** T-Library CallType (CallType in the catalogue). */
  callType: number;
  otherDn: string;
  ani?: string;
  dnis?: string;
  /** When the DN's party entered `state`. */
  since: number;
  /** When the DN's party was first connected; absent before. */
  establishedSince?: number;
  userData?: KvList;
}

export type ReadCallsResult = { ok: true; calls: CallEntry[] } | { ok: false; reason: string };

const STATES: ReadonlySet<string> = new Set(Object.values(PartyState));
const TYPE_OF = (v: AttrValue): number =>
  typeof v === 'number' ? AttrType.Int : typeof v === 'string' ? AttrType.String : Array.isArray(v) ? AttrType.KvList : AttrType.Binary;

/** The `Calls` value for these calls, keys in CALL_KEYS order, unknown values left out. */
export function writeCalls(calls: readonly CallEntry[]): KvList {
  return calls.map((c): [string, KvList] => {
    const entry: KvList = [
      ['ConnID', c.connId],
      ['State', c.state],
      ['CallType', c.callType],
      ['OtherDN', c.otherDn],
    ];
    if (c.ani !== undefined) entry.push(['ANI', c.ani]);
    if (c.dnis !== undefined) entry.push(['DNIS', c.dnis]);
    entry.push(['Since', c.since]);
    if (c.establishedSince !== undefined) entry.push(['EstablishedSince', c.establishedSince]);
    if (c.userData !== undefined) entry.push(['UserData', c.userData]);
    return [CALL_ENTRY_KEY, entry];
  });
}

/**
 * Reads a `Calls` value as a peer sent it. Strict: a malformed entry fails the whole
 * value (`ok: false` with the reason), because a partial list of calls would tell the
 * agent a call has ended when it has not. Unknown keys in an entry are ignored (a
 * newer server may say more); a repeated key keeps its last value, as attributes do.
 * `undefined` (no `Calls` attribute, an older server) is not an error of the value:
 * the caller decides what a missing list means.
 */
export function readCalls(value: AttrValue | undefined): ReadCallsResult {
  if (!Array.isArray(value)) return { ok: false, reason: value === undefined ? 'no Calls attribute' : 'Calls is not a key-value list' };
  const calls: CallEntry[] = [];
  const seen = new Set<string>();
  for (const [i, [key, entryValue]] of value.entries()) {
    if (key !== CALL_ENTRY_KEY || !Array.isArray(entryValue)) return { ok: false, reason: `Calls entry ${i + 1} is not a "${CALL_ENTRY_KEY}" key-value list` };
    const fields = new Map<string, AttrValue>();
    for (const [k, v] of entryValue) {
      const type = (CALL_KEYS as Record<string, number | undefined>)[k];
      if (type === undefined) continue;
      if (TYPE_OF(v) !== type) return { ok: false, reason: `Calls entry ${i + 1}: ${k} has the wrong type` };
      fields.set(k, v);
    }
    const connId = fields.get('ConnID');
    const state = fields.get('State');
    const callType = fields.get('CallType');
    const otherDn = fields.get('OtherDN');
    const since = fields.get('Since');
    const missing = [['ConnID', connId], ['State', state], ['CallType', callType], ['OtherDN', otherDn], ['Since', since]].filter(([, v]) => v === undefined).map(([k]) => k);
    if (missing.length > 0) return { ok: false, reason: `Calls entry ${i + 1} without ${missing.join(', ')}` };
    if (typeof connId !== 'string' || connId === '') return { ok: false, reason: `Calls entry ${i + 1}: empty ConnID` };
    if (seen.has(connId)) return { ok: false, reason: `Calls entry ${i + 1}: ConnID ${connId} listed twice` };
    seen.add(connId);
    if (!STATES.has(state as string)) return { ok: false, reason: `Calls entry ${i + 1}: unknown State ${JSON.stringify(state)}` };
    const call: CallEntry = { connId, state: state as PartyStateName, callType: callType as number, otherDn: otherDn as string, since: since as number };
    const ani = fields.get('ANI');
    const dnis = fields.get('DNIS');
    const establishedSince = fields.get('EstablishedSince');
    const userData = fields.get('UserData');
    if (ani !== undefined) call.ani = ani as string;
    if (dnis !== undefined) call.dnis = dnis as string;
    if (establishedSince !== undefined) call.establishedSince = establishedSince as number;
    if (userData !== undefined) call.userData = userData as KvList;
    calls.push(call);
  }
  return { ok: true, calls };
}
