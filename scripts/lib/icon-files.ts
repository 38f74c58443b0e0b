// Windows .ico and macOS .icns containers, written by us so electron-builder
// takes them as they are: given a finished icon.ico / icon.icns it only checks
// the size, while from a PNG it would download its "icons" toolset
// (app-builder-lib toolsets/icons.js) — which offline machines cannot.
// The readers exist so a test can check what the writers produced.
import { decodePng, encodePng } from './png.ts';
import type { Rgba } from './png.ts';

// ICO: header, a 16-byte directory entry per image, then the images. Sizes below
// 256 are classic 32-bit DIBs (every Windows and NSIS's makensis read them); the
// 256 px image is PNG-compressed, as Windows Vista and later expect.
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

function dib({ width, height, data }: Rgba): Buffer {
  const header = Buffer.alloc(40);
  header.writeUInt32LE(40, 0); // BITMAPINFOHEADER
  header.writeInt32LE(width, 4);
  header.writeInt32LE(height * 2, 8); // colour rows + AND-mask rows
  header.writeUInt16LE(1, 12); // planes
  header.writeUInt16LE(32, 14); // bits per pixel; BI_RGB, rest zero
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = ((height - 1 - y) * width + x) * 4; // DIB rows run bottom-up
      const o = (y * width + x) * 4;
      pixels[o] = data[s + 2]!; // BGRA
      pixels[o + 1] = data[s + 1]!;
      pixels[o + 2] = data[s]!;
      pixels[o + 3] = data[s + 3]!;
    }
  }
  const maskRow = Math.ceil(width / 32) * 4; // 1 bit a pixel, rows padded to 32 bits; all 0: alpha decides
  return Buffer.concat([header, pixels, Buffer.alloc(maskRow * height)]);
}

export function encodeIco(images: readonly Rgba[]): Buffer {
  const bodies = images.map((img) => (img.width >= 256 ? encodePng(img) : dib(img)));
  const head = Buffer.alloc(6 + 16 * images.length);
  head.writeUInt16LE(1, 2); // type 1 = icon
  head.writeUInt16LE(images.length, 4);
  let offset = head.length;
  images.forEach((img, i) => {
    const e = 6 + 16 * i;
    head[e] = img.width >= 256 ? 0 : img.width; // 0 means 256
    head[e + 1] = img.height >= 256 ? 0 : img.height;
    head.writeUInt16LE(1, e + 4); // planes
    head.writeUInt16LE(32, e + 6); // bits per pixel
    head.writeUInt32LE(bodies[i]!.length, e + 8);
    head.writeUInt32LE(offset, e + 12);
    offset += bodies[i]!.length;
  });
  return Buffer.concat([head, ...bodies]);
}

export function decodeIco(buf: Buffer): Rgba[] {
  if (buf.readUInt16LE(0) !== 0 || buf.readUInt16LE(2) !== 1) throw new Error('not an ICO file');
  const count = buf.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const e = 6 + 16 * i;
    const body = buf.subarray(buf.readUInt32LE(e + 12), buf.readUInt32LE(e + 12) + buf.readUInt32LE(e + 8));
    if (body.subarray(1, 4).toString('ascii') === 'PNG') return decodePng(body);
    const width = body.readInt32LE(4);
    const height = body.readInt32LE(8) / 2;
    if (body.readUInt16LE(14) !== 32) throw new Error(`ICO entry ${i} is not 32-bit`);
    const data = new Uint8Array(width * height * 4);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const s = 40 + ((height - 1 - y) * width + x) * 4;
        const o = (y * width + x) * 4;
        data[o] = body[s + 2]!;
        data[o + 1] = body[s + 1]!;
        data[o + 2] = body[s]!;
        data[o + 3] = body[s + 3]!;
      }
    }
    return { width, height, data };
  });
}

// ICNS: 'icns' + total length, then (OSType, length incl. 8-byte header, PNG) per
// image. These OSTypes hold PNG data (macOS 10.7+); @2x types are the Retina
// variants of the half size.
export const ICNS_TYPES = {
  icp4: 16,
  icp5: 32,
  ic11: 32, // 16@2x
  icp6: 64,
  ic12: 64, // 32@2x
  ic07: 128,
  ic08: 256,
  ic13: 256, // 128@2x
  ic09: 512,
  ic14: 512, // 256@2x
  ic10: 1024, // 512@2x
} as const satisfies Record<string, number>;

export function encodeIcns(imageOfSize: (size: number) => Rgba): Buffer {
  const entries = Object.entries(ICNS_TYPES).map(([type, size]) => {
    const png = encodePng(imageOfSize(size));
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + entries.reduce((n, e) => n + e.length, 0), 4);
  return Buffer.concat([head, ...entries]);
}

export function decodeIcns(buf: Buffer): Array<{ type: string; image: Rgba }> {
  if (buf.toString('ascii', 0, 4) !== 'icns' || buf.readUInt32BE(4) !== buf.length) throw new Error('not an ICNS file (or its length is wrong)');
  const out: Array<{ type: string; image: Rgba }> = [];
  for (let o = 8; o < buf.length; ) {
    const type = buf.toString('ascii', o, o + 4);
    const length = buf.readUInt32BE(o + 4);
    out.push({ type, image: decodePng(buf.subarray(o + 8, o + length)) });
    o += length;
  }
  return out;
}
