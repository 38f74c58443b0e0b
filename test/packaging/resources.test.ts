// The installer resources electron-builder.yml points at: icons generated from
// one source image, the deb's dependencies, and the no-auto-update policy.
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import { ICNS_TYPES, decodeIcns, decodeIco } from '../../scripts/lib/icon-files.ts';
import { decodePng } from '../../scripts/lib/png.ts';
import { LINUX_ICON_SIZES, staleIcons } from '../../scripts/make-icons.ts';

const root = join(import.meta.dirname, '..', '..');
const builder = YAML.parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as {
  publish: unknown;
  linux: { icon: string };
  win: { icon: string };
  mac: { icon: string };
  deb: { depends: string[] };
};
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };

describe('icons', () => {
  it('every committed icon matches what scripts/make-icons.ts makes from its source (npm run icons)', () => {
    assert.deepEqual(staleIcons(root), []);
  });

  it('the Linux icon set has every size, each file as large as its name says', () => {
    // electron-builder reads the size from the NxN.png name and installs it into hicolor/NxN/apps.
    const dir = join(root, builder.linux.icon);
    const names = readdirSync(dir).filter((n) => n.endsWith('.png')).sort();
    assert.deepEqual(names, LINUX_ICON_SIZES.map((s) => `${s}x${s}.png`).sort());
    for (const name of names) {
      const { width, height } = decodePng(readFileSync(join(dir, name)));
      assert.equal(`${width}x${height}.png`, name);
    }
  });

  it('the Windows icon has a 256 px image (electron-builder refuses smaller) and the small sizes', () => {
    const sizes = decodeIco(readFileSync(join(root, builder.win.icon))).map((img) => img.width);
    for (const size of [16, 32, 48, 256]) assert.ok(sizes.includes(size), `icon.ico lacks ${size} px: ${sizes.join(', ')}`);
  });

  it('the macOS icon holds each type at its size, up to 1024 px', () => {
    const entries = decodeIcns(readFileSync(join(root, builder.mac.icon)));
    assert.deepEqual(entries.map((e) => e.type).sort(), Object.keys(ICNS_TYPES).sort());
    for (const { type, image } of entries) assert.equal(image.width, ICNS_TYPES[type as keyof typeof ICNS_TYPES], type);
  });
});

describe('deb', () => {
  it("depends on all of electron-builder's defaults plus libsecret-1-0 (a depends list replaces the defaults)", () => {
    // The app-builder-lib that the installed electron-builder uses.
    const require = createRequire(createRequire(import.meta.url).resolve('electron-builder'));
    const { default: FpmTarget } = require('app-builder-lib/out/targets/FpmTarget.js') as {
      default: { prototype: { getDefaultDepends(target: string): string[] } };
    };
    const defaults = FpmTarget.prototype.getDefaultDepends('deb');
    assert.ok(defaults.length > 0);
    for (const dep of [...defaults, 'libsecret-1-0']) assert.ok(builder.deb.depends.includes(dep), `deb.depends lacks ${dep}`);
  });
});

describe('updates', () => {
  it('ship no update channel and no updater: IT rolls out installers (docs/deployment.md, Updates)', () => {
    assert.equal(builder.publish, null);
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies })) assert.doesNotMatch(name, /updater/);
  });
});
