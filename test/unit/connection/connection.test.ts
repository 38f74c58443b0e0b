// TServerConnection against scripted fake servers on loopback. Timeouts and
// ADDP run on a fake clock, so nothing here waits on wall time.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TServerConnection, disconnectInfoOf } from '../../../app/main/tserver/connection/index.ts';
import { silenceGraceMs } from '../../../app/main/tserver/connection/addp.ts';
import type { ConnectionOptions } from '../../../app/main/tserver/connection/index.ts';
import { encodeMessage, makeMessage } from '../../../app/main/tserver/protocol/index.ts';
import type { TMessage } from '../../../app/main/tserver/protocol/index.ts';
import { FakeClock } from './fake-clock.ts';
import { acceptOpen, freePort, startDeafServer, startFakeServer } from './fake-server.ts';
import type { FakeServer, OnMessage } from './fake-server.ts';

const servers: FakeServer[] = [];
const connections: TServerConnection[] = [];

afterEach(async () => {
  await Promise.all(connections.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(onMessage?: OnMessage): Promise<FakeServer> {
  const s = await startFakeServer(onMessage);
  servers.push(s);
  return s;
}

function connect(port: number, extra: Partial<ConnectionOptions> = {}) {
  const clock = new FakeClock();
  const conn = new TServerConnection({
    endpoint: { name: 'a', host: '127.0.0.1', port },
    applicationName: 'unit',
    addpTimeoutMs: 0,
    clock,
    ...extra,
  });
  connections.push(conn);
  const events: TMessage[] = [];
  conn.onEvent((e) => events.push(e));
  const waitFor = (name: string) =>
    new Promise<TMessage>((resolve) => {
      const have = events.find((e) => e.name === name);
      if (have) return resolve(have);
      const off = conn.onEvent((e) => {
        if (e.name === name) {
          off();
          resolve(e);
        }
      });
    });
  return { conn, clock, events, names: () => events.map((e) => e.name), waitFor };
}

describe('TServerConnection open dialog', () => {
  it('emits EventServerConnected, sends RegisterClient, resolves with role, session and link', async () => {
    const s = await server();
    const { conn, names } = connect(s.port, { applicationPassword: 'pw', addpTimeoutMs: 1500, addpRemoteTimeoutMs: 2500 });
    const result = await conn.open();
    expect(result).toMatchObject({ role: 'primary', sessionId: 77, serverName: 'fake', link: { up: true } });
    expect(names()).toEqual(['EventServerConnected', 'EventLinkConnected']);
    const peer = await s.nextPeer();
    const reg = peer.received[0]!;
    expect(reg.name).toBe('RequestRegisterClient');
    expect(reg.attributes).toMatchObject({ ApplicationName: 'unit', ApplicationPassword: 'pw', AddpTimeout: 1500, AddpRemoteTimeout: 2500 });
    expect(typeof reg.attributes.ReferenceID).toBe('number');
    expect(conn.state).toBe('open');
  });

  it('reports a link that is down at open with its ErrorCode and ErrorMessage', async () => {
    const s = await server((peer, m) => {
      if (m.name === 'RequestRegisterClient') {
        peer.send('EventLinkDisconnected', { ReferenceID: m.attributes.ReferenceID, ServerRole: 2, SessionID: 5, TimeinSecs: 1, ErrorCode: 109, ErrorMessage: 'link down' });
      }
    });
    const { conn } = connect(s.port);
    await expect(conn.open()).resolves.toMatchObject({ role: 'backup', sessionId: 5, serverName: 'a', link: { up: false, errorCode: 109, errorMessage: 'link down' } });
  });

  it('bad application password (119) rejects as not retryable and ends with server-error', async () => {
    const s = await server((peer, m) => {
      if (m.name === 'RequestRegisterClient') {
        peer.send('EventError', { ReferenceID: m.attributes.ReferenceID, ErrorCode: 119, ErrorMessage: 'bad password' });
        peer.socket.end();
      }
    });
    const { conn, events } = connect(s.port, { applicationPassword: 'wrong' });
    await expect(conn.open()).rejects.toMatchObject({ kind: 'server', code: 119, retryable: false });
    expect(await conn.closed).toMatchObject({ reason: 'server-error' });
    expect(events.map((e) => e.name)).toEqual(['EventServerConnected', 'EventError', 'EventServerDisconnected']);
    expect(disconnectInfoOf(events[2]!)?.detail).toContain('bad password');
  });

  it('out of service (58, unpromoted warm backup) rejects as retryable', async () => {
    const s = await server((peer, m) => {
      if (m.name === 'RequestRegisterClient') peer.send('EventError', { ReferenceID: m.attributes.ReferenceID, ErrorCode: 58, ErrorMessage: 'backup' });
    });
    const { conn } = connect(s.port);
    await expect(conn.open()).rejects.toMatchObject({ kind: 'server', code: 58, retryable: true });
  });

  it('an open reply without ServerRole is a protocol error', async () => {
    const s = await server((peer, m) => {
      if (m.name === 'RequestRegisterClient') peer.send('EventLinkConnected', { ReferenceID: m.attributes.ReferenceID, SessionID: 1, TimeinSecs: 1 });
    });
    const { conn } = connect(s.port);
    await expect(conn.open()).rejects.toMatchObject({ kind: 'disconnected', disconnect: { reason: 'protocol-error' } });
    expect((await conn.closed).detail).toContain('ServerRole');
  });

  it('connect timeout: a server that never answers the open request', async () => {
    const s = await server(() => {});
    const { conn, clock, waitFor } = connect(s.port, { connectTimeoutMs: 3000 });
    const opening = conn.open();
    opening.catch(() => {});
    await waitFor('EventServerConnected');
    clock.advance(2999);
    expect(conn.state).toBe('opening');
    clock.advance(1);
    await expect(opening).rejects.toMatchObject({ kind: 'disconnected', disconnect: { reason: 'connect-timeout' } });
    expect((await conn.closed).detail).toContain('open reply');
  });

  it('refused: nothing listens on the port', async () => {
    const port = await freePort();
    const { conn, names } = connect(port);
    await expect(conn.open()).rejects.toMatchObject({ disconnect: { reason: 'refused' } });
    expect((await conn.closed).detail).toContain('ECONNREFUSED');
    expect(names()).toEqual(['EventServerDisconnected']);
  });

  it('refused: the server closes the socket before the open reply', async () => {
    const s = await server((peer) => peer.socket.end());
    const { conn } = connect(s.port);
    await expect(conn.open()).rejects.toMatchObject({ disconnect: { reason: 'refused' } });
  });

  it('open() twice is a bad request', async () => {
    const s = await server();
    const { conn } = connect(s.port);
    await conn.open();
    await expect(conn.open()).rejects.toMatchObject({ kind: 'bad-request' });
  });
});

/** A server that answers each request the way the simulator would. */
const answering: OnMessage = (peer, m) => {
  const ref = m.attributes.ReferenceID;
  const dn = m.attributes.ThisDN;
  switch (m.name) {
    case 'RequestRegisterClient':
      return acceptOpen(peer, m);
    case 'RequestRegisterAddress':
      if (dn === '9999') return peer.send('EventError', { ReferenceID: ref, ErrorCode: 123, ErrorMessage: 'DN does not exist' });
      return peer.send('EventRegistered', { ReferenceID: ref, ThisDN: dn, AgentState: 0 });
    case 'RequestUnregisterAddress':
      return peer.send('EventUnregistered', { ReferenceID: ref, ThisDN: dn });
    case 'RequestQueryAddress':
      return peer.send('EventAddressInfo', { ReferenceID: ref, ThisDN: dn, AgentState: 2, AgentID: '1001', AgentWorkMode: 3 });
    case 'RequestQueryServer':
      return peer.send('EventServerInfo', { ReferenceID: ref, ServerName: 'fake', ServerRole: 1, ServerStartTime: 1 });
    case 'RequestAgentLogin':
      if (m.attributes.AgentPassword !== undefined && m.attributes.AgentPassword !== 'pw') {
        return peer.send('EventError', { ReferenceID: ref, ErrorCode: 1705, ErrorMessage: 'password does not match' });
      }
      return peer.send('EventAgentLogin', { ReferenceID: ref, ThisDN: dn, AgentID: m.attributes.AgentID, AgentState: 2 });
    case 'RequestAgentLogout':
      return peer.send('EventAgentLogout', { ReferenceID: ref, ThisDN: dn, AgentID: '1001' });
    case 'RequestAgentReady':
      return peer.send('EventAgentReady', { ReferenceID: ref, ThisDN: dn, AgentID: '1001', AgentWorkMode: m.attributes.AgentWorkMode ?? 1, AgentState: 1 });
    case 'RequestAgentNotReady':
      return peer.send('EventAgentNotReady', { ReferenceID: ref, ThisDN: dn, AgentID: '1001', AgentWorkMode: m.attributes.AgentWorkMode ?? 4, Reasons: m.attributes.Reasons ?? [], AgentState: 2 });
    default:
      return undefined;
  }
};

describe('TServerConnection requests', () => {
  it('every request sends its attributes and resolves with its reply', async () => {
    const s = await server(answering);
    const { conn } = connect(s.port);
    await conn.open();
    const peer = await s.nextPeer();
    await expect(conn.registerAddress('5001')).resolves.toMatchObject({ name: 'EventRegistered', attributes: { ThisDN: '5001' } });
    await expect(conn.queryAddress('5001')).resolves.toMatchObject({ name: 'EventAddressInfo', attributes: { AgentWorkMode: 3 } });
    await expect(conn.queryServer()).resolves.toMatchObject({ name: 'EventServerInfo' });
    await expect(conn.agentLogin('5001', '1001', 'pw', 1)).resolves.toMatchObject({ name: 'EventAgentLogin' });
    await expect(conn.agentReady('5001')).resolves.toMatchObject({ name: 'EventAgentReady' });
    const nr = await conn.agentNotReady('5001', { workMode: 4, reasonCode: '42' });
    expect(nr.attributes.Reasons).toEqual([['ReasonCode', '42']]);
    await expect(conn.agentLogout('5001')).resolves.toMatchObject({ name: 'EventAgentLogout' });
    await expect(conn.unregisterAddress('5001')).resolves.toMatchObject({ name: 'EventUnregistered' });
    const sent = peer.received.map((m) => m.name);
    expect(sent).toEqual([
      'RequestRegisterClient',
      'RequestRegisterAddress',
      'RequestQueryAddress',
      'RequestQueryServer',
      'RequestAgentLogin',
      'RequestAgentReady',
      'RequestAgentNotReady',
      'RequestAgentLogout',
      'RequestUnregisterAddress',
    ]);
    expect(peer.received[4]!.attributes).toMatchObject({ ThisDN: '5001', AgentID: '1001', AgentPassword: 'pw', AgentWorkMode: 1 });
    expect(peer.received[6]!.attributes).toMatchObject({ AgentWorkMode: 4, Reasons: [['ReasonCode', '42']] });
    const refs = peer.received.map((m) => m.attributes.ReferenceID);
    expect(new Set(refs).size).toBe(refs.length);
  });

  it('replies out of order reach the right requests', async () => {
    const held: TMessage[] = [];
    const s = await server((peer, m) => {
      if (m.name === 'RequestRegisterClient') return acceptOpen(peer, m);
      held.push(m);
      if (held.length === 2) {
        for (const h of held.reverse()) peer.send('EventRegistered', { ReferenceID: h.attributes.ReferenceID, ThisDN: h.attributes.ThisDN });
      }
    });
    const { conn } = connect(s.port);
    await conn.open();
    const [r1, r2] = await Promise.all([conn.registerAddress('5001'), conn.registerAddress('5002')]);
    expect(r1.attributes.ThisDN).toBe('5001');
    expect(r2.attributes.ThisDN).toBe('5002');
  });

  it('EventError replies reject with ErrorCode, ErrorMessage and retryable', async () => {
    const s = await server(answering);
    const { conn } = connect(s.port);
    await conn.open();
    await expect(conn.registerAddress('9999')).rejects.toMatchObject({ kind: 'server', code: 123, retryable: false, message: expect.stringContaining('DN does not exist') });
    await expect(conn.agentLogin('5001', '1001', 'nope')).rejects.toMatchObject({ code: 1705, retryable: false });
    expect(conn.state).toBe('open');
  });

  it('a request without reply times out with code 57; the connection stays up', async () => {
    const s = await server((peer, m) => {
      if (m.name === 'RequestRegisterClient') acceptOpen(peer, m);
      if (m.name === 'RequestQueryServer') peer.send('EventServerInfo', { ReferenceID: m.attributes.ReferenceID });
    });
    const { conn, clock } = connect(s.port, { requestTimeoutMs: 2000 });
    await conn.open();
    const peer = await s.nextPeer();
    const lost = conn.registerAddress('5001');
    lost.catch(() => {}); // asserted below; rejects synchronously inside advance()
    await peer.next('RequestRegisterAddress');
    clock.advance(2000);
    await expect(lost).rejects.toMatchObject({ kind: 'timeout', code: 57, retryable: true });
    expect(conn.state).toBe('open');
    await expect(conn.queryServer()).resolves.toMatchObject({ name: 'EventServerInfo' });
  });

  it('bad arguments are rejected without sending anything', async () => {
    const s = await server(answering);
    const { conn } = connect(s.port);
    await conn.open();
    await expect(conn.registerAddress('')).rejects.toMatchObject({ kind: 'bad-request', retryable: false });
    await expect(conn.agentLogin('5001', '')).rejects.toMatchObject({ kind: 'bad-request' });
    await expect(conn.agentReady('5001', 1.5)).rejects.toMatchObject({ kind: 'bad-request' });
    const peer = await s.nextPeer();
    expect(peer.received.map((m) => m.name)).toEqual(['RequestRegisterClient']);
    expect(conn.state).toBe('open');
  });

  it('requests before open fail fast', async () => {
    const s = await server(answering);
    const { conn } = connect(s.port);
    await expect(conn.queryServer()).rejects.toMatchObject({ kind: 'disconnected' });
  });

  it('unsolicited events reach listeners; a throwing listener harms nobody', async () => {
    const s = await server(answering);
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const { conn, waitFor } = connect(s.port);
    conn.onEvent(() => {
      throw new Error('listener bug');
    });
    await conn.open();
    const peer = await s.nextPeer();
    peer.send('EventLinkDisconnected', { TimeinSecs: 2, ErrorCode: 109, ErrorMessage: 'CTI link down', ServerRole: 1 });
    const down = await waitFor('EventLinkDisconnected');
    expect(down.attributes).toMatchObject({ ErrorCode: 109, ErrorMessage: 'CTI link down' });
    await expect(conn.queryServer()).resolves.toMatchObject({ name: 'EventServerInfo' });
    await conn.close();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('listener bug'));
    warn.mockRestore();
  });
});

describe('TServerConnection end of session', () => {
  it('FIN from the server: reason fin, pending requests rejected at once, later requests fail fast', async () => {
    const s = await server((peer, m) => {
      if (m.name === 'RequestRegisterClient') acceptOpen(peer, m);
      if (m.name === 'RequestRegisterAddress') peer.socket.end();
    });
    const { conn, names } = connect(s.port);
    await conn.open();
    await expect(conn.registerAddress('5001')).rejects.toMatchObject({ kind: 'disconnected', disconnect: { reason: 'fin' } });
    expect(conn.state).toBe('closed');
    await expect(conn.queryServer()).rejects.toMatchObject({ kind: 'disconnected', message: expect.stringContaining('fin') });
    expect(names().filter((n) => n === 'EventServerDisconnected')).toHaveLength(1);
  });

  it('RST from the server: reason rst', async () => {
    const s = await server((peer, m) => {
      if (m.name === 'RequestRegisterClient') acceptOpen(peer, m);
      if (m.name === 'RequestQueryServer') peer.socket.resetAndDestroy();
    });
    const { conn } = connect(s.port);
    await conn.open();
    await expect(conn.queryServer()).rejects.toMatchObject({ disconnect: { reason: 'rst' } });
    expect((await conn.closed).detail).toContain('ECONNRESET');
  });

  it('malformed bytes: reason protocol-error with the decoder detail', async () => {
    const s = await server(answering);
    const { conn } = connect(s.port);
    await conn.open();
    const peer = await s.nextPeer();
    const pending = conn.queryAddress('5001').catch((e: unknown) => e);
    peer.socket.write(Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]));
    const info = await conn.closed;
    expect(info.reason).toBe('protocol-error');
    expect(info.detail).toContain('oversize-frame');
    expect(await pending).toMatchObject({ kind: 'disconnected' });
    expect(await peer.ended).toBeTruthy();
  });

  it('an event missing a mandatory attribute is a protocol error', async () => {
    const s = await server(answering);
    const { conn } = connect(s.port);
    await conn.open();
    const peer = await s.nextPeer();
    peer.send('EventRegistered', {}); // ThisDN is mandatory
    expect(await conn.closed).toMatchObject({ reason: 'protocol-error', detail: expect.stringContaining('missing-attribute') });
  });

  it('close(): FIN to the server, closed-by-client, pending rejected, exactly one EventServerDisconnected', async () => {
    const s = await server((peer, m) => {
      if (m.name === 'RequestRegisterClient') acceptOpen(peer, m);
    });
    const { conn, names, events } = connect(s.port);
    await conn.open();
    const peer = await s.nextPeer();
    const pending = conn.queryServer().catch((e: unknown) => e);
    await conn.close();
    expect(await pending).toMatchObject({ kind: 'disconnected', disconnect: { reason: 'closed-by-client' } });
    expect(await peer.ended).toBe('fin');
    await conn.close();
    expect(names()).toEqual(['EventServerConnected', 'EventLinkConnected', 'EventServerDisconnected']);
    expect(disconnectInfoOf(events[2]!)).toEqual({ reason: 'closed-by-client', detail: 'closed by the client' });
    expect(disconnectInfoOf(events[1]!)).toBeNull();
    expect(await conn.closed).toEqual({ reason: 'closed-by-client', detail: 'closed by the client' });
  });

  it('close() while the open dialog is in flight rejects open()', async () => {
    const s = await server(() => {});
    const { conn, waitFor } = connect(s.port);
    const opening = conn.open();
    opening.catch(() => {}); // asserted below
    await waitFor('EventServerConnected');
    await conn.close();
    await expect(opening).rejects.toMatchObject({ disconnect: { reason: 'closed-by-client' } });
  });
});

