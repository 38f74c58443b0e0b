// Issue 9: under a flood the connection handles frames within a budget per event-loop
// turn (socket paused, the rest on the next turn), so signals and timers still run —
// and nothing is lost or reordered.
import { afterEach, expect, it } from 'vitest';
import { TServerConnection } from '../../../app/main/tserver/connection/index.ts';
import type { Clock } from '../../../app/main/tserver/connection/index.ts';
import { encodeMessage, makeMessage } from '../../../app/main/tserver/protocol/index.ts';
import { acceptOpen, startFakeServer } from './fake-server.ts';
import type { FakeServer } from './fake-server.ts';

let server: FakeServer | null = null;
let conn: TServerConnection | null = null;
afterEach(async () => {
  await conn?.close();
  await server?.close();
});

it('a burst of 2,000 frames is handled over several turns, in order, with timers running in between', async () => {
  server = await startFakeServer(acceptOpen);
  // Every look at the monotonic clock (one per 32 frames) costs 5 ms: the 20 ms budget runs out every ~160 frames.
  let ms = 0;
  const clock: Clock = { now: () => Date.now(), monotonic: () => (ms += 5), setTimeout: (fn, t) => setTimeout(fn, t), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };
  conn = new TServerConnection({ endpoint: { name: 'a', host: '127.0.0.1', port: server.port }, applicationName: 'unit', addpTimeoutMs: 0, clock });
  const seen: number[] = [];
  let turnsSeen = 0;
  let lastTurn = -1;
  let turn = 0;
  // One tick per event-loop turn (a check-phase callback that re-arms itself).
  let ticking = true;
  const tick = (): void => {
    turn++;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  conn.onEvent((e) => {
    if (e.name !== 'EventAddressInfo') return;
    seen.push(e.attributes.ReferenceID as number);
    if (turn !== lastTurn) {
      turnsSeen++;
      lastTurn = turn;
    }
  });
  await conn.open();
  const peer = await server.nextPeer();
  const burst = Buffer.concat(Array.from({ length: 2000 }, (_, i) => encodeMessage(makeMessage('EventAddressInfo', { ThisDN: '9', ReferenceID: 100_000 + i }))));
  peer.socket.write(burst);
  const deadline = Date.now() + 5000;
  while (seen.length < 2000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  ticking = false;
  expect(seen).toEqual(Array.from({ length: 2000 }, (_, i) => 100_000 + i));
  // Other work ran between the parts of the burst: it was not handled in one go (about 2,000 / 160 turns).
  expect(turnsSeen).toBeGreaterThan(5);
  expect(conn.state).toBe('open');
});
