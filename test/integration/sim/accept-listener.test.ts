// Simulator.onAccept: one call per accepted TCP connection, per server, with the
// clock's time; refused-by-fault connections count, a crashed server's do not.
import { describe, expect, it } from 'vitest';
import type { SimServerName } from '../../../sim/index.ts';
import { RawClient, until } from './raw-client.ts';
import { simPerTest } from './sim-per-test.ts';

const { start, connect } = simPerTest();

describe('onAccept', () => {
  it('reports every accepted connection with its server and the clock time; unsubscribe stops it', async () => {
    let now = 1_000;
    const sim = await start({ now: () => now });
    const seen: Array<[SimServerName, number]> = [];
    const off = sim.onAccept((server, t) => seen.push([server, t]));
    await connect(sim.servers.a.port);
    await until(() => seen.length === 1);
    now = 2_000;
    await connect(sim.servers.b.port);
    await connect(sim.servers.b.port);
    await until(() => seen.length === 3);
    expect(seen).toEqual([
      ['a', 1_000],
      ['b', 2_000],
      ['b', 2_000],
    ]);
    off();
    await connect(sim.servers.a.port);
    await until(() => sim.servers.a.clients === 2);
    expect(seen).toHaveLength(3);
  });

  it('counts connections a refusing server closes, not those to a crashed server; a throwing listener is harmless', async () => {
    const sim = await start();
    const seen: SimServerName[] = [];
    sim.onAccept(() => {
      throw new Error('listener bug');
    });
    sim.onAccept((server) => seen.push(server));
    sim.refuse('b', true);
    const refused = await connect(sim.servers.b.port);
    expect(await refused.closed).toEqual({ errorCode: null });
    expect(seen).toEqual(['b']);
    const port = sim.servers.a.port;
    sim.crash('a');
    await expect(RawClient.connect(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(seen).toEqual(['b']);
    // The server carried on despite the throwing listener.
    sim.refuse('b', false);
    const ok = await connect(sim.servers.b.port);
    expect((await ok.open()).name).toBe('EventLinkConnected');
    expect(seen).toEqual(['b', 'b']);
  });
});