describe('TServerConnection ADDP', () => {
  it('answers server pings with pongs echoing ReferenceID', async () => {
    const s = await server(answering);
    const { conn } = connect(s.port);
    await conn.open();
    const peer = await s.nextPeer();
    peer.send('AddpPing', { ReferenceID: 9 });
    const pong = await peer.next('AddpPong');
    expect(pong.attributes.ReferenceID).toBe(9);
  });

  it('pings after the timeout of silence and stays up when the server answers', async () => {
    const s = await server((peer, m) => {
      answering(peer, m);
      if (m.name === 'AddpPing') peer.send('AddpPong');
    });
    const { conn, clock, names } = connect(s.port, { addpTimeoutMs: 1000 });
    await conn.open();
    const peer = await s.nextPeer();
    clock.advance(1000);
    await peer.next('AddpPing');
    await conn.queryServer(); // the pong was sent before this reply, so it has arrived too
    clock.advance(1000);
    expect(conn.state).toBe('open');
    expect(names()).not.toContain('AddpPong');
  });

  it('a silent server is declared lost after 2 x timeout: reason addp-timeout', async () => {
    const s = await server(acceptOpen);
    const { conn, clock } = connect(s.port, { addpTimeoutMs: 1000 });
    await conn.open();
    const peer = await s.nextPeer();
    clock.advance(1000);
    await peer.next('AddpPing');
    const pending = conn.queryServer().catch((e: unknown) => e);
    clock.advance(999);
    expect(conn.state).toBe('open');
    clock.advance(1);
    expect(conn.state).toBe('closed');
    expect(await conn.closed).toMatchObject({ reason: 'addp-timeout' });
    expect(await pending).toMatchObject({ disconnect: { reason: 'addp-timeout' } });
  });
});

