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
    expect(k.relearn(reply, 2, {})).not.toBeNull();
    expect(k.view(true, true).calls.map((c) => c.connId)).toEqual(['c1', 'c2']);
  });

  it('time in call runs on through hold and retrieve; a live event is timed on our clock, not the server\'s', () => {
    const k = new CallKeeper('5001');
    const ev = (name: string, secs: number): TMessage => ({ name, attributes: { ThisDN: '5001', ConnID: 'c1', OtherDN: '+15551234567', CallType: CallType.Inbound, TimeinSecs: secs } }) as unknown as TMessage;
    k.noteEvent(ev('EventEstablished', 1), 10_000); // the server's clock says 1 s: ignored
    k.noteEvent(ev('EventHeld', 2), 16_000);
    k.noteEvent(ev('EventRetrieved', 3), 18_000);
    expect(k.view(false, true).calls[0]).toMatchObject({ state: 'established', since: 10_000 });
  });

  it("a re-learned call's start is moved by the server's clock offset and never later than now", () => {
    const k = new CallKeeper('5001');
    const entry = { connId: 'c1', state: 'established' as const, callType: CallType.Inbound, otherDn: '+15551234567', since: 100, establishedSince: 90 };
    const reply = { name: 'EventAddressInfo', attributes: { ThisDN: '5001', Calls: writeCalls([entry]) } } as unknown as TMessage;
    k.relearn(reply, 200_000, {}, 5_000); // the server is 5 s behind
    expect(k.view(true, true).calls[0]!.since).toBe(95_000);
    k.relearn(reply, 50_000, {}, 0); // a server ahead of us: clamped to now
    expect(k.view(true, true).calls[0]!.since).toBe(50_000);
  });

  it('a request pending on a ConnID the switch reused for another party is dropped, not completed there', () => {
    const k = new CallKeeper('5001');
    k.noteEvent(ringing('c1'), 1);
    k.markPending('c1', 'release', 2);
    const other = { connId: 'c1', state: 'ringing' as const, callType: CallType.Inbound, otherDn: '+442079460958', since: 3 };
    const same = { ...other, otherDn: '+15551234567' };
    const reply = (e: typeof other) => ({ name: 'EventAddressInfo', attributes: { ThisDN: '5001', Calls: writeCalls([e]) } }) as unknown as TMessage;
    expect(k.relearn(reply(same), 4, {})?.map((c) => c.connId)).toEqual(['c1']);
    expect(k.relearn(reply(other), 5, {})).toEqual([]);
  });

  it('calls re-learned on one connection are not current on another', () => {
    const k = new CallKeeper('5001');
    const a = {};
    const reply = { name: 'EventAddressInfo', attributes: { ThisDN: '5001', Calls: writeCalls([]) } } as unknown as TMessage;
    k.relearn(reply, 1, a);
    expect([k.isFreshFrom(a), k.isFreshFrom({})]).toEqual([true, false]);
    k.stale();
    expect(k.isFreshFrom(a)).toBe(false);
  });

  describe('more calls than it keeps (16): a flood', () => {
    const id = (n: number) => `f${String(n).padStart(15, '0')}`;
    const listOf = (entries: Array<{ connId: string; state: 'ringing' | 'established' }>) =>
      ({ name: 'EventAddressInfo', attributes: { ThisDN: '5001', Calls: writeCalls(entries.map((e) => ({ ...e, callType: CallType.Inbound, otherDn: '+15551234567', since: 1 }))) } }) as unknown as TMessage;

    it('an event past the bound is not kept, the list says it is incomplete, and that is told once', () => {
      const told: string[] = [];
      const k = new CallKeeper('5001', (w) => told.push(`${w.from}:${w.connId}:${w.kept}`));
      for (let n = 0; n < 40; n++) k.noteEvent(ringing(id(n)), n);
      const v = k.view(true, true);
      expect(v.calls).toHaveLength(16);
      expect(v.incomplete).toBe(true);
      expect(told).toEqual([`event:${id(16)}:16`]);
    });

    it('a re-read list that fits clears it; calls the bound left out of a long list are not "ended unheard"', () => {
      const k = new CallKeeper('5001');
      for (let n = 0; n < 20; n++) k.noteEvent(ringing(id(n)), n);
      // The switch lists 30 calls, the first 16 known: the 14 others exist, only not kept.
      k.relearn(listOf(Array.from({ length: 30 }, (_, n) => ({ connId: id(n), state: 'established' as const }))), 100, {});
      expect(k.view(true, true).ended).toEqual([]);
      expect(k.view(true, true).incomplete).toBe(true);
      // The flood is over: 2 calls left; the other known ones ended unheard, and the list is whole.
      k.relearn(listOf([{ connId: id(0), state: 'established' }, { connId: id(1), state: 'established' }]), 200, {});
      const v = k.view(true, true);
      expect(v.incomplete).toBe(false);
      expect(v.calls.map((c) => c.connId)).toEqual([id(0), id(1)]);
      expect(v.ended.length).toBe(5); // the newest 5 of those that ended
    });

    it('over the bound the calls on screen stay, then a ringing call is kept before the others: the one the agent must answer is on screen', () => {
      const k = new CallKeeper('5001');
      k.noteEvent({ name: 'EventEstablished', attributes: { ThisDN: '5001', ConnID: 'mine000000000001', OtherDN: '5012', CallType: CallType.Internal } } as unknown as TMessage, 1);
      const flood = Array.from({ length: 30 }, (_, n) => ({ connId: id(n), state: 'ringing' as const }));
      k.relearn(listOf([...flood.slice(0, 10), { connId: 'mine000000000001', state: 'established' }, ...flood.slice(10).map((c) => ({ ...c, state: 'established' as const }))]), 100, {});
      const v = k.view(true, true);
      expect(v.calls).toHaveLength(16);
      expect(v.calls[0]!.connId).toBe('mine000000000001');
      expect(v.calls.filter((c) => c.state === 'ringing')).toHaveLength(10);
      expect(v.incomplete).toBe(true);
    });
  });
});
