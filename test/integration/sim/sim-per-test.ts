// One simulator and its raw clients per test, all closed after each test, so a
// failing test cannot leave ports or sockets behind for the next one.
import { afterEach } from 'vitest';
import { startSimulator } from '../../../sim/index.ts';
import type { Simulator, SimulatorOptions } from '../../../sim/index.ts';
import type { ConnectionOptions } from 'node:tls';
import { RawClient } from './raw-client.ts';

export function simPerTest(defaults: SimulatorOptions = {}) {
  let sim: Simulator | null = null;
  const clients: RawClient[] = [];

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await sim?.close();
    sim = null;
  });

  return {
    /** Both servers on ephemeral ports and no control API, unless `opts` say otherwise. */
    async start(opts: SimulatorOptions = {}): Promise<Simulator> {
      sim = await startSimulator({ a: { port: 0 }, b: { port: 0 }, control: false, ...defaults, ...opts });
      return sim;
    },
    /** A connected raw client (over TLS with `tls`), closed after the test. */
    async connect(port: number, tls?: ConnectionOptions): Promise<RawClient> {
      const c = await RawClient.connect(port, '127.0.0.1', tls);
      clients.push(c);
      return c;
    },
  };
}
