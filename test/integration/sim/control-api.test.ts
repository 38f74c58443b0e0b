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
});
