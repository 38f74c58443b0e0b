// TServerConnection against a TLS simulator, one real handshake per certificate
// problem: validation is on by default, a certificate the client rejects ends the
// open before EventServerConnected, not retryable and in plain words; problems
// that are not the certificate's (a hung server) stay retryable.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TServerConnection } from '../../../app/main/tserver/connection/index.ts';
import type { TServerError } from '../../../app/main/tserver/connection/index.ts';
import type { EndpointConfig } from '../../../app/main/tserver/session/api.ts';
import { startSimulator } from '../../../sim/index.ts';
import type { Simulator, SimTlsOptions } from '../../../sim/index.ts';
import { createTestCa, selfSignedCert } from '../../support/test-ca.ts';
import type { TestCa } from '../../support/test-ca.ts';

const DAY_MS = 24 * 60 * 60 * 1000;

let ca: TestCa;
beforeAll(() => {
  ca = createTestCa();
});

const sims: Simulator[] = [];
const connections: TServerConnection[] = [];
afterEach(async () => {
  await Promise.all(connections.splice(0).map((c) => c.close()));
  await Promise.all(sims.splice(0).map((s) => s.close()));
});

/** Server a of a fresh simulator serves TLS with `tls`; resolves its port. */
async function tlsServer(tls: SimTlsOptions): Promise<Simulator> {
  const sim = await startSimulator({ a: { port: 0, tls }, b: { port: 0 }, control: false });
  sims.push(sim);
  return sim;
}

function connection(sim: Simulator, tls: EndpointConfig['tls'], connectTimeoutMs = 2000) {
  const conn = new TServerConnection({ endpoint: { name: 'a', host: '127.0.0.1', port: sim.servers.a.port, tls }, applicationName: 'tls-test', addpTimeoutMs: 0, connectTimeoutMs });
  connections.push(conn);
  const events: string[] = [];
  conn.onEvent((e) => events.push(e.name));
  return { conn, events };
}

/** open() rejects; returns the error and how the connection ended. */
async function refused(conn: TServerConnection): Promise<{ error: TServerError; detail: string; reason: string }> {
  const error = await conn.open().then(
    () => {
      throw new Error('open() resolved, but the certificate should have been rejected');
    },
    (e: unknown) => e as TServerError,
  );
  const end = await conn.closed;
  return { error, detail: end.detail, reason: end.reason };
}

