// The loopback HTTP control API: every route, validation (400), unknown routes (404).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator } from '../../../sim/index.ts';
import type { SimState, Simulator } from '../../../sim/index.ts';
import { RawClient } from './raw-client.ts';

let sim: Simulator;
let base: string;

beforeAll(async () => {
  sim = await startSimulator({ a: { port: 0 }, b: { port: 0 }, control: { port: 0 }, mode: 'hot' });
  base = sim.controlUrl!;
});
afterAll(async () => {
  await sim.close();
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

describe('control API', () => {
  it('GET /state', async () => {
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { status, json } = await call('GET', '/state');
    expect(status).toBe(200);
    const state = json as unknown as SimState;
    expect(state.mode).toBe('hot');
    expect(state.servers.a).toMatchObject({ name: 'a', role: 'primary', up: true, hung: false, link: { up: true }, clients: 0, registeredDns: [] });
    expect(state.agents).toHaveLength(10);
    expect(state.dns.map((d) => d.dn)).toContain('5010');
  });

  it('link, agent state and switchover move the pair', async () => {
    const c = await RawClient.connect(sim.servers.a.port);
    await c.open();
    c.request('RequestRegisterAddress', { ThisDN: '5001' });
    await c.next('EventRegistered');
    c.request('RequestAgentLogin', { ThisDN: '5001', AgentID: '1001' });
    await c.next('EventAgentLogin');

    let r = await call('POST', '/servers/a/link', { up: false, errorCode: 109, errorMessage: 'cut' });
    expect(r.status).toBe(200);
    expect((await c.next()).attributes).toMatchObject({ ErrorCode: 109, ErrorMessage: 'cut' });
    expect(sim.servers.a.link.up).toBe(false);
    await call('POST', '/servers/a/link', { up: true });
    expect((await c.next()).name).toBe('EventLinkConnected');

    r = await call('POST', '/agents/1001/state', { state: 'not-ready', reasonCode: '42' });
    expect(r.status).toBe(200);
    expect((await c.next()).attributes.Reasons).toEqual([['ReasonCode', '42']]);
    r = await call('POST', '/agents/1001/state', { state: 'acw' });
    expect((r.json as unknown as SimState).agents[0]).toMatchObject({ state: 'acw' });
    await c.next('EventAgentNotReady');

    r = await call('POST', '/switchover');
    expect((r.json as unknown as SimState).servers.b.role).toBe('primary');
    expect((await c.next()).attributes.ServerRole).toBe(2);
    await call('POST', '/switchover', {});
    c.close();
  });

  it('fault routes', async () => {
    expect((await call('POST', '/servers/b/slow-handshake', { delayMs: 250 })).json).toMatchObject({ servers: { b: { slowHandshakeMs: 250 } } });
    expect((await call('POST', '/servers/b/slow-handshake', { delayMs: 0 })).status).toBe(200);
    expect((await call('POST', '/servers/b/refuse', { on: true })).json).toMatchObject({ servers: { b: { refusing: true } } });
    expect((await call('POST', '/servers/b/refuse', { on: false })).status).toBe(200);
    expect((await call('POST', '/servers/b/garbage')).status).toBe(200);
    expect((await call('POST', '/servers/b/hang')).json).toMatchObject({ servers: { b: { hung: true } } });
    expect((await call('POST', '/servers/b/resume')).json).toMatchObject({ servers: { b: { hung: false } } });
    expect((await call('POST', '/servers/b/crash')).json).toMatchObject({ servers: { b: { up: false } } });
    expect((await call('POST', '/servers/b/restart')).json).toMatchObject({ servers: { b: { up: true } } });
  });

  it('bad requests get 400 with a JSON error, unknown routes 404, wrong methods 405', async () => {
    const bad: Array<[string, unknown]> = [
      ['/servers/a/link', { up: 'no' }],
      ['/servers/a/link', undefined],
      ['/servers/a/link', '{not json'],
      ['/servers/a/link', { up: false, errorCode: 1.5 }],
      ['/servers/a/slow-handshake', { delayMs: -1 }],
      ['/servers/a/refuse', {}],
      ['/agents/1001/state', { state: 'sleeping' }],
      ['/servers/a/crash', { surprise: 1 }],
    ];
    for (const [path, body] of bad) {
      const r = await call('POST', path, body);
      expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(typeof r.json.error).toBe('string');
    }
    for (const path of ['/nope', '/servers/c/crash', '/servers/a/explode', '/agents/1001']) {
      const r = await call('POST', path, {});
      expect(r.status, path).toBe(404);
      expect(typeof r.json.error).toBe('string');
    }
    expect((await call('POST', '/agents/nobody/state', { state: 'ready' })).status).toBe(404);
    expect((await call('POST', '/agents/1002/state', { state: 'ready' })).status).toBe(409);
    expect((await call('GET', '/switchover')).status).toBe(405);
    expect((await call('POST', '/state')).status).toBe(405);
  });

  it('call routes: POST /calls answers the ConnID; answer, hold, retrieve, release act on it; GET /state lists the calls', async () => {
    const c = await RawClient.connect(sim.servers.a.port);
    await c.open();
    c.request('RequestRegisterAddress', { ThisDN: '5003' });
    await c.next('EventRegistered');
    const placed = await call('POST', '/calls', { to: '5003', from: '+15551234567', userData: { CaseId: '42', Priority: 3 } });
    expect(placed.status).toBe(200);
    const connId = placed.json.connId as string;
    expect(Object.keys(placed.json)).toEqual(['connId']);
    expect(await c.next()).toMatchObject({ name: 'EventRinging', attributes: { ThisDN: '5003', ConnID: connId, UserData: [['CaseId', '42'], ['Priority', 3]] } });
    const listed = (await call('GET', '/state')).json as unknown as SimState;
    expect(listed.calls).toEqual([expect.objectContaining({ connId, type: 'inbound', ani: '+15551234567', dnis: '5003' })]);

    let r = await call('POST', `/calls/${connId}/answer`);
    expect((r.json as unknown as SimState).calls[0]!.parties.map((p) => p.state)).toEqual(['established', 'established']);
    expect((await c.next()).name).toBe('EventEstablished');
    r = await call('POST', `/calls/${connId}/hold`, { dn: '5003' });
    expect((r.json as unknown as SimState).calls[0]!.parties[1]).toMatchObject({ address: '5003', state: 'held' });
    expect((await c.next()).name).toBe('EventHeld');
    expect((await call('POST', `/calls/${connId}/hold`, {})).status).toBe(409); // nobody can hold it now
    expect((await call('POST', `/calls/${connId}/answer`, { dn: '5009' })).status).toBe(404);
    expect((await call('POST', `/calls/${connId}/retrieve`, {})).status).toBe(200);
    expect((await c.next()).name).toBe('EventRetrieved');
    r = await call('POST', `/calls/${connId}/release`);
    expect((r.json as unknown as SimState).calls).toEqual([]);
    expect((await c.next()).name).toBe('EventReleased');
    expect((await call('POST', `/calls/${connId}/release`)).status).toBe(404);

    r = await call('POST', '/dns/5003/after-call-work', { on: true });
    expect((r.json as unknown as SimState).dns.find((d) => d.dn === '5003')).toMatchObject({ afterCallWork: true });
    expect((await call('POST', '/dns/9999/after-call-work', { on: true })).status).toBe(404);

    const bad: Array<[string, unknown]> = [
      ['/calls', { to: '5003' }],
      ['/calls', { to: '5003', from: '+1555', extra: 1 }],
      ['/calls', { to: '5003', from: 'sip:nobody' }],
      ['/calls', { to: '5003', from: '+1555', userData: { n: 1.5 } }],
      ['/calls', { to: '5003', from: '+1555', userData: { nested: { no: 1 } } }],
      [`/calls/${connId}/answer`, { dn: 5003 }],
      ['/dns/5003/after-call-work', {}],
    ];
    for (const [path, body] of bad) {
      const res = await call('POST', path, body);
      expect(res.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(typeof res.json.error).toBe('string');
    }
    expect((await call('POST', '/calls', { to: '9999', from: '+1555' })).status).toBe(404);
    expect((await call('POST', '/calls/x/explode')).status).toBe(404);
    expect((await call('GET', '/calls')).status).toBe(405);
    c.close();
  });
});
