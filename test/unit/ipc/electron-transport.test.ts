// IpcServer behind the Electron transport with a mocked ipcMain: calls are
// made exactly as Electron would make them (event + spread args).
import { describe, expect, it, vi } from 'vitest';
import { ElectronIpcTransport } from '../../../app/main/desktop/electron-transport.ts';
import { APP_ENTRY_URL } from '../../../app/main/desktop/app-origin.ts';
import { checkSender } from '../../../app/main/desktop/sender.ts';
import { IpcServer } from '../../../app/main/ipc/ipc-server.ts';
import { RecentEvents, createRequestHandlers } from '../../../app/main/ipc/request-handlers.ts';
import { MemoryCredentialStore } from '../../../app/main/credentials/memory-store.ts';
import { SecretValues } from '../../../app/main/logging/redact.ts';
import { CHANNEL_PREFIX, pushChannel, requestChannel, requests } from '../../../app/shared/ipc-contract.ts';
import { FakeSession, makeEvent, silentLog } from './fixtures.ts';

vi.mock('electron', () => ({ ipcMain: {} }));

type Handler = (event: unknown, ...args: unknown[]) => Promise<unknown>;

function frame(url: string, top = true) {
  const f: Record<string, unknown> = { url, isDestroyed: () => false, parent: null };
  f.top = f;
  if (!top) {
    const parent = { url: APP_ENTRY_URL };
    f.parent = parent;
    f.top = parent;
  }
  return f;
}

function setup() {
  const handlers = new Map<string, Handler>();
  const ipcMain = {
    handle: vi.fn((channel: string, fn: Handler) => void handlers.set(channel, fn)),
    removeHandler: vi.fn((channel: string) => void handlers.delete(channel)),
  };
  const session = new FakeSession();
  const recent = new RecentEvents();
  const log = silentLog();
  const server = new IpcServer(
    createRequestHandlers({
      session,
      credentials: new MemoryCredentialStore(),
      recentEvents: () => recent.list(),
      secrets: new SecretValues(),
      log,
      diagnostics: { appVersion: 't', platform: 'linux', config: () => ({}), logLines: () => [], now: () => 0 },
    }),
    log,
  );
  const transport = new ElectronIpcTransport(ipcMain as never);
  const sent: unknown[][] = [];
  const contents = { id: 7, isDestroyed: () => false, send: (...a: unknown[]) => void sent.push(a) };
  transport.addWindow(contents as never);
  server.attach(transport);
  const invoke = (name: string, args: unknown[], event: Record<string, unknown> = { sender: { id: 7 }, senderFrame: frame(APP_ENTRY_URL) }) => {
    const fn = handlers.get(`${CHANNEL_PREFIX}${name}`);
    if (!fn) throw new Error(`no handler for ${name}`);
    return fn(event, ...args);
  };
  return { handlers, ipcMain, session, log, transport, invoke, sent };
}

