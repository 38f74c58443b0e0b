// Issue 15 on the real process: the watch CLI frozen with SIGSTOP and woken with SIGCONT
// (a laptop's sleep) checks before it claims — a `checking` snapshot at once, then online
// again on the same session when the server answers; with the network gone meanwhile
// (a dropping proxy) it leaves the dead session within the probe deadline.
import { afterEach, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.ts';
import type { Simulator } from '../../../sim/index.ts';
import { startDroppingProxy } from '../../support/dropping-proxy.ts';
import type { DroppingProxy } from '../../support/dropping-proxy.ts';
import { killWatches, startWatch } from './watch-process.ts';

let sim: Simulator | null = null;
let proxy: DroppingProxy | null = null;
afterEach(async () => {
  killWatches();
  await proxy?.close();
  await sim?.close();
  proxy = null;
  sim = null;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('SIGSTOP, then SIGCONT: a checking snapshot at once, online again without a new session', async () => {
  sim = await startSimulator({ mode: 'warm', a: { port: 0 }, b: { port: 0 }, control: false });
  const w = startWatch(['--servers', `a=127.0.0.1:${sim.servers.a.port},b=127.0.0.1:${sim.servers.b.port}`, '--mode', 'warm', '--dn', '5001', '--addp', '10', '--addp-remote', '0', '--json']);
  await w.waitFor((o) => o.kind === 'snapshot' && o.phase === 'online', 15_000);
  w.child.kill('SIGSTOP');
  await sleep(1000);
  const from = w.lines.length;
  w.child.kill('SIGCONT');
  await w.waitFor((o) => o.kind === 'snapshot' && o.phase === 'checking', 3000);
  await w.waitFor((o) => o.kind === 'snapshot' && o.phase === 'online', 3000);
  const after = w.lines.slice(from).map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(after.filter((o) => o.event === 'EventServerDisconnected')).toEqual([]);
});

it('SIGCONT after the network to the primary vanished: off the dead session within 1.5 s', async () => {
  sim = await startSimulator({ mode: 'warm', a: { port: 0 }, b: { port: 0 }, control: false, promoteDelayMs: 60_000 });
  proxy = await startDroppingProxy(sim.servers.a);
  const w = startWatch(['--servers', `a=127.0.0.1:${proxy.port},b=127.0.0.1:${sim.servers.b.port}`, '--mode', 'warm', '--dn', '5001', '--addp', '10', '--addp-remote', '0', '--json']);
  await w.waitFor((o) => o.kind === 'snapshot' && o.phase === 'online', 15_000);
  w.child.kill('SIGSTOP');
  proxy.drop();
  await sleep(1000);
  const woke = Date.now();
  w.child.kill('SIGCONT');
  await w.waitFor((o) => o.kind === 'snapshot' && o.phase !== 'online' && o.phase !== 'checking', 3000);
  expect(Date.now() - woke).toBeLessThan(1500 + 300); // the 1 s probe deadline, plus a child process's own start of work
});
