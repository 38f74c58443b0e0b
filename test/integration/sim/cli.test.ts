// `sim/cli.ts` as a process: one ready line, clean exit on SIGTERM, exit 2 on a bad flag.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError, parseCli } from '../../../sim/cli-args.ts';
import { createTestCa } from '../../support/test-ca.ts';
import { RawClient, until } from './raw-client.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));

function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'sim/cli.ts', ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, exited, out: () => stdout, err: () => stderr };
}

describe('sim CLI', () => {
  // Started alongside the ready test: each tsx start-up costs about a second.
  let badFlagRun: ReturnType<typeof runCli> | null = null;
  beforeAll(() => {
    badFlagRun = runCli(['--mode', 'cold']);
  });
  afterAll(() => {
    badFlagRun?.child.kill('SIGKILL');
  });

  it('prints one ready line, serves, and exits 0 on SIGTERM', async () => {
    const run = runCli(['--mode', 'warm', '--a', '127.0.0.1:0', '--b', '127.0.0.1:0', '--control', '127.0.0.1:0', '--promote-delay', '10']);
    try {
      await until(() => run.out().includes('\n'), 8000, 'the ready line');
      const line = run.out();
      expect(line).toMatch(/^simulator ready: mode=warm a=127\.0\.0\.1:\d+ b=127\.0\.0\.1:\d+ control=http:\/\/127\.0\.0\.1:\d+\n$/);
      const port = Number(/ a=127\.0\.0\.1:(\d+)/.exec(line)![1]);
      const c = await RawClient.connect(port);
      expect((await c.open()).name).toBe('EventLinkConnected');
      const state = (await (await fetch(`${/control=(\S+)/.exec(line)![1]}/state`)).json()) as { mode: string; promoteDelayMs: number };
      expect(state).toMatchObject({ mode: 'warm', promoteDelayMs: 10 });
      c.close();
      run.child.kill('SIGTERM');
      expect(await run.exited).toEqual([0, null]);
      expect(run.out().split('\n')).toHaveLength(2);
    } finally {
      run.child.kill('SIGKILL');
    }
  });

  it('exits 2 with usage on a bad flag', async () => {
    const run = badFlagRun!;
    const [code] = await run.exited;
    expect(code).toBe(2);
    expect(run.err()).toContain('--mode expects warm or hot');
    expect(run.err()).toContain('usage: npm run sim');
    expect(run.out()).toBe('');
  });

  it.each([[['--bogus']], [['--mode', 'cold']], [['--a', 'localhost']], [['--a', 'h:70000']], [['--promote-delay', '-5']], [['--logout-on-disconnect', '1.5']], [['extra']], [['--mode']], [['--max-calls-per-dn', '0']], [['--max-calls-per-dn', '65']], [['--max-calls-per-dn', 'four']], [['--acw-dns', '5001,,5002']]])(
    'rejects %j',
    (args) => {
      expect(() => parseCli(args)).toThrow(UsageError);
    },
  );

  it('parses every flag', () => {
    expect(parseCli([])).toEqual({});
    // The simulator listens, so port 0 (any free port) is allowed here, unlike the clients' endpoints.
    expect(parseCli(['--a', 'localhost:0'])).toEqual({ a: { host: 'localhost', port: 0 } });
    expect(() => parseCli(['--a', '::1:7001'])).toThrow(/--a expects HOST:PORT, got "::1:7001": an IPv6 address needs brackets/);
    expect(
      parseCli(['--mode', 'warm', '--a', '127.0.0.1:1', '--b', '[::1]:2', '--control', 'off', '--promote-delay', '500', '--logout-on-disconnect', '3000', '--app-password', 'x']),
    ).toEqual({ mode: 'warm', a: { host: '127.0.0.1', port: 1 }, b: { host: '::1', port: 2 }, control: false, promoteDelayMs: 500, logoutOnDisconnectMs: 3000, applicationPassword: 'x' });
    expect(parseCli(['--acw-dns', '5001, 5002', '--max-calls-per-dn', '2'])).toEqual({ afterCallWorkDns: ['5001', '5002'], maxCallsPerDn: 2 });
  });
  it('serves TLS on a server given --a-tls-cert and --a-tls-key, and says so on the ready line', async () => {
    const ca = createTestCa();
    const issued = ca.issue({ withChain: true });
    // The key lives only in this temp dir, removed after the test.
    const dir = mkdtempSync(join(tmpdir(), 'sim-cli-tls-'));
    writeFileSync(join(dir, 'server.crt'), issued.cert);
    writeFileSync(join(dir, 'server.key'), issued.key, { mode: 0o600 });
    const run = runCli(['--a', '127.0.0.1:0', '--b', '127.0.0.1:0', '--control', 'off', '--a-tls-cert', join(dir, 'server.crt'), '--a-tls-key', join(dir, 'server.key')]);
    try {
      await until(() => run.out().includes('\n'), 8000, 'the ready line');
      const line = run.out();
      expect(line).toMatch(/^simulator ready: mode=hot a=127\.0\.0\.1:\d+ b=127\.0\.0\.1:\d+ control=off tls=a\n$/);
      const port = Number(/ a=127\.0\.0\.1:(\d+)/.exec(line)![1]);
      const c = await RawClient.connect(port, '127.0.0.1', { ca: ca.cert, servername: 'localhost' });
      expect((await c.open()).name).toBe('EventLinkConnected');
      c.close();
      run.child.kill('SIGTERM');
      expect(await run.exited).toEqual([0, null]);
    } finally {
      run.child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads TLS files named by flags; cert and key go together', () => {
    const files: Record<string, string> = { 'a.crt': 'CERT-A', 'a.key': 'KEY-A', 'b.crt': 'CERT-B', 'b.key': 'KEY-B' };
    const read = (path: string): Buffer => {
      if (!(path in files)) throw new Error(`ENOENT: no such file, open '${path}'`);
      return Buffer.from(files[path]!);
    };
    expect(parseCli(['--a-tls-cert', 'a.crt', '--a-tls-key', 'a.key'], read)).toEqual({ a: { tls: { cert: Buffer.from('CERT-A'), key: Buffer.from('KEY-A') } } });
    expect(parseCli(['--b', '[::1]:0', '--b-tls-key', 'b.key', '--b-tls-cert', 'b.crt'], read)).toEqual({
      b: { host: '::1', port: 0, tls: { cert: Buffer.from('CERT-B'), key: Buffer.from('KEY-B') } },
    });
    expect(() => parseCli(['--a-tls-cert', 'a.crt'], read)).toThrow(/--a-tls-cert and --a-tls-key go together/);
    expect(() => parseCli(['--b-tls-key', 'b.key'], read)).toThrow(/--b-tls-cert and --b-tls-key go together/);
    expect(() => parseCli(['--a-tls-cert', 'missing.crt', '--a-tls-key', 'a.key'], read)).toThrow(/--a-tls-cert: cannot read "missing\.crt": ENOENT/);
  });
});
