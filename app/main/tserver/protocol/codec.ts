// Frame encoder and incremental decoder for protocol v1 (docs/protocol.md).
// Big-endian: u32 length · u32 messageId · u16 attrCount · attributes.
// Hot paths read and write bytes directly and only build error labels when
// they throw (bench/codec.ts, docs/PERFORMANCE.md measured why).
import { isUtf8 } from 'node:buffer';
import { ATTRIBUTES, AttrType, MANDATORY, MESSAGES, messageNameOf } from './catalogue.ts';
import type { AttributeName, MessageName } from './catalogue.ts';
import { ProtocolError } from './types.ts';
import type { AttrValue, Attributes, KvList, TMessage } from './types.ts';

export const DEFAULT_MAX_FRAME_LENGTH = 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 8;
const HEADER_AFTER_LENGTH = 6; // messageId u32 + attrCount u16
const ATTR_HEADER = 7; // tag u16 + type u8 + length u32
const KV_VALUE_HEADER = 5; // type u8 + length u32
/** Strings up to this many bytes take the ASCII fast path (a JS scan beats isUtf8 + utf8 decode there). */
const SHORT_STRING = 64;

export interface CodecLimits {
  /** Largest value of the length field accepted (bytes after it). */
  maxFrameLength?: number;
  /** Deepest key-value list nesting accepted (1 = a flat list). */
  maxDepth?: number;
}

export function makeMessage(name: MessageName, attributes: Attributes = {}): TMessage {
  return { name, id: MESSAGES[name], attributes };
}

// ---------- catalogue lookups (built once) ----------

const DEF_BY_NAME = new Map<string, { tag: number; type: number }>(Object.entries(ATTRIBUTES));
// Dense arrays indexed by tag (filled, so V8 keeps them in fast mode; tags past the end read undefined).
const TAG_TABLE_SIZE = Math.max(...Object.values(ATTRIBUTES).map((def) => def.tag)) + 1;
const NAME_BY_TAG: Array<string | undefined> = new Array<string | undefined>(TAG_TABLE_SIZE).fill(undefined);
const TYPE_BY_TAG: number[] = new Array<number>(TAG_TABLE_SIZE).fill(0);
for (const [name, def] of Object.entries(ATTRIBUTES)) {
  NAME_BY_TAG[def.tag] = name;
  TYPE_BY_TAG[def.tag] = def.type;
}
const MANDATORY_BY_ID = new Map<number, readonly AttributeName[]>(
  Object.entries(MANDATORY).map(([name, attrs]) => [MESSAGES[name as MessageName], attrs]),
);
/** `#<tag>` in canonical decimal (no leading zeros), so decode gives back the same key. */
const UNKNOWN_TAG_KEY = /^#(0|[1-9]\d{0,4})$/;

// ---------- encoding ----------

function encodeError(message: string): ProtocolError {
  return new ProtocolError('encode', message);
}

/** Wire type of a JS value; throws for values protocol v1 cannot carry. */
function typeOfValue(value: unknown, label: string, key?: string): number {
  if (typeof value === 'number') return AttrType.Int;
  if (typeof value === 'string') return AttrType.String;
  if (Array.isArray(value)) return AttrType.KvList;
  if (value instanceof Uint8Array) return AttrType.Binary;
  // Labels are built only here, on the error path: the hot path allocates no strings.
  throw encodeError(`${where(label, key)}: unsupported value ${value === null ? 'null' : typeof value}`);
}

/** Tag and type of an attribute key, packed as tag * 8 + type to avoid a tuple per attribute. */
function tagAndType(key: string, value: unknown): number {
  const known = DEF_BY_NAME.get(key);
  if (known) {
    const actual = typeOfValue(value, key);
    if (actual !== known.type) throw encodeError(`attribute ${key} expects type ${known.type}, got ${actual}`);
    return known.tag * 8 + known.type;
  }
  const m = UNKNOWN_TAG_KEY.exec(key);
  if (!m) throw encodeError(`unknown attribute name ${JSON.stringify(key)}`);
  const tag = Number(m[1]);
  if (tag > 0xffff) throw encodeError(`attribute tag ${tag} does not fit in u16`);
  const name = tag < TAG_TABLE_SIZE ? NAME_BY_TAG[tag] : undefined;
  if (name !== undefined) throw encodeError(`attribute ${key} is the catalogue attribute ${name}: use its name`);
  return tag * 8 + typeOfValue(value, key);
}

