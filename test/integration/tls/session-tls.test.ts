// The real HA session over TLS against a simulator pair whose certificates come
// from a CA made for this file: trusted → online; untrusted by default validation
// or for another host name → `failed`, not retryable, in plain words, each
// endpoint dialled at most once (a certificate does not fix itself by redialling).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectivitySnapshot, TimelineEvent } from '../../../app/shared/connectivity.ts';
import { TServerSession } from '../../../app/main/tserver/session/index.ts';
import type { EndpointConfig, SessionOptions } from '../../../app/main/tserver/session/index.ts';
import { startSimulator } from '../../../sim/index.ts';
import type { SimMode, SimServerName, SimTlsOptions, Simulator } from '../../../sim/index.ts';
import { createTestCa } from '../../support/test-ca.ts';
import type { PemPair, TestCa } from '../../support/test-ca.ts';
import { FAST_RECONNECT, describeSnapshot } from '../session/harness.ts';

let ca: TestCa;
let certs: Record<SimServerName, PemPair>;
beforeAll(() => {
  ca = createTestCa();
  certs = { a: ca.issue(), b: ca.issue() };
});

interface TlsRig {
  sim: Simulator;
  session: TServerSession;
  snapshots: ConnectivitySnapshot[];
  events: TimelineEvent[];
  /** TCP connections each server accepted: one per dial. */
  accepts: Record<SimServerName, number>;
  waitFor(match: (s: ConnectivitySnapshot) => boolean, label: string, ms?: number): Promise<ConnectivitySnapshot>;
}

const rigs: TlsRig[] = [];
afterEach(async () => {
  for (const r of rigs.splice(0)) {
    await r.session.stop();
    await r.sim.close();
  }
});

