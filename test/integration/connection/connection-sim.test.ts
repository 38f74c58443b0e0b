// TServerConnection against the simulator over real loopback TCP, real time,
// small timeouts (issue 2 "Done when"). Detection times are measured and asserted.
import { afterEach, describe, expect, it } from 'vitest';
import { TServerConnection } from '../../../app/main/tserver/connection/index.ts';
import type { ConnectionOptions, DisconnectInfo } from '../../../app/main/tserver/connection/index.ts';
import type { TMessage } from '../../../app/main/tserver/protocol/index.ts';
import { startSimulator } from '../../../sim/index.ts';
import type { SimServerName, Simulator, SimulatorOptions } from '../../../sim/index.ts';

const ADDP_MS = 400;
/** Scheduling slack on a loaded 2-core machine; detection itself is what is bounded. */
const MARGIN_MS = 150;

let sim: Simulator | null = null;
const connections: TServerConnection[] = [];

afterEach(async () => {
  await Promise.all(connections.splice(0).map((c) => c.close()));
  await sim?.close();
  sim = null;
});

async function simulator(options: Partial<SimulatorOptions> = {}): Promise<Simulator> {
  sim = await startSimulator({ mode: 'hot', a: { port: 0 }, b: { port: 0 }, control: false, ...options });
  return sim;
}

function connection(s: Simulator, server: SimServerName = 'a', extra: Partial<ConnectionOptions> = {}) {
  const { host, port } = s.servers[server];
  const conn = new TServerConnection({
    endpoint: { name: server, host, port },
    applicationName: 'integration',
    addpTimeoutMs: 0,
    connectTimeoutMs: 2000,
    requestTimeoutMs: 2000,
    ...extra,
  });
  connections.push(conn);
  const events: Array<{ e: TMessage; t: number }> = [];
  conn.onEvent((e) => events.push({ e, t: performance.now() }));
  const next = (name: string, after = 0) =>
    new Promise<{ e: TMessage; t: number }>((resolve) => {
      const have = events.slice(after).find((x) => x.e.name === name);
      if (have) return resolve(have);
      const off = conn.onEvent((e) => {
        if (e.name === name) {
          off();
          resolve({ e, t: performance.now() });
        }
      });
    });
  return { conn, events, names: () => events.map((x) => x.e.name), next };
}

async function timed(fn: () => void, closed: Promise<DisconnectInfo>): Promise<{ info: DisconnectInfo; ms: number }> {
  const start = performance.now();
  fn();
  const info = await closed;
  return { info, ms: performance.now() - start };
}

