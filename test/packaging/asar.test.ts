// Checks the packaged app that `npm run dist:dir` left in release/linux-unpacked/
// by opening its app.asar with @electron/asar (what Electron reads at start-up).
// Run: npm run dist:dir && npm run test:packaging   (both in .ci/run)
import { getCurrentFuseWire } from '@electron/fuses';
import { FuseV1Options } from '@electron/fuses';
import { extractAll, extractFile, listPackage, statFile } from '@electron/asar';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, posix } from 'node:path';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import { DESKTOP_NAME, LINUX_EXECUTABLE, PRODUCT_NAME } from '../../app/main/desktop/app-id.ts';
import { PLACEHOLDER_MARKER } from '../../scripts/lib/electron-placeholder.ts';

const root = join(import.meta.dirname, '..', '..');
const unpacked = join(root, 'release', 'linux-unpacked');
const archive = join(unpacked, 'resources', 'app.asar');
const executable = join(unpacked, LINUX_EXECUTABLE);

// Measured with electron-builder 26.17 and Electron 45.4.1: app.asar 820 KiB, 27 entries (main bundle ~650 KiB,
// renderer ~95 KiB), keytar.node ~100 KiB unpacked. The bounds leave room to grow, and fail
// when a whole package (a few MiB with its tree) or sources slip in.
const MAX_ASAR_BYTES = 1.5 * 1024 * 1024;
const MAX_UNPACKED_BYTES = 512 * 1024;

const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

let files: string[] = [];
const has = (path: string): boolean => files.includes(`/${path}`);
const text = (path: string): string => extractFile(archive, path).toString('utf8');

before(() => {
  assert.ok(existsSync(archive), `${archive} is missing: run \`npm run dist:dir\` first`);
  // listPackage gives "/dir/file" paths with the platform separator; the archive is built on Linux.
  files = listPackage(archive, { isPack: false }).map((p) => p.split('\\').join('/'));
  if (existsSync(join(unpacked, `${PLACEHOLDER_MARKER}.txt`))) {
    console.log(`# ${unpacked} was built with a placeholder Electron (cannot launch); checking its app.asar and fuses`);
  }
});

