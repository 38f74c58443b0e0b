// Issue 9: a server that breaks every session right after the open must not be redialled
// in a loop (the backoff resets only after a session stayed healthy).
import { afterEach, expect, it } from 'vitest';
import { TServerSession } from '../../../app/main/tserver/session/index.ts';
import { startFakeServer } from '../../unit/connection/fake-server.ts';
import type { FakeServer } from '../../unit/connection/fake-server.ts';

let server: FakeServer | null = null;
let session: TServerSession | null = null;
afterEach(async () => {
  await session?.stop();
  await server?.close();
});

it('a server that accepts, registers and then drops every session is redialled on the growing backoff', async () => {
  server = await startFakeServer((peer, m) => {
    const ref = m.attributes.ReferenceID;
    if (m.name === 'RequestRegisterClient') peer.send('EventLinkConnected', { ReferenceID: ref, ServerRole: 1, SessionID: 7, TimeinSecs: 1 });
    if (m.name === 'RequestRegisterAddress') {
      peer.send('EventRegistered', { ReferenceID: ref, ThisDN: m.attributes.ThisDN, AgentState: 0 });
      setTimeout(() => peer.socket.destroy(), 20); // … and breaks the session right away
    }
  });
  session = new TServerSession({
    mode: 'warm',
    endpoints: [{ name: 'a', host: '127.0.0.1', port: server.port }],
    applicationName: 'storm-test',
    addpTimeoutMs: 0,
    addpRemoteTimeoutMs: 0,
    dn: '5001',
    agentId: null,
    // Every wait at its ceiling, so the count is exact whatever the machine's load.
    random: () => 1,
    // Defaults but a quicker first step, so the test sees several rounds in 4 s.
    reconnect: { initialDelayMs: 200, multiplier: 2, maxDelayMs: 4000, firstDelayMaxMs: 0, connectTimeoutMs: 1000, minConnectTimeoutMs: 100, healthySessionMs: 5000 },
  });
  session.start();
  await new Promise((resolve) => setTimeout(resolve, 4000));
  // Waits of 0, 200, 400, 800, 1600, 3200 ms: sessions at ≈ 0, 0.2, 0.6, 1.4, 3.0 s — five in 4 s;
  // the old reset-on-every-open redialled every few ms (≈ 100 in 4 s).
  expect(server.peers.length).toBeGreaterThanOrEqual(4);
  expect(server.peers.length).toBeLessThanOrEqual(6);
});
