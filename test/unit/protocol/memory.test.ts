// The decoder's memory bound (docs/architecture.md, Bounds): at most one frame
// buffer, sized from the length field, whatever the chunking — never a Buffer
// object kept per chunk.
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DECODER_OVERHEAD_BYTES, FrameDecoder, encodeMessage, makeMessage } from '../../../app/main/tserver/protocol/index.ts';
import { message, splitAt } from './arbitraries.ts';

/** A frame header announcing `length` body bytes, then `body` (possibly fewer). */
function announced(length: number, body: Uint8Array = new Uint8Array(0)): Buffer {
  const b = Buffer.alloc(4 + body.byteLength);
  b.writeUInt32BE(length);
  b.set(body, 4);
  return b;
}

describe('FrameDecoder memory per chunk', () => {
  for (const maxFrameLength of [64, 1024 * 1024]) {
    it(`holds at most one frame buffer (4 + ${maxFrameLength}) + ${DECODER_OVERHEAD_BYTES} bytes, for any bytes in any chunking`, () => {
      const bound = 4 + maxFrameLength + DECODER_OVERHEAD_BYTES;
      const piece = fc.oneof(
        message.map((m) => encodeMessage(m) as Uint8Array),
        fc.tuple(fc.integer({ min: 0, max: maxFrameLength + 10 }), fc.uint8Array({ maxLength: 80 })).map(([len, body]) => announced(len, body) as Uint8Array),
        fc.uint8Array({ maxLength: 40 }),
      );
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 40 }), (pieces, cuts) => {
          const decoder = new FrameDecoder({ maxFrameLength });
          for (const chunk of splitAt(Buffer.concat(pieces), cuts)) {
            decoder.push(chunk);
            expect(decoder.retainedBytes).toBeLessThanOrEqual(bound);
            expect(decoder.bufferedBytes).toBeLessThanOrEqual(decoder.retainedBytes);
          }
        }),
        { numRuns: 300 },
      );
    });
  }

  it('mid-frame it holds exactly the frame buffer, however many chunks brought the bytes so far', () => {
    fc.assert(
      fc.property(message, fc.array(fc.nat(), { maxLength: 60 }), (m, cuts) => {
        const frame = encodeMessage(m);
        const decoder = new FrameDecoder();
        let got = 0;
        for (const chunk of splitAt(frame.subarray(0, frame.byteLength - 1), cuts)) {
          got += chunk.byteLength;
          decoder.push(chunk);
          expect(decoder.bufferedBytes).toBe(got);
          // Header not yet whole: only the 4-byte scratch; after it: the frame's own size, once.
          expect(decoder.retainedBytes).toBe(DECODER_OVERHEAD_BYTES + (got < 4 ? 0 : frame.byteLength));
        }
        expect(decoder.push(frame.subarray(frame.byteLength - 1)).messages).toEqual([m]);
        expect(decoder.retainedBytes).toBe(DECODER_OVERHEAD_BYTES);
      }),
      { numRuns: 200 },
    );
  });

  it('an announced frame above the limit is refused before anything is allocated for it', () => {
    const decoder = new FrameDecoder({ maxFrameLength: 1000 });
    expect(decoder.push(announced(1001)).error?.kind).toBe('oversize-frame');
    expect(decoder.retainedBytes).toBe(DECODER_OVERHEAD_BYTES);
  });

  it('a 1 MiB frame fed one byte per read costs about the frame, not an object per read (heap + array buffers)', () => {
    // Coarse, on purpose: the precise bound is retainedBytes above. This checks the
    // process really holds no per-chunk objects (one Buffer per byte was ~150 B each).
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const body = Buffer.alloc(1024 * 1024 - 6 - 7); // header 6 + attribute header 7: exactly the 1 MiB limit
    const frame = encodeMessage(makeMessage('EventServerInfo', { '#2000': body }));
    expect(frame.byteLength).toBe(4 + 1024 * 1024);
    const used = (): number => {
      gc();
      const u = process.memoryUsage();
      return u.heapUsed + u.arrayBuffers;
    };
    const decoder = new FrameDecoder();
    const before = used();
    for (let i = 0; i < frame.byteLength - 1; i++) decoder.push(frame.subarray(i, i + 1)); // a new Buffer object per read, as a socket gives
    const during = used() - before;
    expect(decoder.bufferedBytes).toBe(frame.byteLength - 1);
    expect(during).toBeLessThan(8 * 1024 * 1024);
    expect(decoder.push(frame.subarray(frame.byteLength - 1)).messages).toHaveLength(1);
  });
});
