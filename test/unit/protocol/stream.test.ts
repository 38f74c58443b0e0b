import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FrameDecoder, ProtocolError, encodeMessage } from '../../../app/main/tserver/protocol/index.ts';
import type { TMessage } from '../../../app/main/tserver/protocol/index.ts';
import { message, splitAt } from './arbitraries.ts';

function pushAll(decoder: FrameDecoder, chunks: Uint8Array[]): { messages: TMessage[]; error: ProtocolError | null } {
  const messages: TMessage[] = [];
  let error: ProtocolError | null = null;
  for (const chunk of chunks) {
    const r = decoder.push(chunk);
    messages.push(...r.messages);
    error = r.error;
  }
  return { messages, error };
}

describe('FrameDecoder on arbitrary bytes', () => {
  const limits = [{ maxFrameLength: 64 }, {}];
  for (const limit of limits) {
    const max = limit.maxFrameLength ?? 1024 * 1024;
    it(`never throws and never buffers more than maxFrameLength + 4 (${max})`, () => {
      // Half the chunks start with a plausible small length, so frames get parsed, not just rejected.
      const plausible = fc.tuple(fc.integer({ min: 0, max: 80 }), fc.uint8Array({ maxLength: 90 })).map(([len, rest]) => {
        const b = Buffer.alloc(4 + rest.byteLength);
        b.writeUInt32BE(len);
        b.set(rest, 4);
        return b as Uint8Array;
      });
      fc.assert(
        fc.property(fc.array(fc.oneof(fc.uint8Array({ maxLength: 100 }), plausible), { maxLength: 20 }), (chunks) => {
          const decoder = new FrameDecoder(limit);
          let firstError: ProtocolError | null = null;
          for (const chunk of chunks) {
            const r = decoder.push(chunk);
            expect(decoder.bufferedBytes).toBeLessThanOrEqual(max + 4);
            if (firstError) expect(r).toEqual({ messages: [], error: firstError });
            else if (r.error) {
              expect(r.error).toBeInstanceOf(ProtocolError);
              firstError = r.error;
            }
          }
        }),
        { numRuns: 500 },
      );
    });
  }

  it('never throws on valid frames with random bytes corrupted', () => {
    fc.assert(
      fc.property(message, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), (m, flips) => {
        const frame = Buffer.from(encodeMessage(m));
        for (const [at, value] of flips) frame[at % frame.byteLength] = value;
        const r = new FrameDecoder().push(frame);
        expect(r.error === null || r.error instanceof ProtocolError).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('FrameDecoder on any chunking of a valid stream', () => {
  const stream = fc.array(message, { minLength: 1, maxLength: 6 }).map((ms) => ({ ms, bytes: Buffer.concat(ms.map((m) => encodeMessage(m))) }));

  it('yields the same messages for random splits', () => {
    fc.assert(
      fc.property(stream, fc.array(fc.nat(), { maxLength: 30 }), ({ ms, bytes }, cuts) => {
        expect(pushAll(new FrameDecoder(), splitAt(bytes, cuts))).toEqual({ messages: ms, error: null });
      }),
      { numRuns: 200 },
    );
  });

  it('yields the same messages fed one byte at a time, and all frames in one chunk', () => {
    fc.assert(
      fc.property(stream, ({ ms, bytes }) => {
        const oneByOne = new FrameDecoder();
        const bytewise = [...bytes].map((b) => Uint8Array.of(b));
        expect(pushAll(oneByOne, bytewise)).toEqual({ messages: ms, error: null });
        expect(oneByOne.bufferedBytes).toBe(0);
        expect(new FrameDecoder().push(bytes)).toEqual({ messages: ms, error: null });
      }),
      { numRuns: 50 },
    );
  });

  it('accepts plain Uint8Array views at an offset of a larger buffer', () => {
    const frame = encodeMessage({ name: 'AddpPing', id: 0xfff0, attributes: { ReferenceID: 9 } });
    const backing = new Uint8Array(frame.byteLength + 10);
    backing.set(frame, 5);
    const { messages } = new FrameDecoder().push(backing.subarray(5, 5 + frame.byteLength));
    expect(messages).toEqual([{ name: 'AddpPing', id: 0xfff0, attributes: { ReferenceID: 9 } }]);
  });

  it('keeps only the unfinished frame buffered between pushes', () => {
    const frame = encodeMessage({ name: 'AddpPong', id: 0xfff1, attributes: {} });
    const decoder = new FrameDecoder();
    decoder.push(Buffer.concat([frame, frame.subarray(0, 7)]));
    expect(decoder.bufferedBytes).toBe(7);
    expect(decoder.push(frame.subarray(7)).messages).toHaveLength(1);
    expect(decoder.bufferedBytes).toBe(0);
  });

  it('rejects nonsense limits at construction', () => {
    expect(() => new FrameDecoder({ maxFrameLength: 5 })).toThrow(RangeError);
    expect(() => new FrameDecoder({ maxDepth: 0 })).toThrow(RangeError);
    expect(() => new FrameDecoder({ maxFrameLength: 1.5 })).toThrow(RangeError);
  });
});