/** UTF-8 byte length; rejects lone surrogates, which would not survive the round trip. */
function utf8Length(s: string, label: string): number {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    if (s.charCodeAt(i) > 0x7f) {
      if (!(s as unknown as { isWellFormed(): boolean }).isWellFormed()) {
        throw encodeError(`${where(label, undefined)}: string contains a lone UTF-16 surrogate`);
      }
      return Buffer.byteLength(s, 'utf8');
    }
  }
  return n;
}

/** Error label of a value: its attribute, plus the key-value entry key when inside a list. */
const where = (attribute: string, key: string | undefined): string =>
  key === undefined ? `attribute ${attribute}` : `attribute ${attribute}[${key}]`;

/** Validates a value and returns its encoded size (without the attribute or entry header). `label` is the attribute key. */
function valueSize(type: number, value: AttrValue, depth: number, maxDepth: number, label: string, key?: string): number {
  switch (type) {
    case AttrType.Int:
      if (!Number.isInteger(value) || (value as number) < -0x80000000 || (value as number) > 0x7fffffff) {
        throw encodeError(`${where(label, key)} is not an int32: ${String(value)}`);
      }
      return 4;
    case AttrType.String:
      return utf8Length(value as string, label);
    case AttrType.Binary:
      return (value as Uint8Array).byteLength;
    default: {
      if (depth > maxDepth) throw encodeError(`${where(label, key)}: key-value lists nested deeper than ${maxDepth}`);
      const list = value as KvList;
      if (list.length > 0xffff) throw encodeError(`${where(label, key)}: key-value list longer than 65535 entries`);
      let size = 2;
      for (let i = 0; i < list.length; i++) {
        const entry = list[i];
        if (!Array.isArray(entry) || typeof entry[0] !== 'string') {
          throw encodeError(`${where(label, key)}: entry ${i} is not a [key, value] pair with a string key`);
        }
        const k = entry[0];
        const keyLen = utf8Length(k, label);
        if (keyLen > 0xffff) throw encodeError(`${where(label, undefined)}: key longer than 65535 bytes`);
        const v = entry[1];
        size += 2 + keyLen + KV_VALUE_HEADER + valueSize(typeOfValue(v, label, k), v, depth + 1, maxDepth, label, k);
      }
      return size;
    }
  }
}

/**
 * Bytes a key-value list takes on the wire as an attribute or entry value (its header
 * not counted), nested at most `maxDepth` deep. Throws ProtocolError('encode') for
 * what encodeMessage would refuse. For bounds on peer-supplied lists (UserData).
 */
export function kvListByteLength(list: KvList, maxDepth = DEFAULT_MAX_DEPTH): number {
  if (!Array.isArray(list)) throw encodeError('key-value list: not an array');
  return valueSize(AttrType.KvList, list, 1, maxDepth, 'key-value list');
}

function writeU32(buf: Buffer, o: number, v: number): void {
  buf[o] = v >>> 24;
  buf[o + 1] = v >>> 16;
  buf[o + 2] = v >>> 8;
  buf[o + 3] = v;
}

function writeU16(buf: Buffer, o: number, v: number): void {
  buf[o] = v >>> 8;
  buf[o + 1] = v;
}

function writeString(buf: Buffer, o: number, s: string): number {
  const n = s.length;
  if (n <= SHORT_STRING) {
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c > 0x7f) break;
      buf[o + i] = c;
    }
    if (i === n) return o + n;
  }
  return o + buf.write(s, o, 'utf8');
}

