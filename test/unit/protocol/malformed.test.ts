import { describe, expect, it } from 'vitest';
import { ATTRIBUTES, AttrType, FrameDecoder, MESSAGES, ProtocolError, encodeMessage, makeMessage } from '../../../app/main/tserver/protocol/index.ts';
import type { ProtocolErrorKind } from '../../../app/main/tserver/protocol/index.ts';
import { attr, entry, frame, i32, kv, u32 } from './raw.ts';

const { Int, String: Str, KvList, Binary } = AttrType;
const tag = (name: keyof typeof ATTRIBUTES): number => ATTRIBUTES[name].tag;
const QUERY_SERVER = MESSAGES.RequestQueryServer;
const REGISTERED = MESSAGES.EventRegistered;
const refId = attr(tag('ReferenceID'), Int, i32(1));
const thisDn = attr(tag('ThisDN'), Str, Buffer.from('5001'));
/** An EventRegistered whose Extensions attribute is the given list body. */
const withList = (list: Buffer): Buffer => frame(REGISTERED, [thisDn, attr(tag('Extensions'), KvList, list)]);

function expectKind(bytes: Buffer, kind: ProtocolErrorKind, limits = {}): ProtocolError {
  const decoder = new FrameDecoder(limits);
  const { error } = decoder.push(bytes);
  expect(error).toBeInstanceOf(ProtocolError);
  expect(error?.kind).toBe(kind);
  return error!;
}

/** Nested lists `depth` deep, built by hand so the encoder's own limit does not interfere. */
function listBomb(depth: number): Buffer {
  let list = kv([entry('leaf', Int, i32(1))]);
  for (let i = 1; i < depth; i++) list = kv([entry('n', KvList, list)]);
  return list;
}

