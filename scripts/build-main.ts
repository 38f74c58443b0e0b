// Bundles the Electron main process into dist/main/index.js (`npm run build:main`).
// Everything the main process runs is inlined — our code and its pure-JS runtime
// dependencies (pino, valibot, yaml) — so the packaged app loads one ESM file from
// app.asar and no package's own ESM/CJS resolution runs inside the archive
// (that interplay has broken in past Electron releases). Left out, resolved at run
// time: `electron` (Electron's built-in module) and keytar (a native addon that
// electron-builder puts in app.asar.unpacked; asarUnpack in electron-builder.yml).
// Next to the bundle: THIRD_PARTY_LICENSES.txt, the licences of the packages
// inlined into it (their MIT/ISC terms ask for the notice to travel with copies).
import { build } from 'esbuild';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const result = await build({
  entryPoints: ['app/main/index.ts'],
  outfile: 'dist/main/index.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  // Node 20 runs the tests and tools; Electron 45 embeds a newer Node: target the older.
  target: 'node20',
  // The packaging test checks every bare import left in the bundle resolves inside the package.
  external: ['electron', 'keytar'],
  // Bundled CommonJS (pino, and yaml's CJS build) calls require() for Node built-ins;
  // in ESM output esbuild routes that through a shim that throws unless a real
  // `require` exists. Give the module one (aliased: the bundle has its own createRequire).
  banner: { js: "import { createRequire as __bundleCreateRequire } from 'node:module';\nconst require = __bundleCreateRequire(import.meta.url);" },
  // Readable stack traces in agents' logs beat a smaller file (~0.7 MB either way in a ~100 MB app).
  minify: false,
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
});

// Package folders the bundle took code from (node_modules/<name> or node_modules/@scope/<name>).
const packageDirs = new Set<string>();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input);
  if (m) packageDirs.add(m[1]!);
}
const notices = [...packageDirs].sort().map((dir) => {
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; version: string; license?: string };
  const file = readdirSync(dir).find((name) => /^(?:licen[cs]e|copying)(?:\.|$)/i.test(name));
  if (!file) throw new Error(`${pkg.name} is bundled into the main process but has no LICENSE file to ship`);
  return `${pkg.name} ${pkg.version} (${pkg.license ?? 'see below'})\n\n${readFileSync(join(dir, file), 'utf8').trim()}\n`;
});
writeFileSync(
  'dist/main/THIRD_PARTY_LICENSES.txt',
  `Packages bundled into dist/main/index.js, with their licences.\n\n${notices.join(`\n${'-'.repeat(72)}\n\n`)}`,
);
