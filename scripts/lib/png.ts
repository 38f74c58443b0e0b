// The little PNG the icon script needs, with no image library: encode 8-bit
// RGBA, decode the 8-bit RGB/RGBA non-interlaced files that design tools export,
// and an area-averaging resize. A PNG is a signature, IHDR, zlib-compressed
// filtered scanlines and IEND (RFC 2083).
import { deflateSync, inflateSync } from 'node:zlib';

/** Straight (not premultiplied) RGBA, 4 bytes a pixel, rows top to bottom. */
export interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

export function encodePng({ width, height, data }: Rgba): Buffer {
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height); // each row: filter byte 0 (None), then RGBA
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  return Buffer.concat([SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export function decodePng(png: Uint8Array): Rgba {
  const buf = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (!buf.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG file');
  let offset = 8;
  let header: { width: number; height: number; depth: number; colour: number; interlace: number } | null = null;
  const idat: Buffer[] = [];
  while (offset + 8 <= buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('ascii', offset + 4, offset + 8);
    const body = buf.subarray(offset + 8, offset + 8 + length);
    offset += 12 + length;
    if (type === 'IHDR') header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), depth: body[8]!, colour: body[9]!, interlace: body[12]! };
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
  }
  if (!header) throw new Error('PNG has no IHDR');
  const { width, height, depth, colour, interlace } = header;
  const channels = colour === 6 ? 4 : colour === 2 ? 3 : 0;
  if (depth !== 8 || channels === 0 || interlace !== 0) {
    throw new Error(`unsupported PNG (bit depth ${depth}, colour type ${colour}, interlace ${interlace}): export 8-bit RGB or RGBA, not interlaced`);
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length !== (stride + 1) * height) throw new Error('PNG image data has the wrong length');
  const rows = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const out = rows.subarray(y * stride, (y + 1) * stride);
    const prev = y > 0 ? rows.subarray((y - 1) * stride, y * stride) : null;
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? out[i - channels]! : 0;
      const b = prev ? prev[i]! : 0;
      const c = prev && i >= channels ? prev[i - channels]! : 0;
      let predictor: number;
      if (filter === 0) predictor = 0;
      else if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else throw new Error(`PNG row ${y} has unknown filter ${filter}`);
      out[i] = (line[i]! + predictor) & 0xff;
    }
  }
  if (channels === 4) return { width, height, data: new Uint8Array(rows) };
  const data = new Uint8Array(width * height * 4);
  for (let p = 0; p < width * height; p++) {
    data.set(rows.subarray(p * 3, p * 3 + 3), p * 4);
    data[p * 4 + 3] = 0xff;
  }
  return { width, height, data };
}

/**
 * Downscales a square image by area averaging (each target pixel is the mean of
 * the source area it covers), in premultiplied alpha so transparent pixels do
 * not darken the edges. Good for icons, where the source is much larger.
 */
export function resizeSquare(src: Rgba, size: number): Rgba {
  if (src.width !== src.height) throw new Error(`the source image must be square, got ${src.width}×${src.height}`);
  const n = src.width;
  const scale = n / size;
  // Which source pixels cover target pixel t, with what weight (weights of one target sum to 1).
  const spans = Array.from({ length: size }, (_, t) => {
    const start = t * scale;
    const end = (t + 1) * scale;
    const taps: Array<[index: number, weight: number]> = [];
    for (let i = Math.floor(start); i < Math.min(n, Math.ceil(end)); i++) taps.push([i, (Math.min(end, i + 1) - Math.max(start, i)) / scale]);
    return taps;
  });
  // Horizontal pass into premultiplied floats: n rows × size columns.
  const mid = new Float64Array(n * size * 4);
  for (let y = 0; y < n; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (const [i, w] of spans[x]!) {
        const s = (y * n + i) * 4;
        const alpha = (src.data[s + 3]! / 255) * w;
        r += src.data[s]! * alpha;
        g += src.data[s + 1]! * alpha;
        b += src.data[s + 2]! * alpha;
        a += alpha;
      }
      mid.set([r, g, b, a], (y * size + x) * 4);
    }
  }
  const data = new Uint8Array(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (const [i, w] of spans[y]!) {
        const s = (i * size + x) * 4;
        r += mid[s]! * w;
        g += mid[s + 1]! * w;
        b += mid[s + 2]! * w;
        a += mid[s + 3]! * w;
      }
      const o = (y * size + x) * 4;
      if (a > 0) {
        data[o] = Math.round(Math.min(255, r / a));
        data[o + 1] = Math.round(Math.min(255, g / a));
        data[o + 2] = Math.round(Math.min(255, b / a));
      }
      data[o + 3] = Math.round(Math.min(1, a) * 255);
    }
  }
  return { width: size, height: size, data };
}
