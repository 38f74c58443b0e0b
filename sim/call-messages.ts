// Calls on the wire (docs/protocol.md "Calls"): the call events a T-Server sends
// for a DN, and the `Calls` attribute of EventAddressInfo.
import { makeMessage, writeCalls } from '../app/main/tserver/protocol/index.ts';
import type { Attributes, KvList, MessageName, TMessage } from '../app/main/tserver/protocol/index.ts';
import type { CallEvent, CallEventKind, CallView } from './calls.ts';

const EVENT_NAMES: Record<CallEventKind, MessageName> = {
  ringing: 'EventRinging',
  dialing: 'EventDialing',
  established: 'EventEstablished',
  released: 'EventReleased',
  held: 'EventHeld',
  retrieved: 'EventRetrieved',
};

const seconds = (ms: number): number => Math.floor(ms / 1000);

/** The event for `event.dn`; `referenceId` on the requester's copy only. */
export function callEventMessage(event: CallEvent, referenceId: number | undefined): TMessage {
  const c = event.call;
  const attrs: Attributes = {
    ThisDN: event.dn,
    ConnID: c.connId,
    OtherDN: c.otherDn,
    CallType: c.callType,
    ANI: c.ani ?? undefined,
    DNIS: c.dnis ?? undefined,
    UserData: c.userData ?? undefined,
    ReferenceID: referenceId,
    TimeinSecs: seconds(event.t),
    TimeinuSecs: Math.floor(event.t % 1000) * 1000,
  };
  return makeMessage(EVENT_NAMES[event.kind], attrs);
}

/** The `Calls` attribute: one `Call` entry per call the DN is on, oldest first (an empty list: no call). */
export function callsAttribute(calls: readonly CallView[]): KvList {
  return writeCalls(
    calls.map((c) => ({
      connId: c.connId,
      state: c.state,
      callType: c.callType,
      otherDn: c.otherDn,
      ani: c.ani ?? undefined,
      dnis: c.dnis ?? undefined,
      since: seconds(c.since),
      establishedSince: c.establishedSince === null ? undefined : seconds(c.establishedSince),
      userData: c.userData ?? undefined,
    })),
  );
}