describe('FrameDecoder rejects malformed frames with the right ProtocolError kind', () => {
  it('short-frame: length field below the 6-byte header', () => {
    for (const length of [0, 1, 5]) expectKind(Buffer.concat([u32(length), Buffer.alloc(length)]), 'short-frame');
  });

  it('short-frame: attributes that run past the end of the frame', () => {
    expectKind(frame(QUERY_SERVER, [attr(tag('ReferenceID'), Int, i32(1), 4)], { count: 2 }), 'short-frame'); // count lies
    expectKind(frame(QUERY_SERVER, [attr(tag('ErrorMessage'), Str, Buffer.from('ab'), 100)]), 'short-frame'); // length lies
    expectKind(frame(QUERY_SERVER, [attr(tag('ErrorMessage'), Str, Buffer.from('ab'), 0xffffffff)]), 'short-frame');
    expectKind(frame(QUERY_SERVER, [Buffer.from([0, 2, 1])]), 'short-frame'); // cut inside an attribute header
    expectKind(frame(QUERY_SERVER, [attr(tag('ReferenceID'), Int, Buffer.from([0, 0, 1]))]), 'short-frame'); // int32 of 3 bytes
    expectKind(withList(Buffer.from([0])), 'short-frame'); // list count cut
    expectKind(withList(kv([entry('k', Str, Buffer.from('v'), 9)])), 'short-frame'); // entry runs past its list
    expectKind(withList(kv([entry('k', Str, Buffer.from('v'))], 2)), 'short-frame'); // list count lies
  });

  it('oversize-frame: default 1 MiB limit, checked from the length field alone', () => {
    const max = 1024 * 1024;
    expectKind(u32(max + 1), 'oversize-frame');
    expectKind(u32(0xffffffff), 'oversize-frame');
    const exactly = frame(QUERY_SERVER, [refId, attr(2000, Binary, Buffer.alloc(max - 6 - 7 - 11))]);
    expect(exactly.readUInt32BE(0)).toBe(max);
    expect(new FrameDecoder().push(exactly).messages).toHaveLength(1);
  });

  it('oversize-frame: configurable limit', () => {
    const f = frame(QUERY_SERVER, [refId]); // length 17
    expectKind(f, 'oversize-frame', { maxFrameLength: 16 });
    expect(new FrameDecoder({ maxFrameLength: 17 }).push(f).error).toBeNull();
  });

  it('unknown-attribute-type: in an attribute and in a key-value entry', () => {
    for (const type of [0, 5, 255]) {
      expectKind(frame(QUERY_SERVER, [refId, attr(3000, type, Buffer.alloc(0))]), 'unknown-attribute-type');
      expectKind(withList(kv([entry('k', type, Buffer.alloc(0))])), 'unknown-attribute-type');
    }
  });

  it('attribute-type-mismatch: a known tag with another type', () => {
    expectKind(frame(QUERY_SERVER, [attr(tag('ReferenceID'), Str, Buffer.from('1'))]), 'attribute-type-mismatch');
    expectKind(frame(REGISTERED, [attr(tag('ThisDN'), Int, i32(5001))]), 'attribute-type-mismatch');
    expectKind(frame(REGISTERED, [thisDn, attr(tag('Reasons'), Str, Buffer.from('Lunch'))]), 'attribute-type-mismatch');
  });

  const badUtf8 = {
    'lone continuation byte': [0x80],
    'invalid byte 0xff': [0xff],
    'overlong NUL': [0xc0, 0x80],
    'UTF-8 encoded surrogate': [0xed, 0xa0, 0x80],
    'truncated sequence': [0xe2, 0x82],
    'above U+10FFFF': [0xf4, 0x90, 0x80, 0x80],
  };
  for (const [what, seq] of Object.entries(badUtf8)) {
    it(`bad-utf8: ${what} in a string value and in a key, short and long`, () => {
      for (const pad of [0, 100]) {
        const bytes = Buffer.concat([Buffer.from('a'.repeat(pad)), Buffer.from(seq)]);
        expectKind(frame(REGISTERED, [attr(tag('ThisDN'), Str, bytes)]), 'bad-utf8');
        expectKind(withList(kv([entry(bytes, Str, Buffer.from('v'))])), 'bad-utf8');
        expectKind(withList(kv([entry('k', Str, bytes)])), 'bad-utf8');
      }
    });
  }

  it('too-deep: nesting past maxDepth, including a bomb far past it', () => {
    expect(new FrameDecoder().push(withList(listBomb(8))).error).toBeNull();
    expectKind(withList(listBomb(9)), 'too-deep');
    expectKind(withList(listBomb(1000)), 'too-deep');
    expectKind(withList(listBomb(3)), 'too-deep', { maxDepth: 2 });
  });

  it('trailing-bytes: after the last attribute and after the last key-value entry', () => {
    expectKind(frame(QUERY_SERVER, [refId], { trailing: Buffer.from([0]) }), 'trailing-bytes');
    expectKind(withList(Buffer.concat([kv([entry('k', Int, i32(1))]), Buffer.from([9])])), 'trailing-bytes');
  });

  it('missing-attribute: a message without its mandatory attributes', () => {
    const err = expectKind(frame(MESSAGES.EventLinkConnected, [refId]), 'missing-attribute');
    expect(err.message).toContain('TimeinSecs');
    expectKind(frame(MESSAGES.RequestAgentLogin, [thisDn]), 'missing-attribute');
  });

  it('stays in error after the first malformed frame, and keeps the frames decoded before it', () => {
    const good = encodeMessage(makeMessage('RequestQueryServer', { ReferenceID: 1 }));
    const decoder = new FrameDecoder();
    const first = decoder.push(Buffer.concat([good, u32(3), Buffer.alloc(3)]));
    expect(first.messages).toHaveLength(1);
    expect(first.error?.kind).toBe('short-frame');
    expect(decoder.push(good)).toEqual({ messages: [], error: first.error });
    expect(decoder.bufferedBytes).toBe(0);
  });
});
