// readConfigFile checks a config file before reading it: regular files only (a FIFO
// would hang the start-up, a device never ends), size bounded up front.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigFileError, MAX_CONFIG_FILE_BYTES, readConfigFile } from '../../../app/main/config/read-file.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'toolbar-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readConfigFile', () => {
  it('reads a regular file (and one behind a symlink), and says null when there is none', () => {
    const file = join(dir, 'config.yaml');
    writeFileSync(file, 'dn: "5005"\n');
    expect(readConfigFile(file)).toBe('dn: "5005"\n');
    symlinkSync(file, join(dir, 'link.yaml'));
    expect(readConfigFile(join(dir, 'link.yaml'))).toBe('dn: "5005"\n');
    expect(readConfigFile(join(dir, 'missing.yaml'))).toBeNull();
  });

  it('refuses a file over the bound by its size, without reading it', () => {
    const file = join(dir, 'big.yaml');
    writeFileSync(file, '');
    // Sparse: 1 GiB that costs nothing on disk; reading it would cost a gigabyte.
    truncateSync(file, 1024 ** 3);
    expect(() => readConfigFile(file)).toThrow(ConfigFileError);
    expect(() => readConfigFile(file)).toThrow(`is larger than ${MAX_CONFIG_FILE_BYTES} bytes (${1024 ** 3} bytes)`);
    const exact = join(dir, 'exact.yaml');
    writeFileSync(exact, 'x'.repeat(MAX_CONFIG_FILE_BYTES));
    expect(readConfigFile(exact)).toHaveLength(MAX_CONFIG_FILE_BYTES);
  });

  it('refuses a FIFO at once (no writer needed: it never blocks)', () => {
    const fifo = join(dir, 'config.yaml');
    execFileSync('mkfifo', [fifo]);
    const started = performance.now();
    expect(() => readConfigFile(fifo)).toThrow('is a named pipe (FIFO), not a regular file');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses devices and directories', () => {
    expect(() => readConfigFile('/dev/zero')).toThrow('is a device, not a regular file');
    expect(() => readConfigFile('/dev/null')).toThrow('is a device, not a regular file');
    const sub = join(dir, 'config.yaml');
    mkdirSync(sub);
    expect(() => readConfigFile(sub)).toThrow('is a directory, not a regular file');
  });

  it('passes other read errors on (the loader reports them as "cannot be read")', () => {
    expect(() => readConfigFile(join(dir, 'config.yaml', 'below-a-missing-dir'))).not.toThrow();
    const file = join(dir, 'not-a-dir');
    writeFileSync(file, '');
    expect(() => readConfigFile(join(file, 'config.yaml'))).toThrow(/ENOTDIR/);
  });
});
