// Shared set-up of the soak's reproductions: the simulator pair in process and one
// warm session with small timeouts, the way the soak found each problem.
import { startSimulator } from '../../../sim/index.ts';
import type { Simulator } from '../../../sim/index.ts';
import { TServerSession } from '../../../app/main/tserver/session/index.ts';
import type { ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';
import { reconnectSettings } from '../../../app/main/tserver/session/reconnect/reconnect-policy.ts';
import type { ReconnectSettings } from '../../../app/main/tserver/session/api.ts';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function warmRig(
  initial: { state: 'ready' } | { state: 'not-ready'; reasonCode: string },
  reconnect: Partial<ReconnectSettings> = {},
  promoteDelayMs = 0,
): Promise<{ sim: Simulator; session: TServerSession; close(): Promise<void> }> {
  const sim = await startSimulator({ mode: 'warm', a: { port: 0 }, b: { port: 0 }, control: false, promoteDelayMs });
  const session = new TServerSession({
    mode: 'warm',
    endpoints: (['a', 'b'] as const).map((name) => ({ name, host: '127.0.0.1', port: sim.servers[name].port })),
    applicationName: 'soak-repro',
    addpTimeoutMs: 1000,
    addpRemoteTimeoutMs: 0,
    dn: '5001',
    agentId: '1001',
    initialAgentState: initial,
    reconnect: reconnectSettings({ initialDelayMs: 50, maxDelayMs: 200, firstDelayMaxMs: 20, connectTimeoutMs: 500, minConnectTimeoutMs: 100, ...reconnect }),
  });
  session.start();
  return {
    sim,
    session,
    close: async () => {
      await session.stop();
      await sim.close();
    },
  };
}

/** Polls the session's snapshot until `ok` (`ms` at most). */
export async function until(session: TServerSession, what: string, ok: (s: ConnectivitySnapshot) => boolean, ms = 10_000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!ok(session.snapshot())) {
    if (performance.now() > deadline) throw new Error(`no snapshot "${what}" within ${ms} ms`);
    await sleep(10);
  }
}

export const switchAgent = (sim: Simulator): string => {
  const a = sim.state().agents.find((x) => x.id === '1001');
  return a ? `${a.state}${a.reasonCode ? `(${a.reasonCode})` : ''}` : 'unknown';
};
