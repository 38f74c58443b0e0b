// A simulated server with a key and certificate serves TLS on its port; the faults
// keep their meaning through TLS (a hung server does not even finish the
// handshake, a crash is an RST); bad TLS options reject startSimulator.
import { TLSSocket } from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.ts';
import { createTestCa } from '../../support/test-ca.ts';
import type { PemPair, TestCa } from '../../support/test-ca.ts';
import { RawClient, until } from './raw-client.ts';
import { simPerTest } from './sim-per-test.ts';

let ca: TestCa;
let cert: PemPair;
beforeAll(() => {
  ca = createTestCa();
  cert = ca.issue();
});

const { start, connect } = simPerTest({ mode: 'hot' });
const startTls = (opts: Parameters<typeof start>[0] = {}) => start({ a: { port: 0, tls: { key: cert.key, cert: cert.cert } }, ...opts });
const trusting = () => ({ ca: ca.cert, servername: 'localhost' });

describe('simulator over TLS', () => {
  it('serves the open dialog over TLS on a server with a certificate; the other stays plain TCP', async () => {
    const s = await startTls();
    expect(s.servers.a.tls).toBe(true);
    expect(s.servers.b.tls).toBe(false);
    expect(s.state().servers.a).toMatchObject({ tls: true });
    const secure = await connect(s.servers.a.port, trusting());
    expect(secure.socket).toBeInstanceOf(TLSSocket);
    expect(await secure.open()).toMatchObject({ name: 'EventLinkConnected', attributes: { ServerName: 'a' } });
    const plain = await connect(s.servers.b.port);
    expect(await plain.open()).toMatchObject({ name: 'EventLinkConnected', attributes: { ServerName: 'b' } });
  });

  it('serves the whole chain when the certificate is followed by the CA', async () => {
    const s = await start({ a: { port: 0, tls: ca.issue({ withChain: true }) } });
    const c = await connect(s.servers.a.port, trusting());
    expect(c.socket).toBeInstanceOf(TLSSocket);
    expect((c.socket as TLSSocket).getPeerCertificate(true).issuerCertificate?.subject?.CN).toBe('Agent Toolbar test CA');
    expect((await c.open()).name).toBe('EventLinkConnected');
  });

  it('a plain TCP client gets no session from a TLS server', async () => {
    const s = await startTls();
    const c = await connect(s.servers.a.port);
    c.request('RequestRegisterClient', { ApplicationName: 'plain' });
    await c.closed;
    expect(c.pending()).toEqual([]);
  });

  it('crash resets the TCP socket under TLS', async () => {
    const s = await startTls();
    const c = await connect(s.servers.a.port, trusting());
    await c.open();
    s.crash('a');
    expect(await c.closed).toEqual({ errorCode: 'ECONNRESET' });
  });

  it('hang: a new client does not even finish the TLS handshake; resume completes it and answers', async () => {
    const s = await startTls({ promoteDelayMs: 10_000 });
    s.hang('a');
    const accepted: string[] = [];
    s.onAccept((server) => accepted.push(server));
    let connected: RawClient | null = null;
    const pending = connect(s.servers.a.port, trusting()).then((c) => (connected = c));
    await until(() => accepted.length === 1, 1000, 'the TCP accept');
    await new Promise((r) => setTimeout(r, 200));
    expect(connected).toBeNull();
    expect(s.servers.a.clients).toBe(1);
    s.resume('a');
    const c = await pending;
    expect((await c.open()).name).toBe('EventLinkConnected');
  });

  it('hang of an open TLS session answers nothing (no pong); resume answers again', async () => {
    const s = await startTls({ promoteDelayMs: 10_000 });
    const c = await connect(s.servers.a.port, trusting());
    await c.open();
    s.hang('a');
    c.send('AddpPing', { ReferenceID: 7 });
    expect(await c.silentFor(150)).toBe(true);
    expect(c.pending().some((m) => m.name === 'AddpPong')).toBe(false);
    s.resume('a');
    expect(await c.next('AddpPong')).toMatchObject({ attributes: { ReferenceID: 7 } });
  });

  it('garbage arrives through TLS as a frame every decoder rejects', async () => {
    const s = await startTls();
    const c = await connect(s.servers.a.port, trusting());
    await c.open();
    s.garbage('a');
    await until(() => c.decodeError !== null, 1000, 'the decode error');
    expect(c.decodeError?.kind).toBe('short-frame');
  });

  it('refuse closes new TCP connections before the handshake; restart keeps serving TLS', async () => {
    const s = await startTls();
    s.refuse('a', true);
    await expect(RawClient.connect(s.servers.a.port, '127.0.0.1', trusting())).rejects.toMatchObject({ code: 'ECONNRESET' });
    s.refuse('a', false);
    await s.restart('a');
    expect(s.servers.a).toMatchObject({ tls: true, up: true });
    const c = await connect(s.servers.a.port, trusting());
    expect((await c.open()).name).toBe('EventLinkConnected');
  });

  it.each([
    ['not PEM', () => ({ key: 'not a key', cert: cert.cert })],
    ['a key that does not match the certificate', () => ({ key: ca.issue().key, cert: cert.cert })],
    ['an empty certificate', () => ({ key: cert.key, cert: '' })],
    ['an unknown field', () => ({ key: cert.key, cert: cert.cert, ca: ca.cert })],
  ])('rejects a.tls with %s', async (_label, tls) => {
    await expect(startSimulator({ a: { port: 0, tls: tls() as never }, b: { port: 0 }, control: false })).rejects.toThrow(/^invalid simulator option a\.tls/);
  });
});
