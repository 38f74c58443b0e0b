// The codec fuzzer (issue 9): fast-check streams of valid, mutated, truncated and
// random frames, cut into random chunks, against these oracles:
// - the decoder never throws, and gives the same messages and the same error for
//   the stream in one piece and in chunks (chunking never changes the meaning);
// - after an error it stays in that error and yields nothing more;
// - memory per chunk: after every push it holds at most one frame buffer
//   (4 + maxFrameLength) + DECODER_OVERHEAD_BYTES, however the bytes were cut;
// - re-encode: every decoded message encodes again (what we accept we can send),
//   decodes back to itself, and re-encodes to the very bytes it came from unless
//   its frame repeated a tag (last one wins, so those bytes cannot come back).
// Used by `npm run fuzz -- --cases N --seed S` (scripts/fuzz.ts) for long runs and
// by test/unit/protocol/fuzz.test.ts for a short fixed run in CI.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { DECODER_OVERHEAD_BYTES, DEFAULT_MAX_FRAME_LENGTH, FrameDecoder, encodeMessage } from '../../../app/main/tserver/protocol/index.ts';
import type { CodecLimits, DecodeResult, TMessage } from '../../../app/main/tserver/protocol/index.ts';
import { leanMessage as message, splitAt } from './arbitraries.ts';

/** What the fuzzer needs of a decoder (so a test can show it catches a broken one). */
export interface FuzzDecoder {
  push(chunk: Uint8Array): DecodeResult;
  readonly retainedBytes: number;
}

export interface FuzzOptions {
  cases: number;
  seed: number;
  /** fast-check replay path of a reported failure. */
  path?: string;
  makeDecoder?: (limits: CodecLimits) => FuzzDecoder;
  /** Called every `progressEvery` cases. */
  onProgress?: (done: number) => void;
  progressEvery?: number;
}

export interface FuzzReport {
  fuzz: 'codec';
  cases: number;
  seed: number;
  ok: boolean;
  /** The first failing case, shrunk: what broke, the stream (hex), the cuts, the limits, and the replay path. */
  failure: { error: string; stream: string; cuts: number[]; limits: CodecLimits; path: string } | null;
  framesDecoded: number;
  /** Decoded frames whose re-encoding gave back the exact bytes. */
  reencodedExact: number;
  /** Decoded frames with a repeated tag (re-encode checked by value, not bytes). */
  repeatedTag: number;
  /** Streams that ended in each ProtocolError kind. */
  errors: Record<string, number>;
  ms: number;
  node: string;
}

const LIMITS: CodecLimits[] = [{}, { maxFrameLength: 64 }, { maxFrameLength: 4096, maxDepth: 2 }];

/** Encoded past the default depth limit, so the decoder's own limit is what gets tested. */
const frameOf = (m: TMessage): Buffer => encodeMessage(m, { maxDepth: 16 });

/** The frame with its first attribute sent twice (legal: the last one wins). */
function repeatFirstAttribute(frame: Buffer): Buffer {
  const count = frame.readUInt16BE(8);
  if (count === 0) return frame;
  const attr = frame.subarray(10, 10 + 7 + frame.readUInt32BE(13));
  const out = Buffer.concat([frame, attr]);
  out.writeUInt32BE(out.byteLength - 4, 0);
  out.writeUInt16BE(count + 1, 8);
  return out;
}
const withU32 = (b: Uint8Array, at: number, v: number): Uint8Array => {
  const copy = Buffer.from(b);
  if (copy.byteLength >= at + 4) copy.writeUInt32BE(v >>> 0, at);
  return copy;
};

/** One piece of a hostile stream. */
const piece: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: message.map(frameOf) },
  { weight: 1, arbitrary: message.map((m) => repeatFirstAttribute(frameOf(m))) },
  {
    weight: 3,
    arbitrary: fc.tuple(message, fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 })).map(([m, flips]) => {
      const b = Buffer.from(frameOf(m));
      for (const [at, v] of flips) b[at % b.byteLength] = v;
      return b as Uint8Array;
    }),
  },
  { weight: 1, arbitrary: fc.tuple(message, fc.nat()).map(([m, cut]) => { const f = frameOf(m); return f.subarray(0, cut % f.byteLength); }) }, // truncated: what follows is misaligned
  { weight: 1, arbitrary: fc.tuple(message, fc.integer({ min: -12, max: 12 })).map(([m, d]) => { const f = frameOf(m); return withU32(f, 0, f.byteLength - 4 + d); }) },
  { weight: 1, arbitrary: fc.tuple(message, fc.nat({ max: 3 }), fc.nat()).map(([m, n, v]) => withU32(frameOf(m), 10 + 7 * n + 3, v)) }, // an attribute length lies
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 300 }), fc.uint8Array({ maxLength: 120 })).map(([len, body]) => { const b = Buffer.alloc(4 + body.byteLength); b.writeUInt32BE(len); b.set(body, 4); return b as Uint8Array; }) },
);

