// Frame encoder and incremental decoder for protocol v1 (docs/protocol.md).
// Big-endian: u32 length · u32 messageId · u16 attrCount · attributes.
import { isUtf8 } from 'node:buffer';
import { ATTRIBUTES, AttrType, MANDATORY, MESSAGES, attributeNameOf, messageNameOf } from './catalogue.ts';
import type { AttributeName, MessageName } from './catalogue.ts';
import { ProtocolError } from './types.ts';
import type { AttrValue, Attributes, KvList, TMessage } from './types.ts';

export const DEFAULT_MAX_FRAME_LENGTH = 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 8;
const HEADER_AFTER_LENGTH = 6; // messageId u32 + attrCount u16

export interface CodecLimits {
  /** Largest value of the length field accepted (bytes after it). */
  maxFrameLength?: number;
  /** Deepest key-value list nesting accepted (1 = a flat list). */
  maxDepth?: number;
}

export function makeMessage(name: MessageName, attributes: Attributes = {}): TMessage {
  return { name, id: MESSAGES[name], attributes };
}

// ---------- encoding ----------

function tagAndTypeOf(key: string, value: AttrValue): [tag: number, type: number] {
  const known = ATTRIBUTES[key as AttributeName];
  if (known) return [known.tag, known.type];
  const m = /^#(\d+)$/.exec(key);
  if (!m) throw new ProtocolError('encode', `unknown attribute name ${JSON.stringify(key)}`);
  return [Number(m[1]), typeOfValue(value)];
}

function typeOfValue(value: AttrValue): number {
  if (typeof value === 'number') return AttrType.Int;
  if (typeof value === 'string') return AttrType.String;
  if (Array.isArray(value)) return AttrType.KvList;
  return AttrType.Binary;
}

function valueSize(type: number, value: AttrValue, depth: number): number {
  switch (type) {
    case AttrType.Int:
      return 4;
    case AttrType.String:
      return Buffer.byteLength(value as string, 'utf8');
    case AttrType.Binary:
      return (value as Uint8Array).byteLength;
    default: {
      if (depth > DEFAULT_MAX_DEPTH) throw new ProtocolError('encode', 'key-value list nested too deep');
      let size = 2;
      for (const [key, v] of value as KvList) {
        size += 2 + Buffer.byteLength(key, 'utf8') + 1 + 4 + valueSize(typeOfValue(v), v, depth + 1);
      }
      return size;
    }
  }
}

function checkValue(key: string, type: number, value: AttrValue): void {
  const actual = typeOfValue(value);
  if (actual !== type) throw new ProtocolError('encode', `attribute ${key} expects type ${type}, got ${actual}`);
  if (type === AttrType.Int && (!Number.isInteger(value) || (value as number) < -0x80000000 || (value as number) > 0x7fffffff)) {
    throw new ProtocolError('encode', `attribute ${key} is not an int32: ${String(value)}`);
  }
}

function writeValue(buf: Buffer, offset: number, type: number, value: AttrValue): number {
  switch (type) {
    case AttrType.Int:
      buf.writeInt32BE(value as number, offset);
      return offset + 4;
    case AttrType.String:
      return offset + buf.write(value as string, offset, 'utf8');
    case AttrType.Binary:
      buf.set(value as Uint8Array, offset);
      return offset + (value as Uint8Array).byteLength;
    default: {
      const list = value as KvList;
      if (list.length > 0xffff) throw new ProtocolError('encode', 'key-value list longer than 65535 entries');
      buf.writeUInt16BE(list.length, offset);
      offset += 2;
      for (const [key, v] of list) {
        const keyLen = Buffer.byteLength(key, 'utf8');
        if (keyLen > 0xffff) throw new ProtocolError('encode', 'key-value key longer than 65535 bytes');
        buf.writeUInt16BE(keyLen, offset);
        offset += 2;
        offset += buf.write(key, offset, 'utf8');
        const t = typeOfValue(v);
        checkValue(key, t, v);
        buf.writeUInt8(t, offset);
        const lenAt = offset + 1;
        offset = writeValue(buf, offset + 5, t, v);
        buf.writeUInt32BE(offset - lenAt - 4, lenAt);
      }
      return offset;
    }
  }
}