describe('Electron IPC transport + IpcServer', () => {
  it('registers exactly one prefixed handler per request in the contract', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(Object.keys(requests).map((n) => requestChannel(n as never)).sort());
    for (const channel of handlers.keys()) expect(channel.startsWith('agent-toolbar:')).toBe(true);
  });

  it('executes a valid call from our top frame', async () => {
    const { invoke, session } = setup();
    expect(await invoke('agentNotReady', ['Lunch'])).toEqual({ ok: true, value: { outcome: 'done' } });
    expect(session.calls).toEqual([['agentNotReady', 'Lunch']]);
  });

  it.each(['answerCall', 'holdCall', 'retrieveCall', 'releaseCall'])('issue 12: %s reaches the session with the ConnID', async (name) => {
    const { invoke, session } = setup();
    expect(await invoke(name, ['00a1b2c3d4e5f601'])).toEqual({ ok: true, value: { outcome: 'done' } });
    expect(session.calls).toEqual([[name, '00a1b2c3d4e5f601']]);
  });

  it.each([
    ['another origin', { sender: { id: 7 }, senderFrame: frame('https://evil.example/index.html') }, /origin is not ours/],
    ['file://', { sender: { id: 7 }, senderFrame: frame('file:///etc/passwd') }, /origin is not ours/],
    ['a subframe', { sender: { id: 7 }, senderFrame: frame(APP_ENTRY_URL, false) }, /not the top frame/],
    ['another webContents', { sender: { id: 8 }, senderFrame: frame(APP_ENTRY_URL) }, /not our window/],
    ['a destroyed frame', { sender: { id: 7 }, senderFrame: null }, /frame is gone/],
    ['a frame that throws', { sender: { id: 7 }, senderFrame: { isDestroyed: () => false, get url(): string { throw new Error('gone'); } } }, /frame is gone/],
  ])('rejects and never executes a call from %s', async (_label, event, reason) => {
    const { invoke, session, log } = setup();
    expect(await invoke('agentReady', [], event)).toEqual({ ok: false, error: { kind: 'forbidden-sender', code: null, message: 'request rejected: unknown sender', retryable: false, server: null } });
    expect(session.calls).toEqual([]);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]!.msg).toMatch(/untrusted sender/);
    expect(String(log.lines[0]!.obj.sender)).toMatch(reason);
  });

  it.each([
    ['agentNotReady', [], /agentNotReady: /],
    ['agentNotReady', ['no spaces allowed'], /reason code: 1-32 letters/],
    ['agentNotReady', [42], /agentNotReady: /],
    ['agentLogin', [{ agentId: '1001', remember: true, extra: 1 }], /agentLogin: /],
    ['agentLogin', [{ agentId: '../x', remember: true }], /agent id/],
    ['agentReady', ['x'], /agentReady: /],
    ['reconnectNow', [{}], /reconnectNow: /],
    ['answerCall', [], /answerCall: /],
    ['releaseCall', ['../../etc'], /call id: 1-64 letters/],
    ['holdCall', ['a'.repeat(65)], /call id: 1-64 letters/],
    ['retrieveCall', ['ab', 'cd'], /retrieveCall: /],
  ])('rejects an invalid payload for %s %j without executing it', async (name, args, message) => {
    const { invoke, session } = setup();
    const reply = (await invoke(name, args)) as { ok: false; error: { kind: string; code: number | null; message: string } };
    expect(reply.ok).toBe(false);
    expect(reply.error).toMatchObject({ kind: 'invalid-payload', code: null, retryable: false });
    expect(reply.error.message).toMatch(message);
    expect(session.calls).toEqual([]);
  });

  it("the request rate limit applies to Electron's IPC too, per window", async () => {
    const { invoke, session, transport } = setup();
    const replies = [];
    for (let i = 0; i < 15; i++) replies.push(await invoke('agentReady', []));
    // Bursts of 10; real time here, so at most one more came back in the meantime.
    expect(replies.filter((r) => (r as { ok: boolean }).ok).length).toBeLessThanOrEqual(11);
    expect(replies.at(-1)).toMatchObject({ ok: false, error: { kind: 'rate-limited', code: null, retryable: true, message: expect.stringContaining('agentReady refused') } });
    const reachedSession = session.calls.filter((c) => c[0] === 'agentReady').length;
    transport.addWindow({ id: 8, isDestroyed: () => false, send: () => {} } as never);
    expect(await invoke('agentReady', [], { sender: { id: 8 }, senderFrame: frame(APP_ENTRY_URL) })).toMatchObject({ ok: true });
    expect(session.calls.filter((c) => c[0] === 'agentReady')).toHaveLength(reachedSession + 1);
  });

  it('pushes snapshots and events to live windows only, on prefixed push channels', () => {
    const { transport, sent } = setup();
    const event = makeEvent();
    transport.push('event', event);
    transport.addWindow({ id: 9, isDestroyed: () => true, send: () => { throw new Error('must not send to a destroyed window'); } } as never);
    transport.push('event', event);
    expect(sent).toEqual([
      [pushChannel('event'), event],
      [pushChannel('event'), event],
    ]);
  });

  it('dispose removes every handler', () => {
    const { transport, handlers } = setup();
    transport.dispose();
    expect(handlers.size).toBe(0);
  });
});

describe('checkSender', () => {
  const ours = new Set([1]);
  it('accepts our app origin only, on any path', () => {
    expect(checkSender({ webContentsId: 1, frameUrl: 'agent-toolbar://app/index.html#x', isTopFrame: true }, ours)).toEqual({ ok: true });
    for (const url of ['agent-toolbar://evil/index.html', 'agent-toolbar://app@evil/', 'http://app/', 'devtools://devtools/', 'about:blank', 'not a url']) {
      expect(checkSender({ webContentsId: 1, frameUrl: url, isTopFrame: true }, ours).ok, url).toBe(false);
    }
  });
});
