// Issue 9: what a T-Server (or a reader) can make the watch CLI spend is bounded,
// and what it echoes cannot leak a secret. Real processes, real sockets: a raw
// TCP server floods the real CLI while the test holds its stdout still.
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { Attributes } from '../../../app/main/tserver/protocol/index.ts';
import { acceptOpen, startFakeServer } from '../../unit/connection/fake-server.ts';
import type { FakeServer } from '../../unit/connection/fake-server.ts';
import { FLOOD_DN, startFloodServer } from './flood-server.ts';
import type { FloodServer } from './flood-server.ts';
import { ROOT, WATCH_ENTRY, killWatches, rssMiB, startWatch, tryParse } from './watch-process.ts';
import type { Line } from './watch-process.ts';

let server: FloodServer | FakeServer | null = null;

afterEach(async () => {
  killWatches();
  await server?.close();
  server = null;
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const watchArgs = (port: number, ...more: string[]) => ['--servers', `a=127.0.0.1:${port}`, '--mode', 'warm', '--dn', FLOOD_DN, '--addp', '0', '--json', ...more];

/** Agent events that each also change the snapshot, each carrying 32 KiB (so an unbounded output grows fast). */
const PAD = 'x'.repeat(32 * 1024);
const heavyFlip: Array<{ name: 'EventAgentReady' | 'EventAgentNotReady'; attributes: Attributes }> = [
  { name: 'EventAgentReady', attributes: { ThisDN: FLOOD_DN, AgentID: '1001', Extensions: [['pad', PAD]] } },
  { name: 'EventAgentNotReady', attributes: { ThisDN: FLOOD_DN, AgentID: '1001', Reasons: [['ReasonCode', '42']], Extensions: [['pad', PAD]] } },
];

/** Largest RSS seen every 100 ms until `ms` passed. */
async function peakRss(pid: number, ms: number): Promise<number> {
  let peak = 0;
  for (const end = Date.now() + ms; Date.now() < end; await sleep(100)) peak = Math.max(peak, rssMiB(pid) ?? 0);
  return peak;
}

describe('watch CLI under a flood', () => {
  it('a reader that stops reading: memory stays bounded, drops are counted; then SIGTERM: exit 0, every line whole, the final EventServerDisconnected last', async () => {
    const flood = (server = await startFloodServer({ events: heavyFlip }));
    const run = startWatch(watchArgs(flood.port));
    await run.waitFor((o) => o.kind === 'snapshot' && o.phase === 'online');
    run.child.stdout!.pause();
    // Unbounded (before issue 9) this grew by about 100 MB/s here; bounded it stays near its start.
    const peak = await peakRss(run.child.pid!, 3000);
    expect(flood.sent()).toBeGreaterThan(2000);
    expect(peak).toBeLessThan(250);
    run.child.stdout!.resume();
    await run.waitFor((o) => o.kind === 'dropped');
    const signalled = Date.now();
    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(5000);

    expect(run.partial()).toBe('');
    const objects = run.lines.map((line) => tryParse(line) ?? { unparsable: line });
    expect(objects.filter((o) => 'unparsable' in o)).toEqual([]);
    expect(objects.at(-1)).toMatchObject({ kind: 'event', event: 'EventServerDisconnected', server: 'a', Extensions: { reason: 'closed-by-client' } });
    const drops = objects.filter((o) => o.kind === 'dropped');
    for (const d of drops) expect(d).toEqual({ t: expect.any(Number), kind: 'dropped', events: expect.any(Number) });
    const dropped = drops.reduce((sum, d) => sum + (d.events as number), 0);
    const printed = objects.filter((o) => o.kind === 'event' && String(o.event).startsWith('EventAgent')).length;
    expect(dropped).toBeGreaterThan(0);
    expect(printed + dropped).toBeLessThanOrEqual(flood.sent());
    // Snapshots were coalesced, never reordered.
    const seqs = objects.filter((o) => o.kind === 'snapshot').map((o) => o.seq as number);
    expect(seqs).toEqual([...new Set(seqs)].sort((x, y) => x - y));
    expect(seqs.length).toBeLessThan(printed + dropped);
  });

  it('SIGTERM with a reader that never reads ends it within the close bounds; a second SIGTERM at once', async () => {
    const flood = (server = await startFloodServer());
    const first = startWatch(watchArgs(flood.port));
    await first.waitFor((o) => o.kind === 'snapshot' && o.phase === 'online');
    first.child.stdout!.pause();
    await sleep(500);
    let signalled = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exit).toEqual({ code: 0, signal: null });
    // 2 s for the session to close, 2 s for stdout to drain, then it goes anyway.
    expect(Date.now() - signalled).toBeLessThan(5500);

    const second = startWatch(watchArgs(flood.port));
    await second.waitFor((o) => o.kind === 'snapshot' && o.phase === 'online');
    second.child.stdout!.pause();
    await sleep(500);
    signalled = Date.now();
    second.child.kill('SIGTERM');
    await sleep(200);
    second.child.kill('SIGTERM');
    expect(await second.exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(2500);
  });

  it('`watch … | head -1`: the reader going away ends it quietly with exit 0', async () => {
    const flood = (server = await startFloodServer());
    const shell = spawn('bash', ['-c', `"${process.execPath}" --import tsx ${WATCH_ENTRY} ${watchArgs(flood.port).join(' ')} | head -1; echo "watch exit \${PIPESTATUS[0]}" >&2`], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    shell.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    shell.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    const code = await new Promise<number | null>((resolve) => shell.on('close', resolve));
    expect(code).toBe(0);
    expect(err).toBe('watch exit 0\n');
    expect(out.endsWith('\n') && out.split('\n')).toHaveLength(2);
    expect(JSON.parse(out)).toMatchObject({ kind: 'snapshot', seq: expect.any(Number) });
  });
});

describe('watch CLI and secrets', () => {
  const appPassword = 'app-S3cret-pw';
  const agentPassword = 'agent-Pin-8812';

  it('a server that echoes the passwords in ErrorMessage (and anywhere else) never gets them printed or logged', async () => {
    // The abuse in issue 9: the application password echoed 15 times.
    const echo = `denied: application password "${appPassword}", agent password ${agentPassword}`;
    const fake = (server = await startFakeServer((peer, m) => {
      acceptOpen(peer, m);
      if (m.name !== 'RequestRegisterAddress') return;
      peer.send('EventRegistered', { ReferenceID: m.attributes.ReferenceID, ThisDN: FLOOD_DN, AgentState: 0 });
      // Once the session is online (so the link-down snapshots carry the text too).
      setTimeout(() => {
        for (let i = 0; i < 15; i++) {
          peer.send('EventLinkDisconnected', { ServerRole: 1, TimeinSecs: 1, ErrorCode: 109, ErrorMessage: echo, Extensions: [[appPassword, agentPassword]] });
          peer.send('EventLinkConnected', { ServerRole: 1, TimeinSecs: 1, ApplicationName: appPassword });
        }
        peer.send('EventLinkDisconnected', { ServerRole: 1, TimeinSecs: 1, ErrorCode: 109, ErrorMessage: echo });
      }, 300);
    }));
    const run = startWatch(watchArgs(fake.port, '--log-level', 'info'), { TSERVER_APP_PASSWORD: appPassword, TSERVER_AGENT_PASSWORD: agentPassword });
    const down = await run.waitFor((o) => o.kind === 'snapshot' && o.phase === 'link-down' && (o.linkError as { message?: string } | null)?.message?.includes('denied') === true);
    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 0, signal: null });

    expect(down).toMatchObject({ linkError: { code: 109, message: 'denied: application password "[redacted]", agent password [redacted]' } });
    const everything = `${run.lines.join('\n')}\n${run.stderr()}`;
    expect(everything).not.toContain(appPassword);
    expect(everything).not.toContain(agentPassword);
    // It was there to leak: the echo reached at least an event and the snapshot it caused.
    expect(run.lines.filter((l) => l.includes('[redacted]')).length).toBeGreaterThanOrEqual(2);
    expect(run.stderr()).toContain('[redacted]');
    // And every line is still JSON.
    for (const line of [...run.lines, ...run.stderr().trimEnd().split('\n')]) expect(tryParse(line)).not.toBeNull();
    const lines = run.lines.map((l) => JSON.parse(l) as Line);
    expect(lines.find((o) => o.event === 'EventLinkDisconnected')).toMatchObject({ ErrorMessage: down.linkError && (down.linkError as { message: string }).message, Extensions: { '[redacted]': '[redacted]' } });
  });
});
