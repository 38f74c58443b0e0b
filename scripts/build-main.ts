// Bundles the Electron main process into dist/main/index.js (`npm run build:main`).
// Everything the main process runs is inlined — our code and its pure-JS runtime
// dependencies (pino, valibot, yaml) — so the packaged app loads one ESM file from
// app.asar and no package's own ESM/CJS resolution runs inside the archive
// (that interplay has broken in past Electron releases). Left out, resolved at run
// time: `electron` (Electron's built-in module) and keytar (a native addon that
// electron-builder puts in app.asar.unpacked; asarUnpack in electron-builder.yml).
import { build } from 'esbuild';

await build({
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
  logLevel: 'warning',
});
