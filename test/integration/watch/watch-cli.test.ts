// The watch CLI as an operator runs it: a real process against the simulator.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.ts';
import type { Simulator } from '../../../sim/index.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface Run {
  child: ChildProcess;
  lines: string[];
  stderr: () => string;
  /** Resolves with the first stdout line (parsed) that matches. */
  waitFor(match: (obj: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];
let sim: Simulator | null = null;

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await sim?.close();
  sim = null;
});

function watch(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'app/main/cli/watch.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  let err = '';
  let partial = '';
  const waiters: Array<{ match: (o: Record<string, unknown>) => boolean; resolve: (o: Record<string, unknown>) => void }> = [];
  const tryParse = (line: string): Record<string, unknown> | null => {
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      return null;
    }
  };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    partial += chunk;
    const parts = partial.split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      const obj = tryParse(line);
      for (const w of [...waiters]) {
        if (obj && w.match(obj)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(obj);
        }
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    child,
    lines,
    stderr: () => err,
    exit,
    // Bounded so a failure shows what the CLI did print instead of a bare test timeout.
    waitFor: (match, ms = 8000) =>
      new Promise((resolve, reject) => {
        const have = lines.map(tryParse).find((o) => o && match(o));
        if (have) return resolve(have);
        const timer = setTimeout(() => reject(new Error(`no matching line within ${ms} ms; stdout:\n${lines.join('\n')}\nstderr:\n${err}`)), ms);
        waiters.push({ match, resolve: (o) => (clearTimeout(timer), resolve(o)) });
      }),
  };
}

describe('watch CLI', () => {
  it('--json: one JSON object per stdout line with t/kind/event/server and attributes by T-Library name; SIGTERM exits 0', async () => {
    sim = await startSimulator({ mode: 'hot', a: { port: 0 }, b: { port: 0 }, control: false });
    const { a, b } = sim.servers;
    const run = watch(['--servers', `a=${a.host}:${a.port},b=${b.host}:${b.port}`, '--dn', '5001', '--agent', '1001', '--addp', '0.5', '--json']);

    const linkUp = await run.waitFor((o) => o.event === 'EventLinkConnected');
    expect(linkUp).toMatchObject({ kind: 'event', server: 'a', ServerRole: 'primary' });
    expect(typeof linkUp.SessionID).toBe('number');
    await run.waitFor((o) => o.event === 'EventAgentReady');

    sim.setAgentState('1001', { state: 'not-ready', reasonCode: '42' });
    const nr = await run.waitFor((o) => o.event === 'EventAgentNotReady');
    expect(nr.Reasons).toEqual({ ReasonCode: '42' });
    sim.setLink('a', { up: false, errorCode: 109, errorMessage: 'CTI link to the switch is down' });
    const down = await run.waitFor((o) => o.event === 'EventLinkDisconnected');
    expect(down).toMatchObject({ server: 'a', ErrorCode: 109, ErrorMessage: 'CTI link to the switch is down', ServerRole: 'primary' });

    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.lines.length).toBeGreaterThanOrEqual(6);
    for (const line of run.lines) {
      const obj = JSON.parse(line) as Record<string, unknown>;
      expect(typeof obj.t).toBe('number');
      expect(obj.kind).toBe('event');
      expect(typeof obj.event).toBe('string');
      expect(obj.server).toBe('a');
    }
    const names = run.lines.map((l) => (JSON.parse(l) as { event: string }).event);
    expect(names.slice(0, 5)).toEqual(['EventServerConnected', 'EventLinkConnected', 'EventRegistered', 'EventAgentLogin', 'EventAgentReady']);
    expect(names.at(-1)).toBe('EventServerDisconnected');
    expect(JSON.parse(run.lines.at(-1)!)).toMatchObject({ Extensions: { reason: 'closed-by-client' } });
    expect(run.stderr()).toContain('SIGTERM');
  });

  it('skips a server that refuses and watches the next; exits 1 when the session is lost', async () => {
    sim = await startSimulator({ mode: 'hot', a: { port: 0 }, b: { port: 0 }, control: false });
    sim.refuse('a', true);
    const { a, b } = sim.servers;
    const run = watch(['--servers', `a=${a.host}:${a.port},b=${b.host}:${b.port}`, '--dn', '5001', '--json']);
    const refused = await run.waitFor((o) => o.event === 'EventServerDisconnected');
    expect(refused).toMatchObject({ server: 'a', Extensions: { reason: 'refused' } });
    const up = await run.waitFor((o) => o.event === 'EventLinkConnected');
    expect(up).toMatchObject({ server: 'b', ServerRole: 'backup' });
    await run.waitFor((o) => o.event === 'EventRegistered');
    sim.crash('b');
    expect(await run.exit).toEqual({ code: 1, signal: null });
    expect(JSON.parse(run.lines.at(-1)!)).toMatchObject({ event: 'EventServerDisconnected', server: 'b', Extensions: { reason: 'rst' } });
    expect(run.stderr()).toContain('session lost');
  });

  it('text mode prints one readable line per event', async () => {
    sim = await startSimulator({ mode: 'hot', a: { port: 0 }, b: { port: 0 }, control: false });
    const { a } = sim.servers;
    const run = watch(['--servers', `a=${a.host}:${a.port}`, '--dn', '5001', '--addp', '0']);
    await new Promise<void>((resolve) => {
      const check = () => (run.lines.some((l) => l.includes('EventRegistered')) ? resolve() : setTimeout(check, 20));
      check();
    });
    run.child.kill('SIGINT');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.lines[1]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} a EventLinkConnected .*ServerRole=primary/);
  });

  // Every flag rule is unit-tested (test/unit/connection/watch-args.test.ts); here the process contract.
  it.each([
    [['--servers', 'a=127.0.0.1:7001', '--dn', '5001', '--bogus']],
    [['--dn', '5001']],
  ])('bad flags %j: usage on stderr, nothing on stdout, exit 2', async (args) => {
    const run = watch(args);
    expect(await run.exit).toEqual({ code: 2, signal: null });
    expect(run.lines).toEqual([]);
    expect(run.stderr()).toContain('usage: npm run watch');
  });
});
