// The session's picture of the DN's calls, fed by a hostile server: a ConnID no call
// request could name is never shown (the agent could not act on it), whatever its source.
import { describe, expect, it } from 'vitest';
import { CallKeeper } from '../../../app/main/tserver/session/call-keeper.ts';
import { CallType, writeCalls } from '../../../app/main/tserver/protocol/index.ts';
import type { TMessage } from '../../../app/main/tserver/protocol/index.ts';

const ringing = (connId: string): TMessage => ({ name: 'EventRinging', attributes: { ThisDN: '5001', ConnID: connId, OtherDN: '+15551234567', CallType: CallType.Inbound } }) as unknown as TMessage;

describe('CallKeeper', () => {
  it('keeps a call with a usable ConnID, drops one with spaces, controls, or 65 characters', () => {
    const k = new CallKeeper('5001');
    expect(k.noteEvent(ringing('00a1b2c3d4e5f601'), 1)).toBe(true);
    for (const bad of ['00a1 b2', 'x\u202e1', 'a'.repeat(65), '']) expect(k.noteEvent(ringing(bad), 1)).toBe(false);
    expect(k.view(true, true).calls.map((c) => c.connId)).toEqual(['00a1b2c3d4e5f601']);
  });

  it("a QueryAddress answer's unusable ConnIDs are left out of the re-learned calls", () => {
    const k = new CallKeeper('5001');
    const entry = (connId: string) => ({ connId, state: 'ringing' as const, callType: CallType.Inbound, otherDn: '+15551234567', since: 1 });
    const reply = { name: 'EventAddressInfo', attributes: { ThisDN: '5001', Calls: writeCalls([entry('c1'), entry('bad id'), entry('c2')]) } } as unknown as TMessage;
    expect(k.relearn(reply, 2)).not.toBeNull();
    expect(k.view(true, true).calls.map((c) => c.connId)).toEqual(['c1', 'c2']);
  });
});
