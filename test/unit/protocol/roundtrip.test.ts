import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_DEPTH, FrameDecoder, decodeBody, encodeMessage, makeMessage, messageNameOf } from '../../../app/main/tserver/protocol/index.ts';
import type { TMessage } from '../../../app/main/tserver/protocol/index.ts';
import { message, nestedList, unknownAttributes } from './arbitraries.ts';

function decodeOne(frame: Buffer): TMessage {
  const { messages, error } = new FrameDecoder().push(frame);
  expect(error).toBeNull();
  expect(messages).toHaveLength(1);
  return messages[0]!;
}

describe('encode → decode round trip', () => {
  it('gives back any catalogue message: known and #tag attributes, nested lists, binary, unicode', () => {
    fc.assert(
      fc.property(message, (m) => {
        const frame = encodeMessage(m);
        expect(frame.readUInt32BE(0)).toBe(frame.byteLength - 4);
        expect(decodeOne(frame)).toEqual(m);
        expect(decodeBody(frame, 4, frame.byteLength)).toEqual(m);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps message ids the catalogue does not know as Unknown<id>', () => {
    const unknownId = fc.integer({ min: 0, max: 0xffffffff }).filter((id) => messageNameOf(id) === undefined);
    fc.assert(
      fc.property(unknownId, unknownAttributes, (id, attributes) => {
        const m: TMessage = { name: `Unknown${id}`, id, attributes };
        expect(decodeOne(encodeMessage(m))).toEqual(m);
      }),
    );
  });

  it('carries astral characters and multi-byte keys exactly', () => {
    const m = makeMessage('EventAgentNotReady', {
      ThisDN: '5001',
      ErrorMessage: 'naïve 🎧 ☎ 𝄞',
      Reasons: [['Raison 😀', 'déjeuner 🍽'], ['ReasonCode', 'Lunch']],
    });
    expect(decodeOne(encodeMessage(m))).toEqual(m);
  });

  it('round-trips key-value lists nested exactly to the depth limit, and to a configured one', () => {
    const deepest = makeMessage('EventRegistered', { ThisDN: '5001', Extensions: nestedList(DEFAULT_MAX_DEPTH) });
    expect(decodeOne(encodeMessage(deepest))).toEqual(deepest);
    const deeper = makeMessage('EventRegistered', { ThisDN: '5001', Extensions: nestedList(12) });
    const frame = encodeMessage(deeper, { maxDepth: 12 });
    expect(new FrameDecoder({ maxDepth: 12 }).push(frame).messages).toEqual([deeper]);
  });

  it('skips attributes whose value is undefined', () => {
    const m = makeMessage('RequestQueryServer', { ReferenceID: 3, ErrorMessage: undefined });
    expect(decodeOne(encodeMessage(m)).attributes).toEqual({ ReferenceID: 3 });
  });

  it('hands back binary values as copies, not views of the frame buffer', () => {
    const frame = encodeMessage(makeMessage('EventServerInfo', { '#2000': new Uint8Array([1, 2, 3]) }));
    const value = decodeOne(frame).attributes['#2000'] as Uint8Array;
    frame.fill(0);
    expect([...value]).toEqual([1, 2, 3]);
  });
});