describe('app.asar', () => {
  it('holds the main entry named by its package.json, which has the product identity and no dev metadata', () => {
    const pkg = JSON.parse(text('package.json')) as Record<string, unknown>;
    assert.equal(pkg.main, rootPkg.main);
    assert.ok(has(rootPkg.main), `${rootPkg.main} is not in app.asar`);
    // Electron names userData and logs after productName, and reads desktopName at start-up.
    assert.equal(pkg.productName, PRODUCT_NAME);
    assert.equal(pkg.desktopName, DESKTOP_NAME);
    assert.equal(pkg.devDependencies, undefined);
    assert.equal(pkg.scripts, undefined);
    assert.deepEqual(Object.keys(pkg.dependencies as object), Object.keys(rootPkg.dependencies));
  });

  it('holds everything index.html references, and every module those scripts import', () => {
    const base = 'dist/renderer';
    const html = text(`${base}/index.html`);
    const refs = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1]!).filter((ref) => !/^(?:data:|https?:|#)/.test(ref));
    assert.ok(refs.some((ref) => ref.endsWith('.js')) && refs.some((ref) => ref.endsWith('.css')), `index.html references: ${refs.join(', ')}`);
    const seen = new Set<string>();
    const queue = refs.map((ref) => posix.join(base, ref));
    while (queue.length > 0) {
      const path = queue.shift()!;
      if (seen.has(path)) continue;
      seen.add(path);
      assert.ok(has(path), `${path} is referenced but not in app.asar`);
      if (!path.endsWith('.js')) continue;
      // Vite's output: static `from"./x.js"` / `import"./x.js"` and dynamic `import("./x.js")`.
      for (const m of text(path).matchAll(/(?:\bfrom|\bimport)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) queue.push(posix.join(posix.dirname(path), m[1]!));
    }
  });

  it('has a preload that requires only electron (a sandboxed preload can require nothing else useful)', () => {
    const preload = text('dist/preload/index.cjs');
    const required = new Set([...preload.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]));
    assert.deepEqual([...required], ['electron']);
    assert.doesNotMatch(preload, /^\s*import\s/m);
  });

  it('holds no sources, tests, bench, docs, simulator, preview shim, maps, type declarations or dev packages', () => {
    const forbidden = files.filter(
      (p) =>
        /^\/(?:app|sim|test|bench|docs|scripts|eslint-rules|src)(?:\/|$)/.test(p) ||
        // Docs and sources by extension; a licence may be Markdown (keytar's LICENSE.md ships).
        (/\.(?:ts|tsx|mts|cts|svelte|map|md|markdown|gyp|gypi|cc|cpp|h|hpp|mm)$/i.test(p) && !/\/LICEN[CS]E[^/]*$/i.test(p)) ||
        /\/(?:CHANGELOG|README|HISTORY)[^/]*$/i.test(p) ||
        /\/preview-shim\.js$/.test(p) ||
        /\/node_modules\/keytar\/(?:src|build\/Release\/obj\.target|build\/Release\/\.deps)(?:\/|$)/.test(p),
    );
    assert.deepEqual(forbidden, []);
    // Only runtime packages, and none of them a devDependency (or one of their trees).
    const packages = new Set(files.map((p) => /^\/node_modules\/((?:@[^/]+\/)?[^/]+)\/package\.json$/.exec(p)?.[1]).filter((n) => n !== undefined));
    assert.deepEqual([...packages].sort(), Object.keys(rootPkg.dependencies).sort());
    for (const dev of Object.keys(rootPkg.devDependencies)) assert.ok(!files.some((p) => p.startsWith(`/node_modules/${dev}/`)), `devDependency ${dev} is in app.asar`);
  });

  it('carries the licences of what it ships: keytar\'s, and those of the packages inlined into the main bundle', () => {
    assert.ok(has('node_modules/keytar/LICENSE.md'), "keytar's licence is not in app.asar");
    const notices = text('dist/main/THIRD_PARTY_LICENSES.txt');
    // scripts/build-main.ts writes one "<name> <version> (<licence>)" heading a package.
    assert.match(notices, /^\S+ \d+\.\d+\.\d+\S* \(\w/m);
  });

  it("keeps keytar's native addon unpacked next to the archive, where Electron's asar support loads it from", () => {
    const addon = 'node_modules/keytar/build/Release/keytar.node';
    const entry = statFile(archive, addon) as { unpacked?: boolean; size: number };
    assert.equal(entry.unpacked, true);
    const onDisk = join(`${archive}.unpacked`, addon);
    assert.ok(existsSync(onDisk), `${onDisk} is missing`);
    assert.equal(statSync(onDisk).size, entry.size);
    assert.equal(readFileSync(onDisk).subarray(0, 4).toString('latin1'), '\x7fELF');
  });

  it('stays under its size bounds', () => {
    const asarBytes = statSync(archive).size;
    const unpackedBytes = Number(execFileSync('du', ['-sb', `${archive}.unpacked`], { encoding: 'utf8' }).split('\t')[0]);
    console.log(`# app.asar ${(asarBytes / 1024).toFixed(0)} KiB, ${files.length} entries; app.asar.unpacked ${(unpackedBytes / 1024).toFixed(0)} KiB`);
    assert.ok(asarBytes < MAX_ASAR_BYTES, `app.asar is ${asarBytes} bytes (bound ${MAX_ASAR_BYTES})`);
    assert.ok(unpackedBytes < MAX_UNPACKED_BYTES, `app.asar.unpacked is ${unpackedBytes} bytes (bound ${MAX_UNPACKED_BYTES})`);
  });
});

describe('the main bundle, extracted outside the repository', () => {
  // Outside /work/main: no node_modules up the tree, so only what the package holds resolves.
  let dir = '';
  let appDir = '';
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'agent-toolbar-asar-'));
    appDir = join(dir, 'app');
    extractAll(archive, appDir); // also copies the app.asar.unpacked files into place
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('imports, as bare specifiers, only Node built-ins, electron and packages the archive holds', () => {
    const main = readFileSync(join(appDir, rootPkg.main), 'utf8');
    const specifiers = new Set<string>();
    const patterns = [
      /^\s*import\s[^;]*?\bfrom\s*["']([^"']+)["']/gm, // static import ... from "x"
      /^\s*import\s*["']([^"']+)["']/gm, // import "x"
      /\bimport\(\s*["']([^"']+)["']\s*\)/g, // import("x")
      /\b(?:__)?require\(\s*["']([^"']+)["']\s*\)/g, // require("x"), esbuild's __require("x")
      /\bcreateRequire\([^)]*\)\(\s*["']([^"']+)["']\s*\)/g, // createRequire(import.meta.url)("x")
    ];
    for (const re of patterns) for (const m of main.matchAll(re)) specifiers.add(m[1]!);
    const bare = [...specifiers].filter((s) => !/^(?:\.{0,2}\/|node:|file:|data:)/.test(s));
    const builtins = new Set(builtinModules);
    const packages = bare.filter((s) => !builtins.has(s) && s !== 'electron');
    // keytar is loaded through createRequire (keytar-store.ts): the scan must see it.
    assert.ok(packages.includes('keytar'), `bare imports found: ${bare.join(', ')}`);
    const requireFromMain = createRequire(join(appDir, rootPkg.main));
    for (const name of packages) {
      const resolved = requireFromMain.resolve(name);
      assert.ok(resolved.startsWith(`${appDir}/`), `${name} resolves outside the package: ${resolved}`);
    }
  });

  it('loads keytar and its native addon from the packaged copy (N-API: no rebuild for Electron)', () => {
    const keytar = createRequire(join(appDir, rootPkg.main))('keytar') as Record<string, unknown>;
    for (const fn of ['getPassword', 'setPassword', 'deletePassword', 'findCredentials']) assert.equal(typeof keytar[fn], 'function', fn);
  });

  it('evaluates as an ES module with electron stubbed: every bundled package loads, no dynamic require fails', () => {
    const register = join(import.meta.dirname, 'electron-stub', 'register.mjs');
    const out = execFileSync(process.execPath, ['--import', register, join(appDir, rootPkg.main)], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    // The bundle reached its top-level Electron calls: the scheme, then the lock (refused by the stub).
    assert.match(out, /electron-stub: registerSchemesAsPrivileged \S+/);
    assert.match(out, /electron-stub: quit/);
  });
});

