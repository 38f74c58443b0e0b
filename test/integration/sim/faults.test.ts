// Faults and HA: crash, hang, garbage, restart, promotion and switchover.
import { describe, expect, it } from 'vitest';
import { ServerRole } from '../../../app/main/tserver/protocol/index.ts';
import { RawClient, until } from './raw-client.ts';
import { simPerTest } from './sim-per-test.ts';

const { start, connect } = simPerTest({ mode: 'hot' });

async function opened(port: number): Promise<RawClient> {
  const c = await connect(port);
  await c.open();
  return c;
}

describe('faults', () => {
  it('crash resets every socket, stops listening and promotes the backup (hot: clients hear the new role)', async () => {
    const s = await start();
    const onA = await opened(s.servers.a.port);
    const onB = await opened(s.servers.b.port);
    const port = s.servers.a.port;
    const t0 = Date.now();
    s.crash('a');
    expect(await onA.closed).toEqual({ errorCode: 'ECONNRESET' });
    expect(Date.now() - t0).toBeLessThan(100);
    await expect(RawClient.connect(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const promoted = await onB.next();
    expect(promoted).toMatchObject({ name: 'EventLinkConnected', attributes: { ServerRole: ServerRole.Primary, ServerName: 'b' } });
    expect(s.servers).toMatchObject({ a: { up: false, role: 'backup', clients: 0 }, b: { up: true, role: 'primary' } });
  });

  it('warm: crash of the primary promotes the backup after promoteDelayMs; restart comes back as backup', async () => {
    const s = await start({ mode: 'warm', promoteDelayMs: 150 });
    await opened(s.servers.a.port);
    s.crash('a');
    const early = await connect(s.servers.b.port);
    expect((await early.open()).attributes.ErrorCode).toBe(58);
    await until(() => s.servers.b.role === 'primary', 1000, 'promotion');
    const c = await opened(s.servers.b.port);
    expect(c.isClosed).toBe(false);
    await s.restart('a');
    expect(s.servers.a).toMatchObject({ up: true, role: 'backup' });
    const refused = await connect(s.servers.a.port);
    expect((await refused.open()).attributes.ErrorCode).toBe(58);
  });

  it('restart while the other server is down comes back as primary', async () => {
    const s = await start({ mode: 'warm', promoteDelayMs: 0 });
    s.crash('a');
    await until(() => s.servers.b.role === 'primary', 1000, 'promotion');
    s.crash('b');
    await s.restart('a');
    expect(s.servers).toMatchObject({ a: { up: true, role: 'primary' }, b: { up: false, role: 'backup' } });
    const c = await opened(s.servers.a.port);
    expect(c.isClosed).toBe(false);
  });

  it('hang keeps the socket open but answers nothing (no pong); resume answers again', async () => {
    const s = await start({ promoteDelayMs: 0 });
    const c = await opened(s.servers.a.port);
    s.hang('a');
    expect(s.servers.a).toMatchObject({ hung: true, up: true });
    c.send('AddpPing', { ReferenceID: 1 });
    expect(await c.silentFor(150)).toBe(true);
    expect(c.isClosed).toBe(false);
    // The hung primary was replaced.
    expect(s.servers.b.role).toBe('primary');
    s.resume('a');
    const pong = await c.next('AddpPong');
    expect(pong.attributes.ReferenceID).toBe(1);
  });

  it('resume before promoteDelayMs cancels the promotion', async () => {
    const s = await start({ promoteDelayMs: 100 });
    s.hang('a');
    s.resume('a');
    await new Promise((r) => setTimeout(r, 150));
    expect(s.servers.a.role).toBe('primary');
    expect(s.servers.b.role).toBe('backup');
  });

  it('garbage makes the client decoder fail', async () => {
    const s = await start();
    const c = await opened(s.servers.a.port);
    s.garbage('a');
    await until(() => c.decodeError !== null, 1000, 'decode error');
    expect(c.decodeError?.kind).toBe('short-frame');
  });

  it('hot switchover: both servers send EventLinkConnected with their new role', async () => {
    const s = await start();
    const onA = await opened(s.servers.a.port);
    const onB = await opened(s.servers.b.port);
    s.switchover();
    expect((await onA.next()).attributes).toMatchObject({ ServerRole: ServerRole.Backup, ServerName: 'a' });
    expect((await onB.next()).attributes).toMatchObject({ ServerRole: ServerRole.Primary, ServerName: 'b' });
    s.crash('a');
    expect(() => s.switchover()).toThrow(/not running/);
  });

  it('warm switchover: the old primary drops its clients, the new one accepts', async () => {
    const s = await start({ mode: 'warm' });
    const onA = await opened(s.servers.a.port);
    s.switchover();
    expect(await onA.closed).toEqual({ errorCode: null });
    expect((await opened(s.servers.b.port)).isClosed).toBe(false);
  });

  it('restart of a backup keeps its port and the session state of the switch', async () => {
    const s = await start();
    const c = await opened(s.servers.a.port);
    c.request('RequestRegisterAddress', { ThisDN: '5001' });
    await c.next('EventRegistered');
    c.request('RequestAgentLogin', { ThisDN: '5001', AgentID: '1001' });
    await c.next('EventAgentLogin');
    const port = s.servers.b.port;
    await s.restart('b');
    expect(s.servers.b).toMatchObject({ port, up: true, role: 'backup' });
    expect(s.state().agents[0]).toMatchObject({ id: '1001', dn: '5001' });
  });

  it('onSend reports every frame written', async () => {
    const s = await start({ now: () => 42 });
    const seen: string[] = [];
    const off = s.onSend((server, m, t) => seen.push(`${server}:${m.name}@${t}`));
    await opened(s.servers.b.port);
    off();
    await opened(s.servers.b.port);
    expect(seen).toEqual(['b:EventLinkConnected@42']);
  });
});
