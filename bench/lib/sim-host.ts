// Child process for the fleet benchmark: runs the simulator so that the
// measured process holds only the fleet. Driven over the fork IPC channel
// (messages in sim-host-protocol.ts); exits when the parent goes away.
//   forked by bench/lib/sim-host-client.ts, never run by hand
import { startSimulator } from '../../sim/index.ts';
import type { SimServerName, Simulator } from '../../sim/index.ts';
import type { HostReply, HostRequest } from './sim-host-protocol.ts';
import { epochNow } from './sim-host-protocol.ts';

let sim: Simulator | null = null;
let accepts: Record<SimServerName, number[]> = { a: [], b: [] };

function reply(message: HostReply): void {
  process.send?.(message);
}

async function handle(req: HostRequest): Promise<HostReply> {
  switch (req.op) {
    case 'start': {
      await sim?.close();
      accepts = { a: [], b: [] };
      sim = await startSimulator({
        mode: req.mode,
        control: false,
        a: { port: 0 },
        b: { port: 0 },
        dns: req.dns,
        agents: req.agents.map((id) => ({ id })),
        promoteDelayMs: req.promoteDelayMs,
      });
      // Epoch-based (not the simulator's clock) so the parent can line it up with its own.
      sim.onAccept((server) => accepts[server].push(epochNow()));
      return { op: 'started', ports: { a: sim.servers.a.port, b: sim.servers.b.port } };
    }
    case 'crash': {
      if (!sim) throw new Error('no simulator');
      const at = epochNow();
      sim.crash(req.server);
      return { op: 'crashed', at };
    }
    case 'restart': {
      if (!sim) throw new Error('no simulator');
      await sim.restart(req.server);
      // Stamped once it listens again: attempts before that are refused by the OS.
      return { op: 'restarted', at: epochNow() };
    }
    case 'accepts':
      return { op: 'accepts', accepts };
    case 'agents':
      if (!sim) throw new Error('no simulator');
      return { op: 'agents', agents: sim.state().agents.map((a) => ({ id: a.id, state: a.state, reasonCode: a.reasonCode })) };
    case 'close':
      await sim?.close();
      sim = null;
      return { op: 'closed' };
  }
}

process.on('message', (req: HostRequest) => {
  handle(req).then(reply, (err: unknown) => reply({ op: 'error', message: err instanceof Error ? err.message : String(err) }));
});
// The parent died or is done: never linger.
process.on('disconnect', () => {
  void (sim?.close() ?? Promise.resolve()).finally(() => process.exit(0));
});
reply({ op: 'hello' });