/** Encodes one message as a complete frame. Throws ProtocolError('encode') on invalid input. */
export function encodeMessage(message: TMessage, limits: CodecLimits = {}): Buffer {
  const entries = Object.entries(message.attributes) as Array<[string, AttrValue | undefined]>;
  const attrs: Array<[tag: number, type: number, value: AttrValue]> = [];
  let size = HEADER_AFTER_LENGTH;
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    const [tag, type] = tagAndTypeOf(key, value);
    checkValue(key, type, value);
    attrs.push([tag, type, value]);
    size += 2 + 1 + 4 + valueSize(type, value, 1);
  }
  if (attrs.length > 0xffff) throw new ProtocolError('encode', 'more than 65535 attributes');
  const max = limits.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH;
  if (size > max) throw new ProtocolError('encode', `frame of ${size} bytes exceeds the ${max}-byte limit`);
  const buf = Buffer.allocUnsafe(4 + size);
  buf.writeUInt32BE(size, 0);
  buf.writeUInt32BE(message.id >>> 0, 4);
  buf.writeUInt16BE(attrs.length, 8);
  let offset = 10;
  for (const [tag, type, value] of attrs) {
    buf.writeUInt16BE(tag, offset);
    buf.writeUInt8(type, offset + 2);
    const lenAt = offset + 3;
    offset = writeValue(buf, offset + 7, type, value);
    buf.writeUInt32BE(offset - lenAt - 4, lenAt);
  }
  return buf;
}

// ---------- decoding ----------

class Reader {
  constructor(
    readonly buf: Buffer,
    public pos: number,
    readonly end: number,
  ) {}
  need(n: number, what: string): void {
    if (this.pos + n > this.end) throw new ProtocolError('short-frame', `frame ends inside ${what}`);
  }
}

function readString(r: Reader, len: number, what: string): string {
  r.need(len, what);
  const bytes = r.buf.subarray(r.pos, r.pos + len);
  if (!isUtf8(bytes)) throw new ProtocolError('bad-utf8', `${what} is not valid UTF-8`);
  r.pos += len;
  return bytes.toString('utf8');
}

function readValue(r: Reader, type: number, len: number, depth: number, maxDepth: number, what: string): AttrValue {
  r.need(len, what);
  switch (type) {
    case AttrType.Int: {
      if (len !== 4) throw new ProtocolError('short-frame', `${what}: int32 with length ${len}`);
      const value = r.buf.readInt32BE(r.pos);
      r.pos += 4;
      return value;
    }
    case AttrType.String:
      return readString(r, len, what);
    case AttrType.Binary: {
      const value = Uint8Array.prototype.slice.call(r.buf, r.pos, r.pos + len);
      r.pos += len;
      return value;
    }
    case AttrType.KvList: {
      if (depth > maxDepth) throw new ProtocolError('too-deep', `${what}: key-value lists nested deeper than ${maxDepth}`);
      const inner = new Reader(r.buf, r.pos, r.pos + len);
      inner.need(2, `${what} count`);
      const count = r.buf.readUInt16BE(inner.pos);
      inner.pos += 2;
      const list: KvList = [];
      for (let i = 0; i < count; i++) {
        inner.need(2, `${what} key length`);
        const keyLen = r.buf.readUInt16BE(inner.pos);
        inner.pos += 2;
        const key = readString(inner, keyLen, `${what} key`);
        inner.need(5, `${what}[${key}] header`);
        const t = r.buf.readUInt8(inner.pos);
        const vlen = r.buf.readUInt32BE(inner.pos + 1);
        inner.pos += 5;
        if (t < 1 || t > 4) throw new ProtocolError('unknown-attribute-type', `${what}[${key}] has unknown type ${t}`);
        list.push([key, readValue(inner, t, vlen, depth + 1, maxDepth, `${what}[${key}]`)]);
      }
      if (inner.pos !== inner.end) throw new ProtocolError('trailing-bytes', `${what}: ${inner.end - inner.pos} bytes after the last entry`);
      r.pos += len;
      return list;
    }
    default:
      throw new ProtocolError('unknown-attribute-type', `${what} has unknown type ${type}`);
  }
}

