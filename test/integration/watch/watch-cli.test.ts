// The watch CLI as an operator runs it: a real process against the simulator.
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.ts';
import type { Simulator } from '../../../sim/index.ts';
import { killWatches, startWatch as watch } from './watch-process.ts';

let sim: Simulator | null = null;

afterEach(async () => {
  killWatches();
  await sim?.close();
  sim = null;
});

const parse = (line: string) => JSON.parse(line) as Record<string, unknown>;
const isSnapshot = (o: Record<string, unknown>) => o.kind === 'snapshot';
const serverOf = (o: Record<string, unknown>) => (o.server as { name?: string } | null)?.name;

describe('watch CLI', () => {
  it('--json hot: events and snapshots, one JSON object per stdout line; agent logged in and Ready; SIGTERM exits 0', async () => {
    sim = await startSimulator({ mode: 'hot', a: { port: 0 }, b: { port: 0 }, control: false });
    const { a, b } = sim.servers;
    const run = watch(['--servers', `a=${a.host}:${a.port},b=${b.host}:${b.port}`, '--mode', 'hot', '--dn', '5001', '--agent', '1001', '--addp', '0.5', '--json', '--log-level', 'info']);

    const linkUp = await run.waitFor((o) => o.event === 'EventLinkConnected' && o.server === 'a');
    expect(linkUp).toMatchObject({ kind: 'event', ServerRole: 'primary' });
    expect(typeof linkUp.SessionID).toBe('number');
    const ready = await run.waitFor((o) => isSnapshot(o) && o.phase === 'online' && (o.agent as { state: string }).state === 'ready' && (o.standby as { ready: boolean }).ready);
    expect(ready).toMatchObject({ kind: 'snapshot', mode: 'hot', server: { name: 'a', role: 'primary' }, link: 'up', standby: { name: 'b', ready: true }, attempt: 0, nextAttemptAt: null, lastError: null, agent: { dn: '5001', agentId: '1001', state: 'ready', reasonCode: null } });
    expect(Object.keys(ready).slice(0, 2)).toEqual(['t', 'kind']);

    sim.setAgentState('1001', { state: 'not-ready', reasonCode: '42' });
    const nr = await run.waitFor((o) => o.event === 'EventAgentNotReady');
    expect(nr).toMatchObject({ server: 'a', Reasons: { ReasonCode: '42' } });
    sim.setLink('a', { up: false, errorCode: 109, errorMessage: 'CTI link to the switch is down' });
    const down = await run.waitFor((o) => isSnapshot(o) && o.phase === 'link-down');
    expect(down).toMatchObject({ link: 'down', linkError: { code: 109, message: 'CTI link to the switch is down' } });

    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    const objects = run.lines.map(parse);
    for (const obj of objects) {
      expect(typeof obj.t).toBe('number');
      expect(['event', 'snapshot']).toContain(obj.kind);
    }
    // Agent events are shown once (from the server carrying the session), never from the standby.
    expect(objects.filter((o) => o.event === 'EventAgentNotReady')).toHaveLength(1);
    const seqs = objects.filter(isSnapshot).map((o) => o.seq as number);
    expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
    expect(new Set(seqs).size).toBe(seqs.length);
    const closing = objects.filter((o) => o.event === 'EventServerDisconnected');
    expect(closing.map((o) => o.server).sort()).toEqual(['a', 'b']);
    for (const o of closing) expect(o).toMatchObject({ Extensions: { reason: 'closed-by-client' } });
    // The log on stderr: JSON lines only, the session's story and the CLI's own.
    const log = run.stderr().trimEnd().split('\n').map(parse);
    expect(log.find((l) => l.msg === 'signal: closing')).toMatchObject({ level: 30, signal: 'SIGTERM' });
    expect(log.filter((l) => l.component === 'session' && l.msg === 'phase changed').length).toBeGreaterThan(0);
  });

  it('--json warm --not-ready 42: primary crash → snapshot online on b with the agent restored', async () => {
    sim = await startSimulator({ mode: 'warm', a: { port: 0 }, b: { port: 0 }, control: false });
    const { a, b } = sim.servers;
    const run = watch(['--servers', `a=${a.host}:${a.port},b=${b.host}:${b.port}`, '--mode', 'warm', '--dn', '5001', '--agent', '1001', '--not-ready', '42', '--json']);
    await run.waitFor((o) => isSnapshot(o) && o.phase === 'online' && serverOf(o) === 'a' && (o.agent as { reasonCode: string }).reasonCode === '42');
    sim.crash('a');
    await run.waitFor((o) => o.event === 'EventServerDisconnected' && o.server === 'a');
    const after = await run.waitFor((o) => isSnapshot(o) && o.phase === 'online' && serverOf(o) === 'b');
    expect(after).toMatchObject({ mode: 'warm', server: { name: 'b', role: 'primary' }, agent: { state: 'not-ready', reasonCode: '42' }, lastFailover: { from: 'a', to: 'b', restored: true } });
    run.child.kill('SIGINT');
    expect(await run.exit).toEqual({ code: 0, signal: null });
  });

  it('bad application password: snapshot failed (not retryable), exit 1', async () => {
    sim = await startSimulator({ mode: 'warm', a: { port: 0 }, b: { port: 0 }, control: false, applicationPassword: 'right' });
    const { a, b } = sim.servers;
    const run = watch(['--servers', `a=${a.host}:${a.port},b=${b.host}:${b.port}`, '--mode', 'warm', '--dn', '5001', '--json'], { TSERVER_APP_PASSWORD: 'wrong' });
    expect(await run.exit).toEqual({ code: 1, signal: null });
    const failed = run.lines.map(parse).find((o) => isSnapshot(o) && o.phase === 'failed');
    expect(failed).toMatchObject({ lastError: { code: 119, retryable: false, server: 'a' } });
    // At the default level (warn) the log says why, and nothing else.
    const log = run.stderr().trimEnd().split('\n').map(parse);
    expect(log.find((l) => l.msg === 'session stopped: not retryable')).toMatchObject({ level: 50, lastError: { code: 119 } });
    expect(log.every((l) => (l.level as number) >= 40)).toBe(true);
  });

  it('text mode prints one readable line per event and per snapshot', async () => {
    sim = await startSimulator({ mode: 'hot', a: { port: 0 }, b: { port: 0 }, control: false });
    const { a } = sim.servers;
    const run = watch(['--servers', `a=${a.host}:${a.port}`, '--dn', '5001', '--addp', '0']);
    await new Promise<void>((resolve) => {
      const check = () => (run.lines.some((l) => / snapshot #\d+ online /.test(l)) ? resolve() : setTimeout(check, 20));
      check();
    });
    run.child.kill('SIGINT');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.lines.find((l) => l.includes('EventLinkConnected'))).toMatch(/^\d\d:\d\d:\d\d\.\d{3} a EventLinkConnected .*ServerRole=primary/);
    expect(run.lines.find((l) => / online /.test(l))).toMatch(/^\d\d:\d\d:\d\d\.\d{3} snapshot #\d+ online server=a\(primary\) link=up/);
  });

  // Every flag rule is unit-tested (test/unit/cli/watch-args.test.ts); here the process contract.
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