const input = fc.record({
  pieces: fc.array(piece, { minLength: 1, maxLength: 6 }),
  cuts: fc.array(fc.nat(), { maxLength: 24 }),
  limits: fc.constantFrom(...LIMITS),
});

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

/** Top-level tags of a well-formed frame body repeat (the decoder already accepted it). */
function repeatsTag(frame: Uint8Array, start: number, end: number): boolean {
  const b = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength);
  const count = b.readUInt16BE(start + 4);
  const seen = new Set<number>();
  let p = start + 6;
  for (let i = 0; i < count && p + 7 <= end; i++) {
    const tag = b.readUInt16BE(p);
    if (seen.has(tag)) return true;
    seen.add(tag);
    p += 7 + b.readUInt32BE(p + 3);
  }
  return false;
}

function fail(what: string): never {
  throw new Error(what);
}

export function fuzzCodec(options: FuzzOptions): FuzzReport {
  const makeDecoder = options.makeDecoder ?? ((limits: CodecLimits) => new FrameDecoder(limits));
  const stats = { framesDecoded: 0, reencodedExact: 0, repeatedTag: 0, errors: {} as Record<string, number> };
  let done = 0;
  const every = options.progressEvery ?? 100_000;
  const started = performance.now();

  const property = fc.property(input, ({ pieces, cuts, limits }) => {
    const stream = Buffer.concat(pieces);
    const bound = 4 + (limits.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH) + DECODER_OVERHEAD_BYTES;

    const whole = makeDecoder(limits);
    const once = whole.push(stream);
    if (whole.retainedBytes > bound) fail(`one push: decoder holds ${whole.retainedBytes} bytes > bound ${bound}`);

    const chunked = makeDecoder(limits);
    const messages: TMessage[] = [];
    let error: DecodeResult['error'] = null;
    for (const chunk of splitAt(stream, cuts)) {
      const r = chunked.push(chunk);
      if (error && (r.messages.length > 0 || r.error !== error)) fail('after an error the decoder yielded more, or another error');
      messages.push(...r.messages);
      error = r.error;
      if (chunked.retainedBytes > bound) fail(`chunked: decoder holds ${chunked.retainedBytes} bytes > bound ${bound}`);
    }
    if (!isDeepStrictEqual(messages, once.messages)) fail(`chunking changed the messages: ${messages.length} vs ${once.messages.length} in one piece`);
    if ((error?.kind ?? null) !== (once.error?.kind ?? null) || (error?.message ?? null) !== (once.error?.message ?? null)) {
      fail(`chunking changed the error: ${String(error?.message)} vs ${String(once.error?.message)} in one piece`);
    }
    if (once.error) stats.errors[once.error.kind] = (stats.errors[once.error.kind] ?? 0) + 1;

    // Re-encode oracle, frame by frame: decoded frames are the stream's first frames, back to back.
    let at = 0;
    for (const m of once.messages) {
      const end = at + 4 + stream.readUInt32BE(at);
      let again: Uint8Array;
      try {
        again = encodeMessage(m, limits);
      } catch (err) {
        fail(`decoded ${m.name} does not encode again: ${(err as Error).message}`);
      }
      const back = makeDecoder(limits).push(again);
      if (back.error || back.messages.length !== 1 || !isDeepStrictEqual(back.messages[0], m)) {
        fail(`re-encoded ${m.name} does not decode to itself (${back.error?.message ?? `${back.messages.length} messages`})`);
      }
      if (repeatsTag(stream, at + 4, end)) stats.repeatedTag++;
      else if (Buffer.compare(Buffer.from(again), stream.subarray(at, end)) !== 0) fail(`re-encoded ${m.name} differs from its source bytes`);
      else stats.reencodedExact++;
      stats.framesDecoded++;
      at = end;
    }
    done++;
    if (options.onProgress && done % every === 0) options.onProgress(done);
  });

  const result = fc.check(property, { numRuns: options.cases, seed: options.seed, ...(options.path ? { path: options.path } : {}) });
  let failure: FuzzReport['failure'] = null;
  if (result.failed) {
    const [value] = (result.counterexample ?? [{ pieces: [], cuts: [], limits: {} }]) as [{ pieces: Uint8Array[]; cuts: number[]; limits: CodecLimits }];
    failure = {
      error: result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance),
      stream: hex(Buffer.concat(value.pieces)),
      cuts: value.cuts,
      limits: value.limits,
      path: result.counterexamplePath ?? '',
    };
  }
  return {
    fuzz: 'codec',
    cases: result.numRuns,
    seed: options.seed,
    ok: !result.failed,
    failure,
    ...stats,
    ms: Math.round(performance.now() - started),
    node: process.version,
  };
}