/** Decodes the body of one frame (the bytes after the length field). */
export function decodeBody(buf: Buffer, start: number, end: number, maxDepth = DEFAULT_MAX_DEPTH): TMessage {
  const r = new Reader(buf, start, end);
  r.need(HEADER_AFTER_LENGTH, 'header');
  const id = buf.readUInt32BE(r.pos);
  const count = buf.readUInt16BE(r.pos + 4);
  r.pos += HEADER_AFTER_LENGTH;
  const attributes: Record<string, AttrValue> = {};
  for (let i = 0; i < count; i++) {
    r.need(7, 'attribute header');
    const tag = buf.readUInt16BE(r.pos);
    const type = buf.readUInt8(r.pos + 2);
    const len = buf.readUInt32BE(r.pos + 3);
    r.pos += 7;
    const name = attributeNameOf(tag);
    if (type < 1 || type > 4) throw new ProtocolError('unknown-attribute-type', `attribute ${name ?? tag} has unknown type ${type}`);
    if (name && ATTRIBUTES[name].type !== type) {
      throw new ProtocolError('attribute-type-mismatch', `attribute ${name} must have type ${ATTRIBUTES[name].type}, got ${type}`);
    }
    attributes[name ?? `#${tag}`] = readValue(r, type, len, 1, maxDepth, `attribute ${name ?? tag}`);
  }
  if (r.pos !== end) throw new ProtocolError('trailing-bytes', `${end - r.pos} bytes after the last attribute`);
  const name = messageNameOf(id) ?? (`Unknown${id}` as const);
  const message: TMessage = { name, id, attributes: attributes as Attributes };
  const missing = (MANDATORY[name as MessageName] ?? []).filter((a) => attributes[a] === undefined);
  if (missing.length > 0) throw new ProtocolError('missing-attribute', `${name} without ${missing.join(', ')}`);
  return message;
}

export interface DecodeResult {
  messages: TMessage[];
  /** Set once the stream is known to be malformed; the decoder then refuses further input. */
  error: ProtocolError | null;
}

/**
 * Incremental decoder: accepts any TCP chunking, never throws, and never
 * buffers more than one frame's worth (bounded by maxFrameLength).
 */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private error: ProtocolError | null = null;
  /** Bytes the current partial frame needs; skips re-joining chunks until they are here. */
  private needed = 4;
  private readonly maxFrameLength: number;
  private readonly maxDepth: number;

  constructor(limits: CodecLimits = {}) {
    this.maxFrameLength = limits.maxFrameLength ?? DEFAULT_MAX_FRAME_LENGTH;
    this.maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  }

  get bufferedBytes(): number {
    return this.buffered;
  }

  push(chunk: Uint8Array): DecodeResult {
    const messages: TMessage[] = [];
    if (this.error) return { messages, error: this.error };
    if (chunk.byteLength === 0) return { messages, error: null };
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.buffered += chunk.byteLength;
    if (this.buffered < this.needed) return { messages, error: null };
    try {
      let buf = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.buffered);
      let pos = 0;
      while (this.buffered - pos >= 4) {
        const length = buf.readUInt32BE(pos);
        if (length < HEADER_AFTER_LENGTH) throw new ProtocolError('short-frame', `frame length ${length} is below the ${HEADER_AFTER_LENGTH}-byte header`);
        if (length > this.maxFrameLength) {
          throw new ProtocolError('oversize-frame', `frame length ${length} exceeds the ${this.maxFrameLength}-byte limit`);
        }
        if (this.buffered - pos < 4 + length) {
          this.needed = 4 + length;
          break;
        }
        messages.push(decodeBody(buf, pos + 4, pos + 4 + length, this.maxDepth));
        pos += 4 + length;
      }
      if (this.buffered - pos < 4) this.needed = 4;
      if (pos === this.buffered) {
        this.chunks = [];
        this.buffered = 0;
      } else {
        buf = buf.subarray(pos);
        this.chunks = [buf];
        this.buffered = buf.byteLength;
      }
      return { messages, error: null };
    } catch (err) {
      this.error = err instanceof ProtocolError ? err : new ProtocolError('short-frame', String(err));
      this.chunks = [];
      this.buffered = 0;
      return { messages, error: this.error };
    }
  }
}
