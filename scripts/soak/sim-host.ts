// The soak's simulator, in a child process so the soak process measures only the
// session (RSS and heap flat) and a stalled session cannot stall the servers.
// Started by sim-host-client.ts with the config as argv[2] (JSON); listens on
// ephemeral ports, serves the HTTP control API and reports over the IPC channel
// what sim-host-protocol.ts describes. Exits when the parent goes away.
import { startSimulator } from '../../sim/index.ts';
import type { Simulator } from '../../sim/index.ts';
import type { AgentChange, HostConfig, HostMessage, SentFrame } from './sim-host-protocol.ts';
import { epochNow } from './sim-host-protocol.ts';

const config = JSON.parse(process.argv[2] ?? '{}') as HostConfig;
let sim: Simulator | null = null;

const send = (message: HostMessage): void => {
  if (process.connected) process.send?.(message);
};

function kindOf(name: string, attributes: Record<string, unknown>): SentFrame['kind'] | null {
  switch (name) {
    case 'EventLinkConnected':
    case 'EventLinkDisconnected':
      // Only the open reply echoes the ApplicationName; role/link announcements do not.
      return typeof attributes.ApplicationName === 'string' ? 'open' : null;
    case 'EventRegistered':
      return attributes.ThisDN === config.dn ? 'registered' : null;
    case 'EventAgentLogin':
      return 'agent-login';
    case 'EventAgentLogout':
      return 'agent-logout';
    case 'EventError':
      return 'error';
    default:
      return null;
  }
}

async function main(): Promise<void> {
  sim = await startSimulator({
    mode: config.mode,
    a: { port: 0 },
    b: { port: 0 },
    control: { host: '127.0.0.1', port: 0 },
    promoteDelayMs: config.promoteDelayMs,
    logoutOnDisconnectMs: config.logoutOnDisconnectMs > 0 ? config.logoutOnDisconnectMs : null,
    now: epochNow,
  });
  sim.onSend((server, message, t) => {
    const kind = kindOf(message.name, message.attributes);
    if (!kind) return;
    const a = message.attributes;
    send({ type: 'sent', server, t, kind, requested: typeof a.ReferenceID === 'number', code: typeof a.ErrorCode === 'number' ? a.ErrorCode : null });
  });
  // The switch logs an agent out on its own (logout on disconnect) without anybody hearing
  // it: polling its state is the only way to see every change.
  let last = '';
  const poll = setInterval(() => {
    const agent = sim?.state().agents.find((x) => x.id === config.agentId);
    if (!agent) return;
    const key = `${agent.state}/${agent.reasonCode ?? ''}`;
    if (key === last) return;
    last = key;
    const change: AgentChange = { type: 'agent', t: epochNow(), state: agent.state, reasonCode: agent.reasonCode };
    send(change);
  }, 20);
  process.on('disconnect', () => {
    clearInterval(poll);
    void (sim?.close() ?? Promise.resolve()).finally(() => process.exit(0));
  });
  send({ type: 'ready', controlUrl: sim.controlUrl ?? '', ports: { a: sim.servers.a.port, b: sim.servers.b.port } });
}

main().catch((err: unknown) => {
  send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
  process.exit(1);
});
