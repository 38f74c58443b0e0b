// The preview host's transport and page serving on real loopback sockets, and
// the renderer + preview shim in real Chromium, with a test-driven session.
import { request } from 'node:http';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { PreviewHost } from '../../app/main/preview/host.ts';
import type { ConnectivitySnapshot } from '../../app/shared/connectivity.ts';
import { makeSnapshot } from '../support/snapshots.ts';
import { launchChromium } from './support/chromium.ts';
import type { Browser } from './support/chromium.ts';
import { startScriptedHost } from './support/scripted-host.ts';
import { ScriptedSession } from './support/scripted-session.ts';

const SHOTS = resolve(import.meta.dirname, '__screenshots__');

const online: ConnectivitySnapshot = makeSnapshot({ t: Date.now() });

let host: PreviewHost;
let session: ScriptedSession;

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(host.url);
  return new Promise((done, fail) => {
    const req = request({ host: url.hostname, port: url.port, path, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

function connect(origin: string | undefined): Promise<{ ws: WebSocket; first: unknown }> {
  return new Promise((done, fail) => {
    const ws = new WebSocket(`${host.url.replace('http', 'ws')}ipc`, origin ? { origin } : {});
    ws.once('message', (d) => done({ ws, first: JSON.parse(String(d)) }));
    ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', fail);
  });
}

function ask(ws: WebSocket, frame: unknown): Promise<unknown> {
  return new Promise((done) => {
    ws.on('message', function onMessage(d) {
      const msg = JSON.parse(String(d));
      if ('id' in msg) {
        ws.off('message', onMessage);
        done(msg);
      }
    });
    ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  });
}

beforeAll(async () => {
  session = new ScriptedSession(online);
  ({ host } = await startScriptedHost(session));
});

afterAll(async () => {
  await host?.close();
});

describe('preview host over HTTP', () => {
  it('serves the page with the shim first and the CSP as a header', async () => {
    const res = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'; script-src 'self'; style-src 'self';.*frame-ancestors 'none'/);
    expect(res.body.indexOf('preview-shim.js')).toBeGreaterThan(0);
    expect(res.body.indexOf('preview-shim.js')).toBeLessThan(res.body.indexOf('assets/index-'));
    expect(res.body).not.toMatch(/<script>(?!<)/);
  });

  it('refuses other hosts (DNS rebinding), other methods and paths outside the renderer', async () => {
    expect((await get('/', { host: 'evil.example' })).status).toBe(421);
    expect((await get('/', {}, 'POST')).status).toBe(405);
    expect((await get('/%2e%2e/%2e%2e/package.json')).status).toBe(404);
    expect((await get('/..%2f..%2fpackage.json')).status).toBe(404);
    expect((await get('/%E0%A4%A')).status).toBe(400);
    expect((await get('/nothing.js')).status).toBe(404);
  });
});

describe('preview host over WebSocket', () => {
  it('refuses connections from another origin or without one', async () => {
    await expect(connect('http://evil.example')).rejects.toThrow('HTTP 403');
    await expect(connect(undefined)).rejects.toThrow('HTTP 403');
    await expect(connect(host.url.replace('127.0.0.1', 'localhost').slice(0, -1))).rejects.toThrow('HTTP 403');
  });

  it('welcomes its own page with the snapshot and answers requests through the contract', async () => {
    const { ws, first } = await connect(host.url.slice(0, -1));
    try {
      expect(first).toEqual({ push: 'snapshot', payload: session.snapshot() });
      expect(await ask(ws, { id: 1, name: 'getSnapshot', args: [] })).toEqual({ id: 1, reply: { ok: true, value: session.snapshot() } });
      expect(await ask(ws, { id: 2, name: 'reconnectNow', args: [] })).toEqual({ id: 2, reply: { ok: true, value: { accepted: true } } });
      expect(session.checks).toContain('user');
      expect(await ask(ws, { id: 3, name: 'agentNotReady', args: ['bad reason!'] })).toMatchObject({ id: 3, reply: { ok: false, error: { code: 'invalid-payload' } } });
      expect(await ask(ws, { id: 4, name: 'shutdown', args: [] })).toMatchObject({ id: 4, reply: { ok: false, error: { code: 'unknown-request' } } });
      expect(await ask(ws, 'not json')).toEqual({ id: null, reply: { ok: false, error: { code: 'invalid-message', message: 'not JSON' } } });
      expect(await ask(ws, { id: 5, name: 'getSnapshot' })).toMatchObject({ id: 5, reply: { ok: false, error: { code: 'invalid-message' } } });
    } finally {
      ws.close();
    }
  });
});

describe('renderer in Chromium through the preview shim', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium({ colorScheme: 'light' });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('follows pushed snapshots and sends Reconnect now', async () => {
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    await page.goto(host.url);
    await page.getByTestId('status-chip').getByText('Connected to a (primary)').waitFor({ timeout: 5000 });

    session.set({ phase: 'link-down', link: 'down', linkError: { code: 109, message: 'CTI link to switch lost' } });
    await page.getByTestId('server-message').getByText('CTI link to switch lost').waitFor({ timeout: 5000 });
    expect(await page.getByTestId('controls-reason').textContent()).toBe('Call controls are paused: the switch link is down');
    await page.screenshot({ path: resolve(SHOTS, 'preview-shim-link-down-light.png') });

    session.set({ phase: 'reconnecting', server: null, link: 'unknown', linkError: null, attempt: 2, nextServer: 'b', nextAttemptAt: Date.now() + 20_000 });
    await page.getByRole('button', { name: 'Reconnect now' }).click();
    await expect.poll(() => session.checks.length, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    expect(await page.getByTestId('countdown').textContent()).toMatch(/^Next try in 0:(19|20) · attempt 2$/);

    session.set({ ...online, lastFailover: { at: Date.now(), from: 'a', to: 'b', restored: true, detail: 'Agent state Ready restored.' }, server: { name: 'b', role: 'backup' } });
    await page.getByTestId('failover-detail').getByText('Agent state Ready restored.').waitFor({ timeout: 5000 });
    expect(await page.getByTestId('announce-polite').textContent()).toMatch(/Switched to b, backup/);
    expect(problems).toEqual([]);
    await page.close();
  });
});
