import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildDiagnosticsText } from '../../../app/main/logging/diagnostics.ts';
import { createFileLogger } from '../../../app/main/logging/logger.ts';
import { RotatingFile } from '../../../app/main/logging/rotating-file.ts';
import { REDACTED, SecretValues, isSecretKey, redactKeys } from '../../../app/main/logging/redact.ts';
import { makeSnapshot } from '../../support/snapshots.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'toolbar-log-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('log redaction', () => {
  const password = 'S3cr"et\\pw-ÄÖ!';
  const keychainValue = 'kc-value-7f3a9b';

  it('never writes a password or keychain value, whatever the shape', () => {
    const dir = tempDir();
    const path = join(dir, 'toolbar.log');
    const secrets = new SecretValues();
    secrets.add(password);
    secrets.add(keychainValue);
    const { logger, file, tail } = createFileLogger({ path, maxBytes: 1 << 20, maxFiles: 2 }, secrets, 'debug');

    logger.info({ password }, 'top-level key');
    logger.info({ login: { agentId: '1001', password } }, 'nested key');
    logger.info({ deep: { a: { b: { c: { Password: password } } } } }, 'deep key, other casing');
    logger.info({ args: [{ agentId: '1001', password, remember: true }] }, 'IPC args');
    logger.info({ applicationPassword: password, AgentPassword: password }, 'other secret key names');
    logger.info(`message string containing ${password}`);
    logger.info({ list: ['x', password, keychainValue] }, 'array values under harmless keys');
    logger.warn({ err: new Error(`bad login ${password}`) }, 'error object');
    logger.error(new Error(`keychain returned ${keychainValue}`));
    logger.info({ note: JSON.stringify({ pw: password }) }, 'JSON-escaped inside a string');
    logger.debug({ token: 'abc', apiKey: 'def', secret: 'ghi' }, 'unknown secret values, secret keys');

    const fileText = readFileSync(path, 'utf8');
    // The in-memory tail (Copy diagnostics) holds the same lines, scrubbed the same way.
    const tailLines = tail.lines();
    expect(tailLines).toEqual(fileText.trim().split('\n'));
    for (const text of [fileText, tailLines.join('\n')]) {
      const lines = text.trim().split('\n');
      expect(lines).toHaveLength(11);
      for (const line of lines) JSON.parse(line); // still valid JSON after scrubbing
      expect(text).not.toContain(password);
      expect(text).not.toContain(JSON.stringify(password).slice(1, -1));
      expect(text).not.toContain(keychainValue);
      expect(text).not.toContain('S3cr');
      expect(text).not.toContain('"abc"');
      expect(text).not.toContain('"def"');
      expect(text).not.toContain('"ghi"');
      expect(text).toContain(REDACTED);
      expect(text).toContain('"agentId":"1001"'); // ordinary data survives
    }

    // Copy diagnostics: the tail is in it, and a secret learned after a line was written is scrubbed too.
    const late = 'learned-later-9d2c';
    logger.info({ note: `before it was known: ${late}` }, 'late secret');
    file.close();
    secrets.add(late);
    const diagnostics = buildDiagnosticsText(
      { appVersion: 't', platform: 'linux', config: {}, snapshot: makeSnapshot(), events: [], logLines: tail.lines(), generatedAt: 0 },
      secrets,
    );
    expect(diagnostics).toContain('## Log (last 12 lines, oldest first)');
    expect(diagnostics).toContain('"msg":"late secret"');
    for (const secret of [password, JSON.stringify(password).slice(1, -1), keychainValue, late, '"abc"']) expect(diagnostics).not.toContain(secret);
  });

  it('matches secret-looking keys only', () => {
    for (const key of ['password', 'Password', 'applicationPassword', 'passwd', 'pwd', 'clientSecret', 'token', 'apiKey', 'api_key', 'credentials']) {
      expect(isSecretKey(key), key).toBe(true);
    }
    for (const key of ['agentId', 'dn', 'server', 'attempt', 'compass', 'bypassCount']) {
      expect(isSecretKey(key), key).toBe(false);
    }
  });

  it('survives cycles and deep nesting', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redactKeys(a)).toEqual({ name: 'a', self: '[circular]' });
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 30; i++) deep = { next: deep };
    expect(JSON.stringify(redactKeys(deep))).toContain('[too deep]');
  });
});

describe('RotatingFile', () => {
  it('rotates by size and keeps maxFiles old files', () => {
    const dir = tempDir();
    const path = join(dir, 'toolbar.log');
    const file = new RotatingFile({ path, maxBytes: 1024, maxFiles: 2 });
    const line = `${'x'.repeat(99)}\n`; // 100 bytes
    for (let i = 0; i < 45; i++) file.write(line);
    file.close();
    expect(readdirSync(dir).sort()).toEqual(['toolbar.log', 'toolbar.log.1', 'toolbar.log.2']);
    for (const name of readdirSync(dir)) {
      const size = readFileSync(join(dir, name)).length;
      expect(size).toBeLessThanOrEqual(1024);
      expect(size % 100).toBe(0); // never splits a line
    }
    // 45 lines = 10 + 10 + 10 + 10 + 5: the live file holds the last 5.
    expect(readFileSync(path, 'utf8').split('\n').filter(Boolean)).toHaveLength(5);
  });

  it('rejects nonsense limits with a clear error', () => {
    const path = join(tempDir(), 'x.log');
    expect(() => new RotatingFile({ path, maxBytes: 10, maxFiles: 1 })).toThrow(/maxBytes/);
    expect(() => new RotatingFile({ path, maxBytes: 4096, maxFiles: 0 })).toThrow(/maxFiles/);
  });
});
