// First run as a newcomer (issue 10): the preview's simulator takes the documented
// ports when they are free and free ones when not; the real CLI prints, last and
// labelled, the toolbar URL, the simulator's control URL and a failover command that
// really moves the toolbar to the backup.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startPreviewApp } from '../../../app/main/preview/preview-app.ts';
import type { PreviewApp, SimulatorPorts } from '../../../app/main/preview/preview-app.ts';
import type { ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);

/** Ports that were free a moment ago (the OS hands out a fresh one each time). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(Array.from({ length: count }, () => listen(0)));
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return ports;
}

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const silent = { write: () => true } as unknown as NodeJS.WritableStream;
let app: PreviewApp | null = null;
let blocker: Server | null = null;
let child: ChildProcess | null = null;
afterEach(async () => {
  await app?.close();
  app = null;
  await new Promise((r) => (blocker ? blocker.close(r) : r(undefined)));
  blocker = null;
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = null;
});

describe("the preview's simulator ports", () => {
  it('takes the ports it is asked for when they are free', async () => {
    const [a, b, control] = (await freePorts(3)) as [number, number, number];
    const ports: SimulatorPorts = { a, b, control };
    app = await startPreviewApp({ mode: 'hot', dn: '5001', agentId: '1001', endpoints: null, simulatorPorts: ports, logSink: silent });
    expect(app.simulatorMoved).toBe(false);
    expect(app.sim!.servers.a.port).toBe(a);
    expect(app.sim!.servers.b.port).toBe(b);
    expect(app.sim!.controlUrl).toBe(`http://127.0.0.1:${control}`);
    expect(app.endpoints.map((e) => e.port)).toEqual([a, b]);
  });

  it('takes free ones, and says so, when one of them is taken', async () => {
    const [a, b, control] = (await freePorts(3)) as [number, number, number];
    blocker = await listen(control);
    app = await startPreviewApp({ mode: 'hot', dn: '5001', agentId: '1001', endpoints: null, simulatorPorts: { a, b, control }, logSink: silent });
    expect(app.simulatorMoved).toBe(true);
    expect(app.sim!.controlUrl).not.toBe(`http://127.0.0.1:${control}`);
    expect(app.endpoints.map((e) => e.port)).toEqual([app.sim!.servers.a.port, app.sim!.servers.b.port]);
  });
});

describe('npm run preview, as a newcomer sees it', () => {
  it('prints last, labelled: the toolbar URL, the control URL and a failover command that works', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', join(root, 'app/main/preview/cli.ts')], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => void (out += chunk.toString()));
    child.stderr!.resume();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no first-run text within 15 s; stdout so far: ${out}`)), 15_000);
      child!.stdout!.on('data', () => {
        if (out.includes('Ctrl+C')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child!.once('exit', (code) => reject(new Error(`preview exited (${code}); stdout: ${out}`)));
    });

    const lines = out.trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/Ctrl\+C stops everything\.$/);
    const toolbar = /^ {2}Toolbar: +(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)$/m.exec(out)?.[1];
    const control = /^ {2}Simulator: +(http:\/\/127\.0\.0\.1:\d+) +T-Servers a=127\.0\.0\.1:(\d+) \(primary\), b=127\.0\.0\.1:(\d+) \(backup\)/m.exec(out);
    const failover = /^ {2}Failover: +(curl -s -X POST (http:\/\/127\.0\.0\.1:\d+)\/servers\/a\/crash)$/m.exec(out);
    expect(toolbar, out).toBeDefined();
    expect(control, out).not.toBeNull();
    expect(failover, out).not.toBeNull();
    expect(failover![2]).toBe(control![1]);
    // The documented ports, unless something here had them (then the text says so).
    const documented = control![1] === 'http://127.0.0.1:7099' && control![2] === '7001' && control![3] === '7002';
    expect(out.includes('Ports 7001/7002/7099 were taken'), out).toBe(!documented);

    // The page loads, and its WebSocket shows the session on a.
    const url = new URL(toolbar!);
    expect((await fetch(url)).status).toBe(200);
    const ws = new WebSocket(`ws://${url.host}/ipc?token=${url.searchParams.get('token')}`, { origin: url.origin });
    const snapshots: ConnectivitySnapshot[] = [];
    ws.on('message', (data) => {
      const msg = JSON.parse(String(data)) as { push?: string; payload?: ConnectivitySnapshot };
      if (msg.push === 'snapshot') snapshots.push(msg.payload!);
    });
    const until = async (what: string, ok: (s: ConnectivitySnapshot) => boolean) => {
      for (let i = 0; i < 200 && !snapshots.some(ok); i++) await new Promise((r) => setTimeout(r, 50));
      expect(snapshots.some(ok), `${what}; seen: ${JSON.stringify(snapshots.map((s) => [s.phase, s.server?.name]))}`).toBe(true);
    };
    await until('online on a', (s) => s.phase === 'online' && s.server?.name === 'a');

    // The printed command, as printed.
    const [cmd, ...args] = failover![1]!.split(' ');
    await run(cmd!, args);
    await until('online on b after the crash', (s) => s.phase === 'online' && s.server?.name === 'b');
    ws.close();

    child.kill('SIGTERM');
    const code = await new Promise<number | null>((r) => child!.once('exit', r));
    expect(code).toBe(0);
  }, 30_000);
});
