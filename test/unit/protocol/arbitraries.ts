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

// ---------- lean variants, for the fuzzer's million cases ----------

/** Short strings (ASCII and any code point): cheap to make, still crossing the UTF-8 paths. */
const leanText = fc.oneof(fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 6 }));
const leanLeaf: fc.Arbitrary<AttrValue> = fc.oneof(int32, leanText, fc.uint8Array({ maxLength: 8 }));
const leanList = (depth: number): fc.Arbitrary<KvList> =>
  fc.array(fc.tuple(fc.string({ maxLength: 6 }), depth > 1 ? fc.oneof({ weight: 3, arbitrary: leanLeaf }, { weight: 1, arbitrary: leanList(depth - 1) }) : leanLeaf), { maxLength: 3 });

function leanValueOfType(type: number): fc.Arbitrary<AttrValue> {
  switch (type) {
    case AttrType.Int:
      return int32;
    case AttrType.String:
      return leanText;
    case AttrType.Binary:
      return fc.uint8Array({ maxLength: 8 });
    default:
      // Now and then a list nested past the default depth limit (and past a small configured one).
      return fc.oneof({ weight: 6, arbitrary: leanList(3) }, { weight: 1, arbitrary: fc.integer({ min: 2, max: DEFAULT_MAX_DEPTH + 2 }).map(nestedList) });
  }
}

const leanKnown = Object.fromEntries(Object.entries(ATTRIBUTES).map(([name, def]) => [name, leanValueOfType(def.type)])) as Record<AttributeName, fc.Arbitrary<AttrValue>>;
const attributeNames = Object.keys(ATTRIBUTES) as AttributeName[];

/** A catalogue message with its mandatory attributes and up to 3 others (now and then an unknown tag). */
export const leanMessage: fc.Arbitrary<TMessage> = messageName.chain((name) => {
  const mandatory = MANDATORY[name] ?? [];
  return fc
    .tuple(
      fc.tuple(...mandatory.map((a) => leanKnown[a])),
      fc.uniqueArray(fc.constantFrom(...attributeNames), { maxLength: 3 }).chain((names) => fc.tuple(...names.map((a) => leanKnown[a].map((v) => [a, v] as const)))),
      fc.option(fc.tuple(fc.integer({ min: 1100, max: 0xffff }).map((tag) => `#${tag}` as const), leanLeaf), { freq: 5 }),
    )
    .map(([values, optional, unknown]) => {
      const attributes: Record<string, AttrValue> = {};
      for (const [a, v] of optional) attributes[a] = v;
      mandatory.forEach((a, i) => (attributes[a] = values[i]!));
      if (unknown) attributes[unknown[0]] = unknown[1];
      return makeMessage(name, attributes);
    });
});