describe('TServerConnection against the simulator', () => {
  it('handshake: EventServerConnected, then EventLinkConnected with ServerRole and SessionID', async () => {
    const s = await simulator();
    const { conn, names, events } = connection(s, 'a');
    const open = await conn.open();
    expect(names()).toEqual(['EventServerConnected', 'EventLinkConnected']);
    const link = events[1]!.e.attributes;
    expect(link.ServerRole).toBe(1);
    expect(typeof link.SessionID).toBe('number');
    expect(open).toMatchObject({ role: 'primary', sessionId: link.SessionID, link: { up: true } });

    const b = connection(s, 'b');
    await expect(b.conn.open()).resolves.toMatchObject({ role: 'backup' });
  });

  it('link down then up: EventLinkDisconnected with ErrorCode/ErrorMessage, then EventLinkConnected', async () => {
    const s = await simulator();
    const { conn, next, events } = connection(s);
    await conn.open();
    const mark = events.length;
    s.setLink('a', { up: false, errorCode: 109, errorMessage: 'CTI link to the switch is down' });
    const down = await next('EventLinkDisconnected', mark);
    expect(down.e.attributes).toMatchObject({ ErrorCode: 109, ErrorMessage: 'CTI link to the switch is down', ServerRole: 1 });
    s.setLink('a', { up: true });
    const up = await next('EventLinkConnected', mark);
    expect(up.t).toBeGreaterThanOrEqual(down.t);
    expect(events.slice(mark).map((x) => x.e.name)).toEqual(['EventLinkDisconnected', 'EventLinkConnected']);
    expect(conn.state).toBe('open');
  });

  it('a link that is down at open is reported by the open result', async () => {
    const s = await simulator();
    s.setLink('a', { up: false, errorCode: 54, errorMessage: 'no connection to switch' });
    const { conn } = connection(s);
    await expect(conn.open()).resolves.toMatchObject({ link: { up: false, errorCode: 54, errorMessage: 'no connection to switch' } });
  });

  it('crash (RST): EventServerDisconnected within 100 ms, reason rst', async () => {
    const s = await simulator();
    const { conn } = connection(s);
    await conn.open();
    const { info, ms } = await timed(() => s.crash('a'), conn.closed);
    expect(info.reason).toBe('rst');
    expect(ms).toBeLessThan(100);
  });

  it(`hang: EventServerDisconnected by ADDP within 2 x ${ADDP_MS} ms + ${MARGIN_MS} ms, reason addp-timeout`, async () => {
    const s = await simulator();
    const { conn } = connection(s, 'a', { addpTimeoutMs: ADDP_MS });
    await conn.open();
    const { info, ms } = await timed(() => s.hang('a'), conn.closed);
    expect(info.reason).toBe('addp-timeout');
    // Not before one timeout of silence (it was ADDP, not TCP, that noticed), not after two plus margin.
    expect(ms).toBeGreaterThanOrEqual(ADDP_MS - 5);
    expect(ms).toBeLessThan(2 * ADDP_MS + MARGIN_MS);
  });

  it('ADDP keeps a healthy but quiet session up', async () => {
    const s = await simulator();
    const { conn } = connection(s, 'a', { addpTimeoutMs: 100 });
    await conn.open();
    await new Promise((r) => setTimeout(r, 600));
    expect(conn.state).toBe('open');
    await expect(conn.queryServer()).resolves.toMatchObject({ name: 'EventServerInfo' });
  });

  it('bad application password: rejected with 119, not retryable, reason server-error', async () => {
    const s = await simulator({ applicationPassword: 'secret' });
    const { conn } = connection(s, 'a', { applicationPassword: 'wrong' });
    await expect(conn.open()).rejects.toMatchObject({ kind: 'server', code: 119, retryable: false });
    expect(await conn.closed).toMatchObject({ reason: 'server-error' });

    const good = connection(s, 'a', { applicationPassword: 'secret' });
    await expect(good.conn.open()).resolves.toMatchObject({ role: 'primary' });
  });

  it('warm standby: the unpromoted backup answers 58, retryable', async () => {
    const s = await simulator({ mode: 'warm' });
    const { conn } = connection(s, 'b');
    await expect(conn.open()).rejects.toMatchObject({ kind: 'server', code: 58, retryable: true });
  });

  it('garbage from the server: reason protocol-error, pending requests fail', async () => {
    const s = await simulator();
    const { conn } = connection(s);
    await conn.open();
    s.hang('a'); // keep the request unanswered so it is pending when the garbage lands
    const pending = conn.queryServer().catch((e: unknown) => e);
    s.resume('a');
    s.garbage('a');
    const info = await conn.closed;
    expect(info.reason).toBe('protocol-error');
    expect(info.detail).toMatch(/short-frame/);
    expect(await pending).toMatchObject({ kind: 'disconnected' });
  });

  it('slow handshake past the connect timeout: reason connect-timeout, on time', async () => {
    const s = await simulator();
    s.slowHandshake('a', 2000);
    const { conn, names } = connection(s, 'a', { connectTimeoutMs: 300 });
    const start = performance.now();
    await expect(conn.open()).rejects.toMatchObject({ kind: 'disconnected', disconnect: { reason: 'connect-timeout' } });
    const ms = performance.now() - start;
    expect(ms).toBeGreaterThanOrEqual(295);
    expect(ms).toBeLessThan(300 + MARGIN_MS);
    expect(names()).toEqual(['EventServerConnected', 'EventServerDisconnected']);
  });

  it('refuse: reason refused', async () => {
    const s = await simulator();
    s.refuse('a', true);
    const { conn } = connection(s);
    await expect(conn.open()).rejects.toMatchObject({ disconnect: { reason: 'refused' } });
  });

  it('a crashed server (not listening): reason refused', async () => {
    const s = await simulator();
    s.crash('a');
    const { conn } = connection(s);
    await expect(conn.open()).rejects.toMatchObject({ disconnect: { reason: 'refused' } });
  });

  it('request timeout: code 57, the connection stays up and works again', async () => {
    const s = await simulator();
    const { conn } = connection(s, 'a', { requestTimeoutMs: 200 });
    await conn.open();
    s.hang('a');
    const start = performance.now();
    await expect(conn.queryServer()).rejects.toMatchObject({ kind: 'timeout', code: 57, retryable: true });
    expect(performance.now() - start).toBeLessThan(200 + MARGIN_MS);
    expect(conn.state).toBe('open');
    s.resume('a');
    await expect(conn.registerAddress('5001')).resolves.toMatchObject({ name: 'EventRegistered' });
  });

  it('requests after a disconnect fail fast with the reason', async () => {
    const s = await simulator();
    const { conn } = connection(s);
    await conn.open();
    s.crash('a');
    await conn.closed;
    const start = performance.now();
    await expect(conn.registerAddress('5001')).rejects.toMatchObject({ kind: 'disconnected', message: expect.stringContaining('rst') });
    expect(performance.now() - start).toBeLessThan(20);
  });

  it('close(): the server sees the client go, reason closed-by-client', async () => {
    const s = await simulator();
    const { conn } = connection(s);
    await conn.open();
    expect(s.state().servers.a.clients).toBe(1);
    await conn.close();
    expect(await conn.closed).toMatchObject({ reason: 'closed-by-client' });
    for (let i = 0; i < 50 && s.state().servers.a.clients > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(s.state().servers.a.clients).toBe(0);
  });
});

describe('TServerConnection requests against the simulator', () => {
  it('register, login, ready, not ready with reason, logout, query, unregister', async () => {
    const s = await simulator();
    const { conn } = connection(s);
    await conn.open();
    await expect(conn.registerAddress('5001')).resolves.toMatchObject({ name: 'EventRegistered', attributes: { ThisDN: '5001', AgentState: 0 } });
    await expect(conn.agentLogin('5001', '1001')).resolves.toMatchObject({ name: 'EventAgentLogin', attributes: { AgentID: '1001' } });
    await expect(conn.agentReady('5001')).resolves.toMatchObject({ attributes: { AgentState: 1 } });
    const nr = await conn.agentNotReady('5001', { workMode: 4, reasonCode: '42' });
    expect(nr.attributes).toMatchObject({ AgentState: 2, Reasons: [['ReasonCode', '42']] });
    expect(s.state().agents.find((a) => a.id === '1001')).toMatchObject({ state: 'not-ready', reasonCode: '42' });
    await expect(conn.queryAddress('5001')).resolves.toMatchObject({ name: 'EventAddressInfo', attributes: { AgentID: '1001', AgentState: 2 } });
    await expect(conn.queryServer()).resolves.toMatchObject({ name: 'EventServerInfo', attributes: { ServerRole: 1 } });
    await expect(conn.agentLogout('5001')).resolves.toMatchObject({ name: 'EventAgentLogout' });
    await expect(conn.unregisterAddress('5001')).resolves.toMatchObject({ name: 'EventUnregistered' });
  });

  it('server errors carry ErrorCode and retryable', async () => {
    const s = await simulator();
    const { conn } = connection(s);
    await conn.open();
    await expect(conn.registerAddress('0000')).rejects.toMatchObject({ kind: 'server', code: 123, retryable: false });
    await expect(conn.agentReady('5001')).rejects.toMatchObject({ kind: 'server', code: 41 });
    await conn.registerAddress('5001');
    s.setLink('a', { up: false });
    await expect(conn.agentLogin('5001', '1001')).rejects.toMatchObject({ kind: 'server', code: 109, retryable: true });
  });

  it('agent events caused elsewhere arrive unsolicited (no ReferenceID)', async () => {
    const s = await simulator();
    const watcher = connection(s, 'b');
    await watcher.conn.open();
    await watcher.conn.registerAddress('5001');
    const actor = connection(s, 'a');
    await actor.conn.open();
    await actor.conn.registerAddress('5001');
    await actor.conn.agentLogin('5001', '1001');
    const seen = await watcher.next('EventAgentLogin');
    expect(seen.e.attributes).toMatchObject({ ThisDN: '5001', AgentID: '1001' });
    expect(seen.e.attributes.ReferenceID).toBeUndefined();
    s.setAgentState('1001', { state: 'acw' });
    const acw = await watcher.next('EventAgentNotReady');
    expect(acw.e.attributes).toMatchObject({ AgentWorkMode: 3, AgentState: 2 });
  });

  it('hot switchover: each server tells its clients the new ServerRole', async () => {
    const s = await simulator();
    const a = connection(s, 'a');
    const b = connection(s, 'b');
    await a.conn.open();
    await b.conn.open();
    const [ma, mb] = [a.events.length, b.events.length];
    s.switchover();
    const [ea, eb] = await Promise.all([a.next('EventLinkConnected', ma), b.next('EventLinkConnected', mb)]);
    expect(ea.e.attributes.ServerRole).toBe(2);
    expect(eb.e.attributes.ServerRole).toBe(1);
  });
});