describe('the packaged executable', () => {
  it('has the fuses electron-builder.yml asks for flipped', async () => {
    const builder = YAML.parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as { electronFuses: Record<string, boolean> };
    const wire = await getCurrentFuseWire(executable);
    const expected: Array<[FuseV1Options, boolean]> = [
      [FuseV1Options.RunAsNode, false],
      [FuseV1Options.EnableCookieEncryption, true],
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable, false],
      [FuseV1Options.EnableNodeCliInspectArguments, false],
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation, true],
      [FuseV1Options.OnlyLoadAppFromAsar, true],
      [FuseV1Options.GrantFileProtocolExtraPrivileges, false],
    ];
    for (const [fuse, on] of expected) {
      const key = FuseV1Options[fuse]!.replace(/^./, (c) => c.toLowerCase());
      assert.equal(builder.electronFuses[key], on, `electron-builder.yml electronFuses.${key}`);
      // FuseState: '1' (49) enabled, '0' (48) disabled.
      assert.equal(wire[fuse], on ? 49 : 48, `fuse ${FuseV1Options[fuse]} in ${executable}`);
    }
  });

  it('is named as a placeholder when it is one', () => {
    const head = readFileSync(executable).subarray(0, 4).toString('latin1');
    const marker = existsSync(join(dirname(executable), `${PLACEHOLDER_MARKER}.txt`));
    if (head === '\x7fELF') {
      // The real Electron binary (node_modules/electron/dist was installed): no placeholder label.
      assert.equal(marker, false, 'a real Electron package carries the placeholder marker file');
    } else {
      assert.equal(head.slice(0, 2), '#!');
      assert.match(readFileSync(executable, 'latin1'), new RegExp(`${PLACEHOLDER_MARKER}: .*cannot launch`));
      assert.equal(marker, true, 'the placeholder package lacks its marker file');
    }
  });
});
