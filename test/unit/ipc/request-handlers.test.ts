import { describe, expect, it } from 'vitest';
import { IpcServer } from '../../../app/main/ipc/ipc-server.ts';
import { RecentEvents, createRequestHandlers } from '../../../app/main/ipc/request-handlers.ts';
import { MemoryCredentialStore } from '../../../app/main/credentials/memory-store.ts';
import { KeychainUnavailableError } from '../../../app/main/credentials/store.ts';
import type { CredentialStore } from '../../../app/main/credentials/store.ts';
import { SecretValues } from '../../../app/main/logging/redact.ts';
import { SessionRequestError } from '../../../app/main/tserver/session/api.ts';
import { FakeSession, makeEvent, silentLog } from './fixtures.ts';

function setup(credentials: CredentialStore = new MemoryCredentialStore()) {
  const session = new FakeSession();
  const recent = new RecentEvents(3);
  recent.follow(session);
  const secrets = new SecretValues();
  const log = silentLog();
  const handlers = createRequestHandlers({
    session,
    credentials,
    recentEvents: () => recent.list(),
    secrets,
    log,
    diagnostics: { appVersion: '0.1.0', platform: 'linux', config: () => ({ mode: 'hot', sources: ['/etc/agent-toolbar/config.yaml'] }), now: () => 1_700_000_000_000 },
  });
  const server = new IpcServer(handlers, log);
  const call = (name: string, args: unknown[] = []) => server.handle({ name, args, senderOk: true, senderDescription: 'test' });
  return { session, recent, secrets, log, handlers, call, credentials };
}

describe('request handlers', () => {
  it('reconnectNow asks the session to check now for the user and reports throttling', async () => {
    const { session, call } = setup();
    expect(await call('reconnectNow')).toEqual({ ok: true, value: { accepted: true } });
    session.checkNowResult = false;
    expect(await call('reconnectNow')).toEqual({ ok: true, value: { accepted: false } });
    expect(session.calls).toEqual([
      ['checkNow', 'user'],
      ['checkNow', 'user'],
    ]);
  });

  it('agent state requests reach the session; session errors come back with their T-Library code', async () => {
    const { session, call } = setup();
    expect(await call('agentReady')).toEqual({ ok: true, value: null });
    expect(await call('agentNotReady', ['Break'])).toEqual({ ok: true, value: null });
    expect(await call('agentLogout')).toEqual({ ok: true, value: null });
    session.failNext = new SessionRequestError('No connection to the switch', 54);
    expect(await call('agentReady')).toEqual({ ok: false, error: { code: 'tserver-54', message: 'No connection to the switch' } });
    expect(session.calls.map((c) => c[0])).toEqual(['agentReady', 'agentNotReady', 'agentLogout', 'agentReady']);
  });

  it('agentLogin with remember saves the password to the keychain, never logs or returns it', async () => {
    const { session, call, credentials, log, secrets } = setup();
    const reply = await call('agentLogin', [{ agentId: '1001', password: 'pw-typed-42', remember: true }]);
    expect(reply).toEqual({ ok: true, value: null });
    expect(await credentials.read('1001')).toBe('pw-typed-42');
    expect(session.calls).toEqual([['agentLogin', '1001', 'pw-typed-42']]);
    expect(JSON.stringify(log.lines)).not.toContain('pw-typed-42');
    expect(JSON.stringify(reply)).not.toContain('pw-typed-42');
    expect(secrets.scrub('x pw-typed-42 y')).toBe('x [redacted] y');
  });

  it('agentLogin without a password uses the stored one; remember=false forgets it', async () => {
    const { session, call, credentials } = setup();
    await credentials.save('1001', 'stored-pw');
    await call('agentLogin', [{ agentId: '1001', remember: true }]);
    await call('agentLogin', [{ agentId: '1001', password: 'new-pw', remember: false }]);
    expect(session.calls).toEqual([
      ['agentLogin', '1001', 'stored-pw'],
      ['agentLogin', '1001', 'new-pw'],
    ]);
    expect(await credentials.read('1001')).toBeNull();
  });

  it('agentLogin still logs in when the keychain is unavailable, and says so in the log', async () => {
    const broken: CredentialStore = {
      save: () => Promise.reject(new KeychainUnavailableError('no D-Bus session bus')),
      read: () => Promise.reject(new KeychainUnavailableError('no D-Bus session bus')),
      delete: () => Promise.reject(new KeychainUnavailableError('no D-Bus session bus')),
    };
    const { session, call, log } = setup(broken);
    expect(await call('agentLogin', [{ agentId: '1001', password: 'pw-x', remember: true }])).toEqual({ ok: true, value: null });
    expect(await call('agentLogin', [{ agentId: '1001', remember: true }])).toEqual({ ok: true, value: null });
    expect(session.calls).toEqual([
      ['agentLogin', '1001', 'pw-x'],
      ['agentLogin', '1001', undefined],
    ]);
    expect(log.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      'password could not be remembered',
      'stored password not available; logging in without one',
    ]);
  });

  it('getSnapshot and getRecentEvents return the current state', async () => {
    const { session, call } = setup();
    session.emitSnapshot({ phase: 'link-down', link: 'down' });
    expect(await call('getSnapshot')).toEqual({ ok: true, value: session.current });
    for (let i = 0; i < 5; i++) session.emitEvent(makeEvent({ t: i }));
    const reply = await call('getRecentEvents');
    expect(reply.ok && (reply.value as { t: number }[]).map((e) => e.t)).toEqual([2, 3, 4]);
  });

  it('copyDiagnostics holds snapshot and events but no secret', async () => {
    const { session, call, credentials } = setup();
    await credentials.save('1001', 'kc-stored-secret');
    await call('agentLogin', [{ agentId: '1001', password: 'typed-secret', remember: false }]);
    session.emitEvent(makeEvent({ event: 'EventAgentLogin', attributes: { AgentID: '1001', Password: 'raw-attr-secret', note: 'typed-secret' } }));
    session.emitEvent(makeEvent({ event: 'EventLinkDisconnected', attributes: { ErrorCode: 109, ErrorMessage: 'Link down' } }));
    const reply = await call('copyDiagnostics');
    expect(reply.ok).toBe(true);
    const text = (reply as { ok: true; value: { text: string } }).value.text;
    expect(text).toContain('Agent Toolbar diagnostics');
    expect(text).toContain('"phase": "online"');
    expect(text).toContain('EventLinkDisconnected server=a {"ErrorCode":109,"ErrorMessage":"Link down"}');
    expect(text).not.toMatch(/typed-secret|raw-attr-secret/);
  });
});

describe('RecentEvents', () => {
  it('keeps the last N, oldest first, and stops following on unsubscribe', () => {
    const session = new FakeSession();
    const recent = new RecentEvents(200);
    const stop = recent.follow(session);
    for (let i = 0; i < 250; i++) session.emitEvent(makeEvent({ t: i }));
    expect(recent.list()).toHaveLength(200);
    expect(recent.list()[0]!.t).toBe(50);
    expect(recent.list().at(-1)!.t).toBe(249);
    stop();
    session.emitEvent(makeEvent({ t: 999 }));
    expect(recent.list().at(-1)!.t).toBe(249);
    expect(() => new RecentEvents(0)).toThrow(RangeError);
  });
});
