// Writes every icon the toolbar ships, from sources in build/:
// - build/icons/tray-{ok,warn,error}.png: the tray's status dots (drawn here; 32×32),
//   loaded at run time from the app (so they go into app.asar);
// - from the one source image build/app-icon/source.png (square, ≥ 1024 px):
//   the Linux icon set build/app-icon/png/NxN.png, build/app-icon/icon.ico and
//   build/app-icon/icon.icns, which electron-builder.yml points at (installer
//   resources only: never in app.asar).
// Replace source.png and run `npm run icons`; `npm run icons -- --check` (and the
// packaging test) fail when a committed icon no longer matches its source.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ICNS_TYPES, ICO_SIZES, decodeIcns, decodeIco, encodeIcns, encodeIco } from './lib/icon-files.ts';
import { decodePng, encodePng, resizeSquare } from './lib/png.ts';
import type { Rgba } from './lib/png.ts';

export const APP_ICON_SOURCE = 'build/app-icon/source.png';
/** hicolor sizes desktop environments look up (electron-builder installs each as NxN/apps/<executable>.png). */
export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;
const TRAY_COLOURS = { ok: [0x2e, 0xa0, 0x43], warn: [0xf0, 0xa2, 0x02], error: [0xd7, 0x26, 0x1e] } as const;
const TRAY_SIZE = 32;

/** A filled circle in the level's colour with a dark ring, hard-edged (crisp at 1:1 in a tray). */
function trayDot(rgb: readonly [number, number, number], size = TRAY_SIZE): Rgba {
  const data = new Uint8Array(size * size * 4);
  const c = (size - 1) / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const d = Math.hypot(x - c, y - c);
      if (d > size / 2 - 1) continue;
      const o = (y * size + x) * 4;
      const ring = d > size / 2 - 3;
      data.set(ring ? [0x20, 0x20, 0x20, 0xff] : [...rgb, 0xff], o);
    }
  }
  return { width: size, height: size, data };
}

type Kind = 'png' | 'ico' | 'icns';
export interface IconFile {
  /** Relative to the repository root. */
  path: string;
  kind: Kind;
  /** The images the file must hold, in order. */
  images: Rgba[];
}

/** Every icon file and the pixels it must hold, computed from the sources. */
export function expectedIcons(root: string): IconFile[] {
  const files: IconFile[] = Object.entries(TRAY_COLOURS).map(([level, rgb]) => ({
    path: `build/icons/tray-${level}.png`,
    kind: 'png',
    images: [trayDot(rgb)],
  }));
  const source = decodePng(readFileSync(join(root, APP_ICON_SOURCE)));
  if (source.width !== source.height || source.width < 1024) {
    throw new Error(`${APP_ICON_SOURCE} must be square and at least 1024 px (macOS wants 1024), got ${source.width}×${source.height}`);
  }
  const cache = new Map<number, Rgba>();
  const ofSize = (size: number): Rgba => {
    let img = cache.get(size);
    if (!img) cache.set(size, (img = size === source.width ? source : resizeSquare(source, size)));
    return img;
  };
  for (const size of LINUX_ICON_SIZES) files.push({ path: `build/app-icon/png/${size}x${size}.png`, kind: 'png', images: [ofSize(size)] });
  files.push({ path: 'build/app-icon/icon.ico', kind: 'ico', images: ICO_SIZES.map(ofSize) });
  files.push({ path: 'build/app-icon/icon.icns', kind: 'icns', images: Object.values(ICNS_TYPES).map(ofSize) });
  return files;
}

function encode(file: IconFile): Buffer {
  if (file.kind === 'png') return encodePng(file.images[0]!);
  if (file.kind === 'ico') return encodeIco(file.images);
  return encodeIcns((size) => file.images.find((img) => img.width === size)!);
}

function decode(kind: Kind, bytes: Buffer): Rgba[] {
  if (kind === 'png') return [decodePng(bytes)];
  if (kind === 'ico') return decodeIco(bytes);
  return decodeIcns(bytes).map((entry) => entry.image);
}

const samePixels = (a: Rgba, b: Rgba): boolean => a.width === b.width && a.height === b.height && Buffer.from(a.data).equals(Buffer.from(b.data));

/**
 * Files that are missing or whose pixels differ from what the sources give.
 * Compares decoded pixels, not bytes: zlib's output may differ between Node versions.
 */
export function staleIcons(root: string): string[] {
  return expectedIcons(root)
    .filter((file) => {
      const path = join(root, file.path);
      if (!existsSync(path)) return true;
      try {
        const images = decode(file.kind, readFileSync(path));
        return images.length !== file.images.length || images.some((img, i) => !samePixels(img, file.images[i]!));
      } catch {
        return true;
      }
    })
    .map((file) => file.path);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = join(import.meta.dirname, '..');
  if (process.argv.includes('--check')) {
    const stale = staleIcons(root);
    if (stale.length > 0) {
      console.error(`icons: out of date with their sources (run npm run icons): ${stale.join(', ')}`);
      process.exit(1);
    }
    console.log('icons: every icon matches its source');
  } else {
    for (const file of expectedIcons(root)) {
      const path = join(root, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, encode(file));
      console.log(`wrote ${relative(root, path)}`);
    }
  }
}
