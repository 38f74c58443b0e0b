// The open dialog against the simulator over real loopback TCP.
import { describe, expect, it } from 'vitest';
import { ErrorCodes, ServerRole } from '../../../app/main/tserver/protocol/index.ts';
import { startSimulator } from '../../../sim/index.ts';
import type { SimulatorOptions } from '../../../sim/index.ts';
import { simPerTest } from './sim-per-test.ts';

const EPHEMERAL: SimulatorOptions = { a: { port: 0 }, b: { port: 0 }, control: false };
const { start, connect: client } = simPerTest();

describe('open', () => {
  it('hot: primary answers EventLinkConnected with every open attribute', async () => {
    const s = await start({ mode: 'hot', now: () => 1_700_000_000_123 });
    const c = await client(s.servers.a.port);
    const reply = await c.open({ ApplicationName: 'toolbar' });
    expect(reply.name).toBe('EventLinkConnected');
    expect(reply.attributes).toMatchObject({
      ReferenceID: 1,
      ServerRole: ServerRole.Primary,
      ServerName: 'a',
      ApplicationName: 'toolbar',
      TimeinSecs: 1_700_000_000,
      TimeinuSecs: 123_000,
    });
    expect(typeof reply.attributes.SessionID).toBe('number');
    expect(typeof reply.attributes.EventSequenceNumber).toBe('number');
    expect(s.servers.a.clients).toBe(1);
  });

  it('hot: backup accepts with ServerRole=backup; session ids differ', async () => {
    const s = await start({ mode: 'hot' });
    const a = await (await client(s.servers.a.port)).open();
    const b = await (await client(s.servers.b.port)).open();
    expect(b.name).toBe('EventLinkConnected');
    expect(b.attributes.ServerRole).toBe(ServerRole.Backup);
    expect(b.attributes.SessionID).not.toBe(a.attributes.SessionID);
  });

  it('warm: primary accepts, backup refuses with EventError 58 then closes', async () => {
    const s = await start({ mode: 'warm' });
    expect((await (await client(s.servers.a.port)).open()).attributes.ServerRole).toBe(ServerRole.Primary);
    const c = await client(s.servers.b.port);
    const reply = await c.open();
    expect(reply.name).toBe('EventError');
    expect(reply.attributes).toMatchObject({ ErrorCode: ErrorCodes.OutOfService, ReferenceID: 1 });
    expect(typeof reply.attributes.ErrorMessage).toBe('string');
    expect(await c.closed).toEqual({ errorCode: null });
  });

  it('bad application password: EventError 119 then close; the right one opens', async () => {
    const s = await start({ applicationPassword: 'secret' });
    const bad = await client(s.servers.a.port);
    const reply = await bad.open({ ApplicationPassword: 'wrong' });
    expect(reply.attributes.ErrorCode).toBe(ErrorCodes.BadPassword);
    await bad.closed;
    const missing = await client(s.servers.a.port);
    expect((await missing.open()).attributes.ErrorCode).toBe(ErrorCodes.BadPassword);
    const good = await client(s.servers.a.port);
    expect((await good.open({ ApplicationPassword: 'secret' })).name).toBe('EventLinkConnected');
  });

  it('link down at open: EventLinkDisconnected with ErrorCode and ErrorMessage', async () => {
    const s = await start();
    s.setLink('a', { up: false, errorCode: 54, errorMessage: 'no switch' });
    const reply = await (await client(s.servers.a.port)).open();
    expect(reply.name).toBe('EventLinkDisconnected');
    expect(reply.attributes).toMatchObject({ ErrorCode: 54, ErrorMessage: 'no switch', ServerRole: ServerRole.Primary });
  });

  it('QueryServer answers EventServerInfo; sequence numbers increase', async () => {
    const s = await start({ now: () => 5_000 });
    const c = await client(s.servers.b.port);
    const open = await c.open();
    const ref = c.request('RequestQueryServer');
    const info = await c.next('EventServerInfo');
    expect(info.attributes).toMatchObject({ ReferenceID: ref, ServerName: 'b', ServerRole: ServerRole.Backup, ServerStartTime: 5 });
    expect(info.attributes.EventSequenceNumber as number).toBeGreaterThan(open.attributes.EventSequenceNumber as number);
  });

  it('slow handshake delays the reply; 0 turns it off', async () => {
    const s = await start();
    s.slowHandshake('a', 300);
    const c = await client(s.servers.a.port);
    c.request('RequestRegisterClient', { ApplicationName: 'x' });
    expect(await c.silentFor(150)).toBe(true);
    expect((await c.next(undefined, 1000)).name).toBe('EventLinkConnected');
    s.slowHandshake('a', 0);
    const t0 = Date.now();
    await (await client(s.servers.a.port)).open();
    expect(Date.now() - t0).toBeLessThan(150);
  });

  it('refuse closes new connections at once, existing ones stay', async () => {
    const s = await start();
    const kept = await client(s.servers.a.port);
    await kept.open();
    s.refuse('a', true);
    const c = await client(s.servers.a.port);
    await c.closed;
    s.refuse('a', false);
    expect((await (await client(s.servers.a.port)).open()).name).toBe('EventLinkConnected');
    kept.request('RequestQueryServer');
    expect((await kept.next()).name).toBe('EventServerInfo');
  });

  it('answers AddpPing with AddpPong echoing ReferenceID', async () => {
    const s = await start();
    const c = await client(s.servers.a.port);
    await c.open();
    c.send('AddpPing', { ReferenceID: 77 });
    const pong = await c.next('AddpPong');
    expect(pong.attributes.ReferenceID).toBe(77);
    expect(pong.attributes.EventSequenceNumber).toBeUndefined();
  });

  it('pings a silent client after AddpRemoteTimeout and drops it when no answer', async () => {
    const s = await start();
    const quiet = await client(s.servers.a.port);
    await quiet.open({ AddpRemoteTimeout: 100 });
    const t0 = Date.now();
    await quiet.next('AddpPing', 1000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(90);
    await quiet.closed;
    expect(Date.now() - t0).toBeGreaterThanOrEqual(180);
    // A client that answers stays.
    const alive = await client(s.servers.a.port);
    await alive.open({ AddpRemoteTimeout: 100 });
    for (let i = 0; i < 3; i++) {
      await alive.next('AddpPing', 1000);
      alive.send('AddpPong');
    }
    expect(alive.isClosed).toBe(false);
  });

  it('malformed bytes from a client close that socket; the server keeps serving', async () => {
    const s = await start();
    const bad = await client(s.servers.a.port);
    bad.socket.write(Buffer.from([0, 0, 0, 1, 0xff]));
    await bad.closed;
    const early = await client(s.servers.a.port);
    early.request('RequestQueryServer'); // a request before the open is a protocol violation
    await early.closed;
    const c = await client(s.servers.a.port);
    expect((await c.open()).name).toBe('EventLinkConnected');
  });

  it('an echo too large to encode costs that client its session only', async () => {
    const s = await start();
    const big = await client(s.servers.a.port);
    big.request('RequestRegisterClient', { ApplicationName: 'x'.repeat(1024 * 1024 - 64) });
    await big.closed;
    expect((await (await client(s.servers.a.port)).open()).name).toBe('EventLinkConnected');
  });

  it('random bytes never take the server down', async () => {
    const s = await start();
    let seed = 12345;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const victims = await Promise.all(Array.from({ length: 20 }, () => client(s.servers.a.port)));
    for (const v of victims) {
      const bytes = Buffer.from(Array.from({ length: 1 + rnd(64) }, () => rnd(256)));
      // Half of them start with a plausible header so the decoder gets past the length check.
      if (rnd(2) === 0 && bytes.length >= 4) bytes.writeUInt32BE(bytes.length - 4, 0);
      v.socket.write(bytes);
      v.socket.end();
    }
    await Promise.all(victims.map((v) => v.closed));
    expect((await (await client(s.servers.a.port)).open()).name).toBe('EventLinkConnected');
    expect(s.servers.a.up).toBe(true);
  });

  it('rejects invalid options with a clear error', async () => {
    await expect(startSimulator({ ...EPHEMERAL, mode: 'cold' as 'hot' })).rejects.toThrow(/mode/);
    await expect(startSimulator({ ...EPHEMERAL, promoteDelayMs: -1 })).rejects.toThrow(/promoteDelayMs/);
  });
});
