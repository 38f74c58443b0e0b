// The `Calls` attribute (docs/protocol.md, "The DN's calls"): what a T-Server writes
// reads back the same, through the wire; what a peer gets wrong is refused whole.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CallType, FrameDecoder, PartyState, encodeMessage, makeMessage, readCalls, writeCalls } from '../../../app/main/tserver/protocol/index.ts';
import type { AttrValue, CallEntry, KvList } from '../../../app/main/tserver/protocol/index.ts';
import { int32, kvList, text } from './arbitraries.ts';

const callEntry: fc.Arbitrary<CallEntry> = fc.record(
  {
    connId: fc.string({ minLength: 1, maxLength: 20 }),
    state: fc.constantFrom(...Object.values(PartyState)),
    callType: fc.constantFrom(...Object.values(CallType)),
    otherDn: text,
    ani: text,
    dnis: text,
    since: int32,
    establishedSince: int32,
    userData: kvList(4),
  },
  { requiredKeys: ['connId', 'state', 'callType', 'otherDn', 'since'] },
);

const held: CallEntry = { connId: '0000000000000001', state: 'held', callType: CallType.Inbound, otherDn: '+15551234567', since: 1760000160, establishedSince: 1760000105 };

describe('Calls: write and read', () => {
  it('reads back what it wrote, also after a trip through the codec in EventAddressInfo', () => {
    fc.assert(
      fc.property(fc.uniqueArray(callEntry, { selector: (c) => c.connId, maxLength: 4 }), (calls) => {
        const value = writeCalls(calls);
        expect(readCalls(value)).toEqual({ ok: true, calls });
        const bytes = encodeMessage(makeMessage('EventAddressInfo', { ThisDN: '5001', Calls: value }));
        const [decoded] = new FrameDecoder().push(bytes).messages;
        expect(readCalls(decoded?.attributes.Calls)).toEqual({ ok: true, calls });
      }),
      { numRuns: 200 },
    );
  });

  it('writes the documented layout: `Call` entries, keys in order, unknown values left out', () => {
    expect(writeCalls([held])).toEqual([
      ['Call', [['ConnID', '0000000000000001'], ['State', 'held'], ['CallType', 2], ['OtherDN', '+15551234567'], ['Since', 1760000160], ['EstablishedSince', 1760000105]]],
    ]);
    expect(writeCalls([])).toEqual([]);
  });

  it('ignores keys it does not know (a newer server may say more); the last of a repeated key wins', () => {
    const [[, entry]] = writeCalls([held]) as [[string, KvList]];
    expect(readCalls([['Call', [...entry, ['Colour', 'blue'], ['State', 'established']]]])).toEqual({ ok: true, calls: [{ ...held, state: 'established' }] });
  });
});

describe('Calls from a peer that gets them wrong: refused whole, with the reason', () => {
  const [[, good]] = writeCalls([held]) as [[string, KvList]];
  const without = (key: string): KvList => good.filter(([k]) => k !== key);
  const cases: Array<[string, AttrValue | undefined, RegExp]> = [
    ['absent', undefined, /no Calls attribute/],
    ['not a list', 'calls', /not a key-value list/],
    ['an entry under another key', [['Kall', good]], /entry 1 is not a "Call"/],
    ['an entry that is not a list', [['Call', 'x']], /entry 1 is not a "Call"/],
    ['without ConnID', [['Call', without('ConnID')]], /entry 1 without ConnID/],
    ['without State and Since', [['Call', without('State').filter(([k]) => k !== 'Since')]], /without State, Since/],
    ['an empty ConnID', [['Call', [['ConnID', ''], ...without('ConnID')]]], /empty ConnID/],
    ['a State it does not know', [['Call', [...without('State'), ['State', 'parked']]]], /unknown State "parked"/],
    ['a value of the wrong type', [['Call', [...without('CallType'), ['CallType', '2']]]], /CallType has the wrong type/],
    ['the same call twice', [['Call', good], ['Call', good]], /entry 2: ConnID 0000000000000001 listed twice/],
    ['a bad second entry after a good one', [['Call', good], ['Call', without('OtherDN')]], /entry 2 without OtherDN/],
  ];
  for (const [what, value, reason] of cases) {
    it(what, () => {
      const result = readCalls(value);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(reason);
    });
  }
});