/** Both servers serve TLS with `serverTls`; the session dials them with `clientTls`. */
async function tlsRig(mode: SimMode, serverTls: Record<SimServerName, SimTlsOptions>, clientTls: EndpointConfig['tls']): Promise<TlsRig> {
  const sim = await startSimulator({ mode, a: { port: 0, tls: serverTls.a }, b: { port: 0, tls: serverTls.b }, control: false });
  const accepts = { a: 0, b: 0 };
  sim.onAccept((server) => accepts[server]++);
  const options: SessionOptions = {
    mode,
    endpoints: (['a', 'b'] as const).map((name) => ({ name, host: '127.0.0.1', port: sim.servers[name].port, tls: clientTls })),
    applicationName: 'tls-test',
    addpTimeoutMs: 300,
    addpRemoteTimeoutMs: 0,
    requestTimeoutMs: 1000,
    dn: '5001',
    agentId: '1001',
    initialAgentState: { state: 'ready' },
    reconnect: { ...FAST_RECONNECT },
  };
  const session = new TServerSession(options, { onListenerError: (what, err) => expect.fail(`listener ${what} threw: ${String(err)}`) });
  const snapshots: ConnectivitySnapshot[] = [];
  const events: TimelineEvent[] = [];
  const waiters = new Set<(s: ConnectivitySnapshot) => void>();
  session.onSnapshot((s) => {
    snapshots.push(s);
    for (const w of [...waiters]) w(s);
  });
  session.onEvent((e) => events.push(e));
  const waitFor = (match: (s: ConnectivitySnapshot) => boolean, label: string, ms = 4000) =>
    new Promise<ConnectivitySnapshot>((resolve, reject) => {
      if (match(session.snapshot())) return resolve(session.snapshot());
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no snapshot "${label}" within ${ms} ms; snapshots:\n${snapshots.map(describeSnapshot).join('\n')}`));
      }, ms);
      const check = (s: ConnectivitySnapshot) => {
        if (!match(s)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve(s);
      };
      waiters.add(check);
    });
  const r: TlsRig = { sim, session, snapshots, events, accepts, waitFor };
  rigs.push(r);
  session.start();
  return r;
}

/** Long enough for ten redials at the fast schedule, had the loop gone on. */
const tenBackoffs = () => new Promise((resolve) => setTimeout(resolve, 10 * FAST_RECONNECT.initialDelayMs));

describe('HA session over TLS', () => {
  it.each(['hot', 'warm'] as const)('%s: goes online over TLS when the servers are signed by the CA it is given', async (mode) => {
    const r = await tlsRig(mode, certs, { ca: ca.cert });
    const s = await r.waitFor((x) => x.phase === 'online' && x.agent.state === 'ready', 'online, agent ready');
    expect(s).toMatchObject({ server: { name: 'a', role: 'primary' }, link: 'up', lastError: null });
    if (mode === 'hot') await r.waitFor((x) => x.standby.ready, 'hot standby b ready');
    expect(r.sim.state().servers.a.registeredDns).toEqual(['5001']);
  });

  it.each(['warm', 'hot'] as const)('%s: validation on by default: an untrusted certificate stops the session, not retryable, each endpoint dialled at most once', async (mode) => {
    const r = await tlsRig(mode, certs, true);
    const failed = await r.waitFor((x) => x.phase === 'failed', 'failed');
    expect(failed).toMatchObject({ server: null, attempt: 0, nextAttemptAt: null, lastError: { code: null, retryable: false } });
    expect(failed.lastError!.message).toMatch(/^open [ab]: the server's certificate is not trusted \(issued by an unknown certificate authority\) \[UNABLE_TO_VERIFY_LEAF_SIGNATURE\]$/);
    await tenBackoffs();
    expect(r.accepts.a).toBeLessThanOrEqual(1);
    expect(r.accepts.b).toBeLessThanOrEqual(1);
    expect(r.accepts.a + r.accepts.b).toBeGreaterThanOrEqual(1);
    // No TLS session, so no T-Server session on either server, and quiet since.
    expect(r.events.some((e) => e.event === 'EventServerConnected')).toBe(false);
    expect(r.session.snapshot()).toMatchObject({ phase: 'failed', seq: failed.seq });
  });

  it('hot: a certificate for another host name stops the session the same way, and says so', async () => {
    const elsewhere = { a: ca.issue({ hosts: ['tsrv-a.example.com'] }), b: ca.issue({ hosts: ['tsrv-b.example.com'] }) };
    const r = await tlsRig('hot', elsewhere, { ca: ca.cert });
    const failed = await r.waitFor((x) => x.phase === 'failed', 'failed');
    expect(failed.lastError).toMatchObject({ code: null, retryable: false });
    expect(failed.lastError!.message).toMatch(
      /^open ([ab]): the server's certificate is for another host name \[ERR_TLS_CERT_ALTNAME_INVALID; asked for 127\.0\.0\.1, the certificate is for DNS:tsrv-\1\.example\.com\]$/,
    );
    expect(failed.lastError!.server).toBe(/^open ([ab])/.exec(failed.lastError!.message)![1]);
    await tenBackoffs();
    expect(r.accepts.a).toBeLessThanOrEqual(1);
    expect(r.accepts.b).toBeLessThanOrEqual(1);
  });

  it("warm: only the agent's Reconnect now dials again after a certificate failure, once, and fails the same way", async () => {
    const r = await tlsRig('warm', certs, true);
    await r.waitFor((x) => x.phase === 'failed', 'failed');
    const before = r.accepts.a + r.accepts.b;
    expect(r.session.checkNow('network-change')).toBe(false);
    expect(r.session.checkNow('user')).toBe(true);
    await r.waitFor((x) => x.phase !== 'failed', 'dialling again', 1000);
    const again = await r.waitFor((x) => x.phase === 'failed', 'failed again');
    expect(again.lastError).toMatchObject({ retryable: false, message: expect.stringContaining("the server's certificate is not trusted") });
    await tenBackoffs();
    expect(r.accepts.a + r.accepts.b).toBe(before + 1);
  });
});
