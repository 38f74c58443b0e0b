// The codec fuzzer's short CI run (issue 9): a fixed seed and case count, so a
// failure here reproduces with `npm run fuzz -- --cases 3000 --seed 20261124`.
// Long runs: docs/PERFORMANCE.md (Codec fuzzing). The mutants below show each
// oracle can fail: a fuzzer that passes everything would prove nothing.
import { describe, expect, it } from 'vitest';
import { FrameDecoder } from '../../../app/main/tserver/protocol/index.ts';
import type { CodecLimits, DecodeResult } from '../../../app/main/tserver/protocol/index.ts';
import { fuzzCodec } from './codec-fuzz.ts';
import type { FuzzDecoder } from './codec-fuzz.ts';

const SEED = 20261124;

describe('codec fuzzer, short run', () => {
  it('3000 cases: no failure, and the streams reach every corner (decoded, re-encoded exactly, repeated tags, error kinds)', () => {
    const report = fuzzCodec({ cases: 3000, seed: SEED });
    expect(report.failure).toBeNull();
    expect(report).toMatchObject({ ok: true, cases: 3000, seed: SEED });
    expect(report.framesDecoded).toBeGreaterThan(1000);
    expect(report.reencodedExact).toBeGreaterThan(500);
    expect(report.repeatedTag).toBeGreaterThan(50);
    expect(Object.keys(report.errors).sort()).toEqual(
      ['attribute-type-mismatch', 'bad-utf8', 'missing-attribute', 'oversize-frame', 'short-frame', 'too-deep', 'trailing-bytes', 'unknown-attribute-type'].sort(),
    );
  }, 30_000); // ~1 s on an idle machine; a fixed case count, so only the time varies with load
});

/** A decoder that wraps the real one and breaks it in one way. */
function mutant(push: (real: FrameDecoder, chunk: Uint8Array) => DecodeResult, retained?: (real: FrameDecoder) => number) {
  return (limits: CodecLimits): FuzzDecoder => {
    const real = new FrameDecoder(limits);
    return {
      push: (chunk) => push(real, chunk),
      get retainedBytes() {
        return retained ? retained(real) : real.retainedBytes;
      },
    };
  };
}

describe('codec fuzzer catches a broken decoder', () => {
  it('one that loses a byte when a read splits a frame (chunking changes the meaning)', () => {
    const report = fuzzCodec({ cases: 500, seed: SEED, makeDecoder: mutant((real, chunk) => real.push(real.bufferedBytes > 0 && chunk.byteLength > 1 ? chunk.subarray(1) : chunk)) });
    expect(report.ok).toBe(false);
    expect(report.failure?.error).toMatch(/chunking changed/);
    expect(report.failure?.stream).toMatch(/^[0-9a-f]+$/);
  });

  it('one that keeps an object per read (the memory-per-chunk bound)', () => {
    let reads = 0;
    const report = fuzzCodec({
      cases: 500,
      seed: SEED,
      makeDecoder: mutant(
        (real, chunk) => {
          reads = real.bufferedBytes > 0 ? reads + 1 : 0;
          return real.push(chunk);
        },
        (real) => real.retainedBytes + 96 * reads, // ~ a Buffer object per chunk held
      ),
    });
    expect(report.ok).toBe(false);
    expect(report.failure?.error).toMatch(/decoder holds \d+ bytes > bound/);
  });

  it('one that alters what it decodes (the re-encode oracle)', () => {
    const report = fuzzCodec({
      cases: 500,
      seed: SEED,
      makeDecoder: mutant((real, chunk) => {
        const r = real.push(chunk);
        for (const m of r.messages) if (typeof m.attributes.ThisDN === 'string') m.attributes.ThisDN = m.attributes.ThisDN.trim() + ' ';
        return r;
      }),
    });
    expect(report.ok).toBe(false);
    expect(report.failure?.error).toMatch(/re-encoded .* (differs from its source bytes|does not decode to itself)/);
  });
});
