// scripts/electron-binary.sh (used by `npm start`) against stand-in `electron`
// packages that behave like electron/index.js: print "Downloading Electron
// binary..." on stdout, then return the path or throw.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';

const script = join(import.meta.dirname, '..', '..', 'scripts', 'electron-binary.sh');
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(indexJs: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'electron-binary-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'node_modules', 'electron'), { recursive: true });
  writeFileSync(join(dir, 'node_modules', 'electron', 'index.js'), indexJs);
  return dir;
}

const run = (cwd: string) => spawnSync('bash', [script, join(cwd, 'download.log')], { cwd, encoding: 'utf8' });

describe('electron-binary.sh', () => {
  it('prints only the path when Electron downloads its binary first', () => {
    const dir = project(`console.log('Downloading Electron binary...'); module.exports = '/opt/electron/dist/electron';`);
    const result = run(dir);
    assert.equal(result.status, 0);
    assert.equal(result.stdout, '/opt/electron/dist/electron');
    // The download message is still shown to the user, on stderr.
    assert.match(result.stderr, /Downloading Electron binary/);
  });

  it('prints nothing and fails when the download fails, keeping the details in the log', () => {
    const dir = project(`console.log('Downloading Electron binary...'); throw new Error('Electron failed to install correctly');`);
    const result = run(dir);
    assert.notEqual(result.status, 0);
    assert.equal(result.stdout, '');
    assert.match(readFileSync(join(dir, 'download.log'), 'utf8'), /Electron failed to install correctly/);
  });
});
