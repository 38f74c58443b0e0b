// Hand-built frames for malformed-input tests: every length can be made to lie.
export const u8 = (v: number): Buffer => Buffer.from([v]);
export const u16 = (v: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v);
  return b;
};
export const u32 = (v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v);
  return b;
};
export const i32 = (v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
};

/** One attribute: u16 tag · u8 type · u32 length · value (length defaults to the value's). */
export const attr = (tag: number, type: number, value: Buffer, length = value.byteLength): Buffer =>
  Buffer.concat([u16(tag), u8(type), u32(length), value]);

/** One key-value entry: u16 keyLength · key · u8 type · u32 length · value. */
export const entry = (key: Buffer | string, type: number, value: Buffer, length = value.byteLength): Buffer => {
  const k = typeof key === 'string' ? Buffer.from(key) : key;
  return Buffer.concat([u16(k.byteLength), k, u8(type), u32(length), value]);
};

export const kv = (entries: Buffer[], count = entries.length): Buffer => Buffer.concat([u16(count), ...entries]);

/** A whole frame; `count` and `length` default to the truth. */
export function frame(id: number, attrs: Buffer[], opts: { count?: number; length?: number; trailing?: Buffer } = {}): Buffer {
  const body = Buffer.concat([u32(id), u16(opts.count ?? attrs.length), ...attrs, opts.trailing ?? Buffer.alloc(0)]);
  return Buffer.concat([u32(opts.length ?? body.byteLength), body]);
}