/** Writes an already validated value; returns the offset after it. */
function writeValue(buf: Buffer, o: number, type: number, value: AttrValue): number {
  switch (type) {
    case AttrType.Int:
      writeU32(buf, o, value as number);
      return o + 4;
    case AttrType.String:
      return writeString(buf, o, value as string);
    case AttrType.Binary:
      buf.set(value as Uint8Array, o);
      return o + (value as Uint8Array).byteLength;
    default: {
      const list = value as KvList;
      writeU16(buf, o, list.length);
      o += 2;
      for (let i = 0; i < list.length; i++) {
        const [key, v] = list[i]!;
        const keyAt = o;
        o = writeString(buf, o + 2, key);
        writeU16(buf, keyAt, o - keyAt - 2);
        const t = typeOfValue(v, 'key-value list', key);
        buf[o] = t;
        const lenAt = o + 1;
        o = writeValue(buf, o + KV_VALUE_HEADER, t, v);
        writeU32(buf, lenAt, o - lenAt - 4);
      }
      return o;
    }
  }
}

/** Encodes one message as a complete frame. Throws ProtocolError('encode') on invalid input. */
export function encodeMessage(message: TMessage, limits: CodecLimits = {}): Buffer {
  const id = message.id;
  if (!Number.isInteger(id) || id < 0 || id > 0xffffffff) throw encodeError(`message id ${String(id)} is not a u32`);
  const attributes = message.attributes as Record<string, AttrValue | undefined>;
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  const keys = Object.keys(attributes);
  let count = 0;
  let size = HEADER_AFTER_LENGTH;
  for (const key of keys) {
    const value = attributes[key];
    if (value === undefined) continue;
    const type = tagAndType(key, value) & 7;
    size += ATTR_HEADER + valueSize(type, value, 1, maxDepth, key);
    count++;
  }
  if (count > 0xffff) throw encodeError('more than 65535 attributes');
  const max = limits.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH;
  if (size > max) throw encodeError(`frame of ${size} bytes exceeds the ${max}-byte limit`);
  const buf = Buffer.allocUnsafe(4 + size);
  writeU32(buf, 0, size);
  writeU32(buf, 4, id);
  writeU16(buf, 8, count);
  let o = 10;
  for (const key of keys) {
    const value = attributes[key];
    if (value === undefined) continue;
    const tagType = tagAndType(key, value);
    const type = tagType & 7;
    writeU16(buf, o, tagType >>> 3);
    buf[o + 2] = type;
    const lenAt = o + 3;
    o = writeValue(buf, o + ATTR_HEADER, type, value);
    writeU32(buf, lenAt, o - lenAt - 4);
  }
  return buf;
}

// ---------- decoding ----------