describe('TServerConnection: replies must be about the requested DN (issue 9)', () => {
  /** Answers RegisterAddress with our ReferenceID but for DN 9999 (or EventError naming it). */
  const otherDn =
    (reply: 'EventRegistered' | 'EventError'): OnMessage =>
    (peer, m) => {
      if (m.name === 'RequestRegisterClient') return acceptOpen(peer, m);
      const ref = m.attributes.ReferenceID;
      if (m.name === 'RequestRegisterAddress') {
        if (reply === 'EventError') peer.send('EventError', { ReferenceID: ref, ThisDN: '9999', ErrorCode: 123, ErrorMessage: 'DN does not exist' });
        else peer.send('EventRegistered', { ReferenceID: ref, ThisDN: '9999', AgentState: 1 });
      }
    };

  it('EventRegistered for another DN rejects RegisterAddress (retryable), closes as protocol-error, never reaches listeners', async () => {
    const s = await server(otherDn('EventRegistered'));
    const { conn, names } = connect(s.port);
    await conn.open();
    const err = await conn.registerAddress('5001').catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'disconnected', retryable: true, disconnect: { reason: 'protocol-error' } });
    expect((err as Error).message).toContain('RegisterAddress 5001');
    const info = await conn.closed;
    expect(info.reason).toBe('protocol-error');
    expect(info.detail).toMatch(/^wrong-dn: EventRegistered for DN "9999" answers RegisterAddress 5001 \(ReferenceID \d+\)$/);
    expect(names()).toEqual(['EventServerConnected', 'EventLinkConnected', 'EventServerDisconnected']);
  });

  it('an EventError naming another DN is the same fault (not a not-retryable 123 for our DN)', async () => {
    const s = await server(otherDn('EventError'));
    const { conn } = connect(s.port);
    await conn.open();
    await expect(conn.registerAddress('5001')).rejects.toMatchObject({ kind: 'disconnected', retryable: true });
    expect((await conn.closed).detail).toContain('wrong-dn: EventError for DN "9999"');
  });

  it('events about other DNs that answer no request of ours pass through', async () => {
    const s = await server(answering);
    const { conn, waitFor } = connect(s.port);
    await conn.open();
    await conn.registerAddress('5001');
    const peer = await s.nextPeer();
    peer.send('EventAgentReady', { ThisDN: '7777', AgentID: '2002', AgentState: 1 });
    peer.send('EventAgentReady', { ReferenceID: 424242, ThisDN: '7777', AgentID: '2002', AgentState: 1 });
    await waitFor('EventAgentReady');
    await expect(conn.queryAddress('5001')).resolves.toMatchObject({ attributes: { ThisDN: '5001' } });
    expect(conn.state).toBe('open');
  });
});

