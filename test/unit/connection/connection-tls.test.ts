// TLS when EndpointConfig.tls is set: the open dialog runs over TLS, and a
// certificate the client does not trust ends the attempt as 'refused' with the TLS reason.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { TServerConnection } from '../../../app/main/tserver/connection/index.ts';
import type { EndpointConfig } from '../../../app/main/tserver/session/api.ts';
import { startFakeServer } from './fake-server.ts';
import type { FakeServer } from './fake-server.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const key = fixture('test-server.key');
const cert = fixture('test-server.crt');

let server: FakeServer | null = null;
const connections: TServerConnection[] = [];

afterEach(async () => {
  await Promise.all(connections.splice(0).map((c) => c.close()));
  await server?.close();
  server = null;
});

function connect(tlsConfig: EndpointConfig['tls'], host = '127.0.0.1', connectTimeoutMs = 3000) {
  const conn = new TServerConnection({ endpoint: { name: 'secure', host, port: server!.port, tls: tlsConfig }, applicationName: 'unit', addpTimeoutMs: 0, connectTimeoutMs });
  connections.push(conn);
  const names: string[] = [];
  conn.onEvent((e) => names.push(e.name));
  return { conn, names };
}

describe('TServerConnection over TLS', () => {
  it('opens when the server certificate is trusted', async () => {
    server = await startFakeServer(undefined, { key, cert });
    const { conn, names } = connect({ ca: cert, servername: 'localhost' });
    await expect(conn.open()).resolves.toMatchObject({ role: 'primary', sessionId: 77 });
    expect(names).toEqual(['EventServerConnected', 'EventLinkConnected']);
    const peer = await server.nextPeer();
    expect(peer.received[0]!.name).toBe('RequestRegisterClient');
  });

  it('verifies the certificate by default: an untrusted one is refused before EventServerConnected', async () => {
    server = await startFakeServer(undefined, { key, cert });
    const { conn, names } = connect(true, 'localhost');
    await expect(conn.open()).rejects.toMatchObject({ kind: 'disconnected', disconnect: { reason: 'refused' } });
    expect((await conn.closed).detail).toMatch(/self[- ]signed/i);
    expect(names).toEqual(['EventServerDisconnected']);
  });

  it('TLS client against a plain TCP server that stays silent: bounded by the connect timeout', async () => {
    server = await startFakeServer(); // reads the ClientHello as garbage and says nothing
    const { conn } = connect({ ca: cert, servername: 'localhost' }, '127.0.0.1', 200);
    await expect(conn.open()).rejects.toMatchObject({ kind: 'disconnected', disconnect: { reason: 'connect-timeout' } });
    expect((await conn.closed).detail).toContain('TCP/TLS connect');
  });
});
