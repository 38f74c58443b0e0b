import { describe, expect, it } from 'vitest';
import { ProtocolError, encodeMessage, makeMessage } from '../../../app/main/tserver/protocol/index.ts';
import type { Attributes, TMessage } from '../../../app/main/tserver/protocol/index.ts';
import { nestedList } from './arbitraries.ts';

function expectEncodeError(message: TMessage, pattern: RegExp, limits = {}): void {
  let caught: unknown;
  try {
    encodeMessage(message, limits);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ProtocolError);
  expect((caught as ProtocolError).kind).toBe('encode');
  expect((caught as ProtocolError).message).toMatch(pattern);
}

const query = (attributes: Record<string, unknown>): TMessage => makeMessage('RequestQueryServer', attributes as Attributes);

describe('encodeMessage rejects what the wire cannot carry', () => {
  it('numbers that are not int32, also inside key-value lists', () => {
    for (const n of [1.5, 2 ** 31, -(2 ** 31) - 1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expectEncodeError(query({ ReferenceID: n }), /not an int32/);
      expectEncodeError(query({ Extensions: [['k', n]] }), /Extensions\[k\] is not an int32/);
    }
    expect(() => encodeMessage(query({ ReferenceID: -(2 ** 31) }))).not.toThrow();
    expect(() => encodeMessage(query({ ReferenceID: 2 ** 31 - 1 }))).not.toThrow();
  });

  it('wrong value types for known tags', () => {
    expectEncodeError(query({ ReferenceID: '1' }), /ReferenceID expects type 1, got 2/);
    expectEncodeError(query({ ThisDN: 5001 }), /ThisDN expects type 2, got 1/);
    expectEncodeError(query({ Extensions: 'x' }), /Extensions expects type 3/);
    expectEncodeError(query({ ErrorMessage: new Uint8Array(1) }), /ErrorMessage expects type 2, got 4/);
  });

  it('values no wire type fits', () => {
    for (const v of [null, true, { a: 1 }, 10n]) expectEncodeError(query({ '#3000': v }), /unsupported value/);
    expectEncodeError(query({ Extensions: [['k', null]] }), /Extensions\[k\]: unsupported value null/);
    expectEncodeError(query({ Extensions: [[1, 'v']] }), /not a \[key, value\] pair/);
    expectEncodeError(query({ Extensions: ['kv'] }), /not a \[key, value\] pair/);
  });

  it('unknown attribute names, non-canonical and out-of-range #tags, #tags of catalogue attributes', () => {
    for (const key of ['Foo', 'referenceid', 'constructor', 'toString', '#', '#abc', '#-1', '#007', '#70000']) {
      expectEncodeError(query({ [key]: 1 }), /unknown attribute name|does not fit/);
    }
    expectEncodeError(query({ '#2': 1 }), /catalogue attribute ReferenceID/);
  });

  it('frames over the limit, default 1 MiB and configured', () => {
    expectEncodeError(query({ '#3000': 'x'.repeat(1024 * 1024) }), /exceeds the 1048576-byte limit/);
    expectEncodeError(query({ ReferenceID: 1 }), /frame of 17 bytes exceeds the 16-byte limit/, { maxFrameLength: 16 });
  });

  it('lone UTF-16 surrogates, which would not survive the round trip', () => {
    expectEncodeError(query({ ErrorMessage: 'a\ud800b' }), /lone UTF-16 surrogate/);
    expectEncodeError(query({ Extensions: [['k\udc00', 'v']] }), /lone UTF-16 surrogate/);
  });

  it('key-value lists nested deeper than maxDepth', () => {
    expectEncodeError(query({ Extensions: nestedList(9) }), /nested deeper than 8/);
    expectEncodeError(query({ Extensions: nestedList(3) }), /nested deeper than 2/, { maxDepth: 2 });
  });

  it('message ids that are not u32', () => {
    for (const id of [-1, 2 ** 32, 1.5]) expectEncodeError({ name: 'Unknown1', id, attributes: {} }, /not a u32/);
  });
});