describe('TServerConnection: liveness is whole frames (issue 9)', () => {
  /** Resolves once the connection's decoder holds an unfinished frame of `atLeast` bytes. */
  async function decoderHolds(conn: TServerConnection, atLeast: number): Promise<void> {
    for (let i = 0; i < 400 && conn.usage.decoderRetainedBytes < atLeast; i++) await new Promise((r) => setTimeout(r, 5));
    expect(conn.usage.decoderRetainedBytes).toBeGreaterThanOrEqual(atLeast);
  }

  it('a frame trickled in byte by byte is not life: ping after 1 x timeout, lost after 2 x', async () => {
    const s = await server(acceptOpen);
    const { conn, clock } = connect(s.port, { addpTimeoutMs: 1000 });
    const silences: Array<number | null> = [];
    conn.onSilence((since) => silences.push(since));
    await conn.open();
    const openedAt = clock.now();
    const peer = await s.nextPeer();
    // Announce a 1,000,000-byte frame, then a few bytes of it at a time.
    const head = Buffer.alloc(4);
    head.writeUInt32BE(1_000_000);
    peer.socket.write(head);
    await decoderHolds(conn, 1_000_004);
    clock.advance(1000);
    await peer.next('AddpPing');
    clock.advance(silenceGraceMs(1000));
    expect(conn.silent).toBe(true);
    expect(silences).toEqual([openedAt]);
    peer.socket.write(Buffer.from([0, 0]));
    await new Promise((r) => setTimeout(r, 30)); // the bytes arrive; they must not end the silence
    expect(conn.silent).toBe(true);
    clock.advance(1000 - silenceGraceMs(1000));
    expect(await conn.closed).toMatchObject({ reason: 'addp-timeout' });
    expect(silences).toEqual([openedAt]);
  });

  it('a whole frame ends the silence (onSilence(null)) and restarts the wait', async () => {
    const s = await server(acceptOpen);
    const { conn, clock } = connect(s.port, { addpTimeoutMs: 1000 });
    const silences: Array<number | null> = [];
    conn.onSilence((since) => silences.push(since));
    await conn.open();
    const peer = await s.nextPeer();
    clock.advance(1000);
    await peer.next('AddpPing');
    clock.advance(silenceGraceMs(1000));
    const pong = encodeMessage(makeMessage('AddpPong'));
    peer.socket.write(pong.subarray(0, 5)); // half a pong: still silent
    await decoderHolds(conn, 4 + pong.byteLength);
    expect(conn.silent).toBe(true);
    peer.socket.write(pong.subarray(5));
    for (let i = 0; i < 400 && conn.silent; i++) await new Promise((r) => setTimeout(r, 5));
    expect(conn.silent).toBe(false);
    expect(silences).toHaveLength(2);
    expect(silences[1]).toBeNull();
    clock.advance(1999);
    expect(conn.state).toBe('open');
  });
});

describe('TServerConnection: every timer on the injected clock (issue 9)', () => {
  it("close() waits for the server's FIN on the injected clock, then resets", async () => {
    // A server that never reads never sees our FIN, so it never answers with its own.
    const deaf = await startDeafServer();
    const { conn, clock } = connect(deaf.port);
    await conn.open();
    const closing = conn.close();
    let done = false;
    void closing.then(() => (done = true));
    clock.advance(999);
    await new Promise((r) => setTimeout(r, 50));
    expect(done).toBe(false);
    clock.advance(1); // the 1 s grace on the fake clock: the socket is reset now, not in a real second
    const outcome = await Promise.race([closing.then(() => 'closed'), new Promise((r) => setTimeout(() => r('still waiting'), 400))]);
    expect(outcome).toBe('closed');
    expect(clock.pendingTimers).toBe(0);
    await deaf.close();
  });
});

describe('TServerConnection options (issue 9)', () => {
  it('rejects a write-queue bound that is not a positive integer at construction', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => new TServerConnection({ endpoint: { name: 'a', host: '127.0.0.1', port: 1 }, applicationName: 'u', addpTimeoutMs: 0, maxWriteQueueBytes: bad })).toThrow(RangeError);
    }
  });
});