describe('TServerConnection over TLS against the simulator', () => {
  it('opens with the test CA as trust anchor (IP address checked against the certificate)', async () => {
    const sim = await tlsServer(ca.issue());
    const { conn, events } = connection(sim, { ca: ca.cert });
    await expect(conn.open()).resolves.toMatchObject({ role: 'primary', serverName: 'a', link: { up: true } });
    expect(events).toEqual(['EventServerConnected', 'EventLinkConnected']);
  });

  it('opens when servername names the host the certificate is for', async () => {
    const sim = await tlsServer(ca.issue({ hosts: ['tsrv-a.example.com'] }));
    const { conn } = connection(sim, { ca: ca.cert, servername: 'tsrv-a.example.com' });
    await expect(conn.open()).resolves.toMatchObject({ role: 'primary' });
  });

  it('opens an untrusted server only when validation is turned off explicitly', async () => {
    const sim = await tlsServer(selfSignedCert());
    const { conn } = connection(sim, { rejectUnauthorized: false });
    await expect(conn.open()).resolves.toMatchObject({ role: 'primary' });
  });

  it.each([
    {
      label: 'validation on by default (tls: true, no CA given)',
      cert: () => ca.issue(),
      tls: true as const,
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      words: "the server's certificate is not trusted (issued by an unknown certificate authority)",
    },
    {
      label: 'a self-signed certificate',
      cert: () => selfSignedCert(),
      tls: true as const,
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
      words: "the server's certificate is not trusted (self-signed)",
    },
    {
      label: 'a whole chain up to an untrusted CA',
      cert: () => ca.issue({ withChain: true }),
      tls: true as const,
      code: 'SELF_SIGNED_CERT_IN_CHAIN',
      words: "the server's certificate is not trusted (issued by a certificate authority this computer does not trust)",
    },
    {
      label: 'a certificate from another CA',
      cert: () => createTestCa('Some other CA').issue(),
      tls: () => ({ ca: ca.cert }),
      code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      words: "the server's certificate is not trusted (issued by an unknown certificate authority)",
    },
    {
      label: 'an expired certificate',
      cert: () => ca.issue({ notBefore: new Date(Date.now() - 3 * DAY_MS), notAfter: new Date(Date.now() - DAY_MS) }),
      tls: () => ({ ca: ca.cert }),
      code: 'CERT_HAS_EXPIRED',
      words: "the server's certificate has expired",
    },
    {
      label: 'a certificate not valid yet',
      cert: () => ca.issue({ notBefore: new Date(Date.now() + DAY_MS) }),
      tls: () => ({ ca: ca.cert }),
      code: 'CERT_NOT_YET_VALID',
      words: "the server's certificate is not valid yet (or this computer's clock is wrong)",
    },
    {
      label: 'a certificate for another host name (IP address not in it)',
      cert: () => ca.issue({ hosts: ['tsrv-a.example.com'] }),
      tls: () => ({ ca: ca.cert }),
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      words: "the server's certificate is for another host name",
    },
    {
      label: 'a certificate for another host name (servername not in it)',
      cert: () => ca.issue(),
      tls: () => ({ ca: ca.cert, servername: 'tsrv-b.example.com' }),
      code: 'ERR_TLS_CERT_ALTNAME_INVALID',
      words: "the server's certificate is for another host name",
    },
  ])('refuses $label: not retryable, plain words, no session', async ({ cert, tls, code, words }) => {
    const sim = await tlsServer(cert());
    const { conn, events } = connection(sim, typeof tls === 'function' ? tls() : tls);
    const { error, detail, reason } = await refused(conn);
    expect(error).toMatchObject({ kind: 'disconnected', code: null, retryable: false });
    expect(error.message).toBe(`open a: ${detail}`);
    expect(detail.startsWith(`${words} [${code}`)).toBe(true);
    expect(reason).toBe('refused');
    // No TLS session, so no T-Server session: only the client-generated goodbye.
    expect(events).toEqual(['EventServerDisconnected']);
    expect(sim.state().servers.a.registeredDns).toEqual([]);
  });

  it('the host-name mismatch says which name was asked for and which the certificate has', async () => {
    const sim = await tlsServer(ca.issue({ hosts: ['tsrv-a.example.com'] }));
    const { conn } = connection(sim, { ca: ca.cert });
    const { detail } = await refused(conn);
    expect(detail).toBe("the server's certificate is for another host name [ERR_TLS_CERT_ALTNAME_INVALID; asked for 127.0.0.1, the certificate is for DNS:tsrv-a.example.com]");
  });

  it('a hung TLS server is a connect timeout, still retryable (nothing wrong with the certificate)', async () => {
    const sim = await tlsServer(ca.issue());
    sim.hang('a');
    const { conn } = connection(sim, { ca: ca.cert }, 300);
    const { error, reason, detail } = await refused(conn);
    expect(error).toMatchObject({ kind: 'disconnected', retryable: true });
    expect(reason).toBe('connect-timeout');
    expect(detail).toContain('TCP/TLS connect');
  });

  it('a TLS client at a plain TCP server is refused, retryable', async () => {
    const sim = await startSimulator({ a: { port: 0 }, b: { port: 0 }, control: false });
    sims.push(sim);
    const { conn } = connection(sim, { ca: ca.cert });
    const { error, reason } = await refused(conn);
    expect(error).toMatchObject({ kind: 'disconnected', retryable: true });
    expect(reason).toBe('refused');
  });
});
