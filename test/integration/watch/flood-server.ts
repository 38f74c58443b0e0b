// A T-Server that floods: it answers the open and the DN registration like a
// healthy one, then writes events as fast as the client's TCP window lets it
// (respecting its own socket's backpressure, so the test process stays small
// while the watch CLI under test is pushed as hard as the kernel allows).
// Built on the connection tests' scripted fake server.
import { encodeMessage, makeMessage } from '../../../app/main/tserver/protocol/index.ts';
import type { Attributes, MessageName } from '../../../app/main/tserver/protocol/index.ts';
import { acceptOpen, startFakeServer } from '../../unit/connection/fake-server.ts';
import type { FakePeer, FakeServer } from '../../unit/connection/fake-server.ts';

export const FLOOD_DN = '5001';

export interface FloodOptions {
  /** The events to repeat, in order (default: alternating agent Ready / NotReady on the DN, so every event also changes the snapshot). */
  events?: ReadonlyArray<{ name: MessageName; attributes: Attributes }>;
  /** Stop after this many events (default: until the client goes away). */
  limit?: number;
}

export interface FloodServer {
  port: number;
  server: FakeServer;
  /** Events written so far (all peers). */
  sent(): number;
  close(): Promise<void>;
}

const agentFlip: FloodOptions['events'] = [
  { name: 'EventAgentReady', attributes: { ThisDN: FLOOD_DN, AgentID: '1001' } },
  { name: 'EventAgentNotReady', attributes: { ThisDN: FLOOD_DN, AgentID: '1001', Reasons: [['ReasonCode', '42']] } },
];

export async function startFloodServer(options: FloodOptions = {}): Promise<FloodServer> {
  const pattern = options.events ?? agentFlip!;
  // One pre-encoded batch per write: the flood costs this process almost nothing.
  const batchEvents = pattern.length * Math.max(1, Math.ceil(256 / pattern.length));
  const batch = Buffer.concat(Array.from({ length: batchEvents }, (_, i) => encodeMessage(makeMessage(pattern[i % pattern.length]!.name, pattern[i % pattern.length]!.attributes))));
  let sent = 0;
  const flood = (peer: FakePeer): void => {
    const pump = (): void => {
      while (!peer.socket.destroyed && (options.limit === undefined || sent < options.limit)) {
        sent += batchEvents;
        if (!peer.socket.write(batch)) return void peer.socket.once('drain', pump);
      }
    };
    pump();
  };
  const server = await startFakeServer((peer, m) => {
    acceptOpen(peer, m);
    if (m.name === 'RequestRegisterAddress') {
      peer.send('EventRegistered', { ReferenceID: m.attributes.ReferenceID, ThisDN: FLOOD_DN, AgentState: 0 });
      setImmediate(() => flood(peer));
    }
  });
  return { port: server.port, server, sent: () => sent, close: () => server.close() };
}