const u16 = (b: Buffer, o: number): number => (b[o]! << 8) | b[o + 1]!;
const u32 = (b: Buffer, o: number): number => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
const i32 = (b: Buffer, o: number): number => (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!;

function readString(b: Buffer, start: number, end: number, label: string): string {
  if (end - start <= SHORT_STRING) {
    let i = start;
    while (i < end && b[i]! < 0x80) i++;
    if (i === end) return b.toString('latin1', start, end); // pure ASCII: latin1 = UTF-8
  }
  const bytes = b.subarray(start, end);
  if (!isUtf8(bytes)) throw new ProtocolError('bad-utf8', `${label} is not valid UTF-8`);
  return bytes.toString('utf8');
}

/** Decodes the value occupying exactly b[start, end). */
function readValue(b: Buffer, start: number, end: number, type: number, depth: number, maxDepth: number, label: string): AttrValue {
  switch (type) {
    case AttrType.Int:
      if (end - start !== 4) throw new ProtocolError('short-frame', `${label}: int32 with length ${end - start}`);
      return i32(b, start);
    case AttrType.String:
      return readString(b, start, end, label);
    case AttrType.Binary: {
      const copy = new Uint8Array(end - start); // a copy: the frame buffer is reused
      copy.set(b.subarray(start, end));
      return copy;
    }
    case AttrType.KvList:
      return readKvList(b, start, end, depth, maxDepth, label);
    default:
      throw new ProtocolError('unknown-attribute-type', `${label} has unknown type ${type}`);
  }
}

function readKvList(b: Buffer, start: number, end: number, depth: number, maxDepth: number, label: string): KvList {
  if (depth > maxDepth) throw new ProtocolError('too-deep', `${label}: key-value lists nested deeper than ${maxDepth}`);
  if (end - start < 2) throw new ProtocolError('short-frame', `${label}: frame ends inside the key-value count`);
  const count = u16(b, start);
  let p = start + 2;
  const list: KvList = [];
  for (let i = 0; i < count; i++) {
    if (end - p < 2) throw new ProtocolError('short-frame', `${label}: frame ends inside entry ${i} key length`);
    const keyLen = u16(b, p);
    p += 2;
    if (end - p < keyLen + KV_VALUE_HEADER) throw new ProtocolError('short-frame', `${label}: frame ends inside entry ${i} key`);
    const key = readString(b, p, p + keyLen, `${label} key`);
    p += keyLen;
    const t = b[p]!;
    const len = u32(b, p + 1);
    p += KV_VALUE_HEADER;
    if (t < AttrType.Int || t > AttrType.Binary) throw new ProtocolError('unknown-attribute-type', `${label}[${key}] has unknown type ${t}`);
    if (len > end - p) throw new ProtocolError('short-frame', `${label}[${key}] runs past the end of its list`);
    list.push([key, readValue(b, p, p + len, t, depth + 1, maxDepth, label)]);
    p += len;
  }
  if (p !== end) throw new ProtocolError('trailing-bytes', `${label}: ${end - p} bytes after the last entry`);
  return list;
}

/** Decodes the body of one frame (the bytes after the length field). */
export function decodeBody(buf: Buffer, start: number, end: number, maxDepth = DEFAULT_MAX_DEPTH): TMessage {
  if (end - start < HEADER_AFTER_LENGTH) throw new ProtocolError('short-frame', 'frame ends inside header');
  const id = u32(buf, start);
  const count = u16(buf, start + 4);
  let p = start + HEADER_AFTER_LENGTH;
  const attributes: Record<string, AttrValue> = {};
  for (let i = 0; i < count; i++) {
    if (end - p < ATTR_HEADER) throw new ProtocolError('short-frame', `frame ends inside attribute header ${i}`);
    const tag = u16(buf, p);
    const type = buf[p + 2]!;
    const len = u32(buf, p + 3);
    p += ATTR_HEADER;
    const name = tag < TAG_TABLE_SIZE ? NAME_BY_TAG[tag] : undefined;
    const label = name ?? `#${tag}`;
    if (type < AttrType.Int || type > AttrType.Binary) throw new ProtocolError('unknown-attribute-type', `attribute ${label} has unknown type ${type}`);
    if (name !== undefined && TYPE_BY_TAG[tag] !== type) {
      throw new ProtocolError('attribute-type-mismatch', `attribute ${name} must have type ${TYPE_BY_TAG[tag]}, got ${type}`);
    }
    if (len > end - p) throw new ProtocolError('short-frame', `attribute ${label} runs past the end of the frame`);
    // A repeated tag overwrites the earlier value (last one wins).
    attributes[label] = readValue(buf, p, p + len, type, 1, maxDepth, `attribute ${label}`);
    p += len;
  }
  if (p !== end) throw new ProtocolError('trailing-bytes', `${end - p} bytes after the last attribute`);
  const name = messageNameOf(id) ?? (`Unknown${id}` as const);
  const mandatory = MANDATORY_BY_ID.get(id);
  if (mandatory) {
    for (const attr of mandatory) {
      if (attributes[attr] === undefined) {
        const missing = mandatory.filter((a) => attributes[a] === undefined);
        throw new ProtocolError('missing-attribute', `${name} without ${missing.join(', ')}`);
      }
    }
  }
  return { name, id, attributes: attributes as Attributes };
}

export interface DecodeResult {
  messages: TMessage[];
  /** Set once the stream is known to be malformed; the decoder then refuses further input. */
  error: ProtocolError | null;
}

function checkLimit(value: number, min: number, what: string): number {
  if (!Number.isInteger(value) || value < min) throw new RangeError(`${what} must be an integer >= ${min}, got ${value}`);
  return value;
}

/** Bytes a FrameDecoder holds beyond its one frame buffer: the 4-byte length scratch. */
export const DECODER_OVERHEAD_BYTES = 4;

/**
 * Incremental decoder: accepts any TCP chunking and never throws.
 *
 * Memory is bounded whatever the chunking (docs/architecture.md, Bounds): whole
 * frames are decoded straight from the pushed chunk; the bytes of an unfinished
 * frame are copied into ONE buffer, allocated at the frame's size once its length
 * field is known (and checked against maxFrameLength), so the decoder holds at most
 * `4 + maxFrameLength + DECODER_OVERHEAD_BYTES` bytes. It never keeps a pushed
 * chunk: one byte per read costs a copy, not a Buffer object per read.
 */
export class FrameDecoder {
  /** The length field of a frame whose first 1–3 bytes have arrived. */
  private readonly head = Buffer.alloc(4);
  private headFill = 0;
  /** The unfinished frame (length field included), sized from its length field. */
  private partial: Buffer | null = null;
  private partialFill = 0;
  private error: ProtocolError | null = null;
  private readonly maxFrameLength: number;
  private readonly maxDepth: number;

  constructor(limits: CodecLimits = {}) {
    this.maxFrameLength = checkLimit(limits.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH, HEADER_AFTER_LENGTH, 'maxFrameLength');
    this.maxDepth = checkLimit(limits.maxDepth ?? DEFAULT_MAX_DEPTH, 1, 'maxDepth');
  }

  /** Bytes of the unfinished frame received so far. */
  get bufferedBytes(): number {
    return this.partial === null ? this.headFill : this.partialFill;
  }

  /** Bytes allocated for buffering (the frame buffer and the length scratch): the memory bound's measure. */
  get retainedBytes(): number {
    return DECODER_OVERHEAD_BYTES + (this.partial?.byteLength ?? 0);
  }

  push(chunk: Uint8Array): DecodeResult {
    const messages: TMessage[] = [];
    if (this.error) return { messages, error: this.error };
    const n = chunk.byteLength;
    if (n === 0) return { messages, error: null };
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, n);
    try {
      let pos = 0;
      if (this.partial === null && this.headFill > 0) {
        // Finish the length field of the unfinished frame.
        const take = Math.min(4 - this.headFill, n);
        buf.copy(this.head, this.headFill, 0, take);
        this.headFill += take;
        pos = take;
        if (this.headFill < 4) return { messages, error: null };
        this.headFill = 0;
        this.startPartial(this.frameLength(this.head, 0));
        this.head.copy(this.partial!, 0, 0, 4);
        this.partialFill = 4;
      }
      if (this.partial !== null) {
        const frame = this.partial;
        const take = Math.min(frame.byteLength - this.partialFill, n - pos);
        buf.copy(frame, this.partialFill, pos, pos + take);
        this.partialFill += take;
        pos += take;
        if (this.partialFill < frame.byteLength) return { messages, error: null };
        this.partial = null;
        this.partialFill = 0;
        messages.push(decodeBody(frame, 4, frame.byteLength, this.maxDepth));
      }
      // Whole frames straight from the chunk (the common case: no copy at all).
      while (n - pos >= 4) {
        const length = this.frameLength(buf, pos);
        if (n - pos < 4 + length) {
          this.startPartial(length);
          this.partialFill = buf.copy(this.partial!, 0, pos, n);
          return { messages, error: null };
        }
        messages.push(decodeBody(buf, pos + 4, pos + 4 + length, this.maxDepth));
        pos += 4 + length;
      }
      if (pos < n) this.headFill = buf.copy(this.head, 0, pos, n);
      return { messages, error: null };
    } catch (err) {
      this.error = err instanceof ProtocolError ? err : new ProtocolError('short-frame', String(err));
      this.partial = null;
      this.partialFill = 0;
      this.headFill = 0;
      return { messages, error: this.error };
    }
  }

  /** The length field at `o`, checked before anything is allocated for the body. */
  private frameLength(b: Buffer, o: number): number {
    const length = u32(b, o);
    if (length < HEADER_AFTER_LENGTH) throw new ProtocolError('short-frame', `frame length ${length} is below the ${HEADER_AFTER_LENGTH}-byte header`);
    if (length > this.maxFrameLength) throw new ProtocolError('oversize-frame', `frame length ${length} exceeds the ${this.maxFrameLength}-byte limit`);
    return length;
  }

  private startPartial(length: number): void {
    // Not from the shared pool: a small unfinished frame must not pin an 8 KiB slab we do not count.
    this.partial = Buffer.allocUnsafeSlow(4 + length);
    this.partialFill = 0;
  }
}
