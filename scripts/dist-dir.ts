// `npm run dist:dir`: the packaged app as electron-builder's `--dir` target,
// release/linux-unpacked/, offline. Builds renderer, main and preload, then runs
// electron-builder with electron-builder.yml and an explicit Electron
// distribution (`electronDist`), so electron-builder downloads nothing:
// - the real one in node_modules/electron/dist when Electron's binary is installed;
// - otherwise a placeholder this script creates: a shell script named `electron`
//   that refuses to run, carrying Electron's fuse sentinel and a fuse wire in
//   Electron's default state, so electron-builder's fuse step (@electron/fuses
//   finds the sentinel and flips the bytes after it) runs as on a real binary.
//   The app.asar, app.asar.unpacked and resources are real; the executable is not.
// Linux only: the other platforms' packages come from .github/workflows/release.yml.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUSE_SENTINEL, ELECTRON_DEFAULT_FUSE_WIRE, PLACEHOLDER_MARKER } from './lib/electron-placeholder.ts';

const root = join(import.meta.dirname, '..');
const electronPkg = JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as { version: string };
const arch = process.arch === 'arm64' ? 'arm64' : 'x64';

function run(cmd: string, args: string[]): void {
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`dist:dir: ${cmd} ${args.join(' ')} failed (${result.status ?? result.signal})`);
    process.exit(1);
  }
}

/** node_modules/electron/dist when Electron's own installer put this version's binary there. */
function realElectronDist(): string | null {
  const dir = join(root, 'node_modules/electron/dist');
  try {
    const executable = readFileSync(join(root, 'node_modules/electron/path.txt'), 'utf8');
    const version = readFileSync(join(dir, 'version'), 'utf8').trim().replace(/^v/, '');
    return version === electronPkg.version && existsSync(join(dir, executable)) ? dir : null;
  } catch {
    return null;
  }
}

function placeholderElectronDist(): string {
  const dir = join(root, '.tmp', `PLACEHOLDER-electron-v${electronPkg.version}-linux-${arch}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'resources'), { recursive: true });
  // electron-builder renames `electron` to linux.executableName. The fuse wire sits in a
  // comment line: @electron/fuses rewrites only the bytes after the sentinel.
  const script = [
    '#!/bin/sh',
    `# ${PLACEHOLDER_MARKER}: not Electron. Built by scripts/dist-dir.ts where Electron's binary`,
    '# could not be downloaded, so that app.asar and the fuse step could be checked offline.',
    `echo "${PLACEHOLDER_MARKER}: this package was built with a placeholder Electron and cannot launch." >&2`,
    'exit 1',
    '',
  ].join('\n');
  const fuses = Buffer.concat([
    Buffer.from(`# ${FUSE_SENTINEL}`, 'ascii'),
    Buffer.from([1, ELECTRON_DEFAULT_FUSE_WIRE.length]), // fuse wire version 1, length
    Buffer.from(ELECTRON_DEFAULT_FUSE_WIRE, 'ascii'),
    Buffer.from('\n', 'ascii'),
  ]);
  writeFileSync(join(dir, 'electron'), Buffer.concat([Buffer.from(script, 'ascii'), fuses]));
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, `${PLACEHOLDER_MARKER}.txt`), `This Electron distribution is a placeholder (scripts/dist-dir.ts). Nothing built with it can launch.\n`);
  writeFileSync(join(dir, 'version'), electronPkg.version);
  return dir;
}

const started = Date.now();
run('npm', ['run', '--silent', 'build:electron']);

const real = realElectronDist();
const electronDist = real ?? placeholderElectronDist();
console.log(`dist:dir: Electron ${electronPkg.version} distribution: ${real ? electronDist : `placeholder ${electronDist}`}`);

const out = join(root, 'release', 'linux-unpacked');
rmSync(out, { recursive: true, force: true });
run('npx', [
  'electron-builder',
  '--config',
  'electron-builder.yml',
  '--linux',
  '--dir',
  `--${arch}`,
  '--publish',
  'never',
  `-c.electronDist=${electronDist}`,
]);

const asar = join(out, 'resources', 'app.asar');
console.log(`dist:dir: ${out} in ${((Date.now() - started) / 1000).toFixed(0)} s; app.asar ${(statSync(asar).size / 1024).toFixed(0)} KiB`);
if (!real) {
  const line = '!'.repeat(78);
  console.error(
    [
      line,
      `!! ${PLACEHOLDER_MARKER}: Electron's binary is not installed and cannot be downloaded here,`,
      `!! so release/linux-unpacked/agent-toolbar is a placeholder script and CANNOT LAUNCH.`,
      '!! app.asar, app.asar.unpacked, resources and fuses are real: `npm run test:packaging` checks them.',
      '!! Launchable packages and installers come from .github/workflows/release.yml.',
      line,
    ].join('\n'),
  );
}
