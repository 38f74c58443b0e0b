// Writes the tray icons build/icons/tray-{ok,warn,error}.png: a filled circle
// in green, amber or red with a dark ring, 32×32 RGBA. No image library: a
// PNG is a signature, IHDR, zlib-compressed scanlines and IEND.
// Run: npx tsx scripts/make-tray-icons.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const COLOURS = { ok: [0x2e, 0xa0, 0x43], warn: [0xf0, 0xa2, 0x02], error: [0xd7, 0x26, 0x1e] } as const;
const SIZE = 32;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
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

function circlePng(rgb: readonly [number, number, number], size = SIZE): Buffer {
  const rows: Buffer[] = [];
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0, then RGBA
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c);
      const o = 1 + x * 4;
      if (d <= size / 2 - 1) {
        const ring = d > size / 2 - 3;
        row[o] = ring ? 0x20 : rgb[0];
        row[o + 1] = ring ? 0x20 : rgb[1];
        row[o + 2] = ring ? 0x20 : rgb[2];
        row[o + 3] = 0xff;
      }
    }
    rows.push(row);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const dir = join(import.meta.dirname, '..', 'build', 'icons');
mkdirSync(dir, { recursive: true });
for (const [level, rgb] of Object.entries(COLOURS)) {
  writeFileSync(join(dir, `tray-${level}.png`), circlePng(rgb));
  console.log(`wrote build/icons/tray-${level}.png`);
}
