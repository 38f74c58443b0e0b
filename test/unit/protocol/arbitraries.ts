// fast-check arbitraries for protocol v1 messages, built from the catalogue.
import fc from 'fast-check';
import { ATTRIBUTES, AttrType, DEFAULT_MAX_DEPTH, MANDATORY, MESSAGES, attributeNameOf, makeMessage } from '../../../app/main/tserver/protocol/index.ts';
import type { AttrValue, AttributeName, KvList, MessageName, TMessage } from '../../../app/main/tserver/protocol/index.ts';

export const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
/** Unicode strings: ASCII, any valid code point (astral included), long enough to leave the short-string fast path. */
export const text = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary', minLength: 60, maxLength: 200 }));
export const bytes = fc.uint8Array({ maxLength: 64 });

/** Key-value lists nested up to `depth` levels (1 = flat). */
export function kvList(depth: number): fc.Arbitrary<KvList> {
  const leaf: fc.Arbitrary<AttrValue> = fc.oneof(int32, text, bytes);
  const value = depth > 1 ? fc.oneof({ weight: 3, arbitrary: leaf }, { weight: 1, arbitrary: kvList(depth - 1) }) : leaf;
  return fc.array(fc.tuple(fc.string({ unit: 'binary', maxLength: 12 }), value), { maxLength: 5 });
}

/** A list nested exactly `depth` levels deep. */
export function nestedList(depth: number): KvList {
  let list: KvList = [['leaf', 1]];
  for (let i = 1; i < depth; i++) list = [['level', list]];
  return list;
}

export function valueOfType(type: number): fc.Arbitrary<AttrValue> {
  switch (type) {
    case AttrType.Int:
      return int32;
    case AttrType.String:
      return text;
    case AttrType.Binary:
      return bytes;
    default:
      return kvList(DEFAULT_MAX_DEPTH);
  }
}

const knownAttributes = Object.fromEntries(
  Object.entries(ATTRIBUTES).map(([name, def]) => [name, valueOfType(def.type)]),
) as Record<AttributeName, fc.Arbitrary<AttrValue>>;

/** `#<tag>` attributes for tags the catalogue does not know, with values of any type. */
export const unknownAttributes = fc.dictionary(
  fc.integer({ min: 0, max: 0xffff }).filter((tag) => attributeNameOf(tag) === undefined).map((tag) => `#${tag}`),
  fc.oneof(int32, text, bytes, kvList(3)),
  { maxKeys: 3 },
);

export const messageName = fc.constantFrom(...(Object.keys(MESSAGES) as MessageName[]));

/** Any catalogue message with its mandatory attributes, random optional ones and unknown tags. */
export const message: fc.Arbitrary<TMessage> = messageName.chain((name) =>
  fc
    .tuple(fc.record(knownAttributes, { requiredKeys: [...(MANDATORY[name] ?? [])] }), unknownAttributes)
    .map(([known, unknown]) => makeMessage(name, { ...known, ...unknown })),
);

/** Splits `data` at the given cut points (any order, duplicates allowed). */
export function splitAt(data: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (data.byteLength + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let prev = 0;
  for (const p of [...points, data.byteLength]) {
    chunks.push(data.subarray(prev, p));
    prev = p;
  }
  return chunks;
}
