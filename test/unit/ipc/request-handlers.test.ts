import { describe, expect, it } from 'vitest';
import { IpcServer } from '../../../app/main/ipc/ipc-server.ts';
import { RecentEvents, createRequestHandlers } from '../../../app/main/ipc/request-handlers.ts';
import { MemoryCredentialStore } from '../../../app/main/credentials/memory-store.ts';
import { KeychainUnavailableError } from '../../../app/main/credentials/store.ts';
import type { CredentialStore } from '../../../app/main/credentials/store.ts';
import { SecretValues } from '../../../app/main/logging/redact.ts';
import { SessionRequestError } from '../../../app/main/tserver/session/api.ts';
import { FakeSession, makeEvent, silentLog } from './fixtures.ts';

function setup(credentials: CredentialStore = new MemoryCredentialStore(), clipboard?: { writeText(text: string): void }) {
  const session = new FakeSession();
  const recent = new RecentEvents(3);
  recent.follow(session);
  const secrets = new SecretValues();
  const log = silentLog();
  const logLines: string[] = [];
  const handlers = createRequestHandlers({
    session,
    credentials,
    recentEvents: () => recent.list(),
    secrets,
    log,
    ...(clipboard ? { clipboard } : {}),
    diagnostics: {
      appVersion: '0.1.0',
      platform: 'linux',
      config: () => ({ mode: 'hot', sources: ['/etc/agent-toolbar/config.yaml'] }),
      logLines: () => logLines,
      now: () => 1_700_000_000_000,
    },
  });
  const server = new IpcServer(handlers, log);
  const call = (name: string, args: unknown[] = []) => server.handle({ name, args, senderOk: true, senderDescription: 'test' });
  return { session, recent, secrets, log, handlers, call, credentials, logLines };
}

const DONE = { ok: true, value: { outcome: 'done' } };
const refused = (code: number) => new SessionRequestError(`AgentLogin refused (ErrorCode ${code})`, code, false);

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

  it('agent state requests reach the session and answer its outcome; session errors come back with their T-Library code', async () => {
    const { session, call } = setup();
    expect(await call('agentReady')).toEqual(DONE);
    session.outcomeNext = 'unknown';
    expect(await call('agentNotReady', ['Break'])).toEqual({ ok: true, value: { outcome: 'unknown' } });
    expect(await call('agentLogout')).toEqual(DONE);
    session.failNext = new SessionRequestError('No connection to the switch', 54);
    // As data: the numeric code, retryable, and the server that carried the session.
    expect(await call('agentReady')).toEqual({ ok: false, error: { kind: 'failed', code: 54, message: 'No connection to the switch', retryable: true, server: 'a' } });
    session.emitSnapshot({ server: null, phase: 'reconnecting' });
    session.failNext = new SessionRequestError('Not connected to a T-Server; the toolbar is reconnecting.');
    expect(await call('agentLogout')).toEqual({ ok: false, error: { kind: 'failed', code: null, message: 'Not connected to a T-Server; the toolbar is reconnecting.', retryable: true, server: null } });
    expect(session.calls.map((c) => c[0])).toEqual(['agentReady', 'agentNotReady', 'agentLogout', 'agentReady', 'agentLogout']);
  });

  it('agentLogin with remember saves the password only once the switch confirmed it, never logs or returns it', async () => {
    const { session, call, credentials, log, secrets } = setup();
    let storedDuringLogin: string | null = 'not looked at';
    session.duringNext = async () => void (storedDuringLogin = await credentials.read('1001'));
    const reply = await call('agentLogin', [{ agentId: '1001', password: 'pw-typed-42', remember: true }]);
    expect(reply).toEqual(DONE);
    expect(storedDuringLogin).toBeNull();
    expect(await credentials.read('1001')).toBe('pw-typed-42');
    expect(session.calls).toEqual([['agentLogin', '1001', 'pw-typed-42']]);
    expect(JSON.stringify(log.lines)).not.toContain('pw-typed-42');
    expect(JSON.stringify(reply)).not.toContain('pw-typed-42');
    expect(secrets.scrub('x pw-typed-42 y')).toBe('x [redacted] y');
  });

  it.each([
    [1705, 'password does not match'],
    [119, 'bad password'],
    [192, 'invalid agent id'],
  ])('a typed password the switch refuses (%i, %s) is never stored; a different stored one is kept', async (code) => {
    const { session, call, credentials } = setup();
    session.failNext = refused(code);
    const reply = await call('agentLogin', [{ agentId: '1001', password: 'wrong-pw', remember: true }]);
    expect(reply).toEqual({ ok: false, error: { kind: 'failed', code, message: `AgentLogin refused (ErrorCode ${code})`, retryable: false, server: 'a' } });
    expect(await credentials.read('1001')).toBeNull();

    await credentials.save('1002', 'still-good');
    session.failNext = refused(code);
    await call('agentLogin', [{ agentId: '1002', password: 'typo', remember: true }]);
    expect(await credentials.read('1002')).toBe('still-good');
  });

  it.each([1705, 119, 192])('a stored password the switch refuses (%i) is removed, so the agent is asked next time', async (code) => {
    const { session, call, credentials, log } = setup();
    await credentials.save('1001', 'stale-pw');
    session.failNext = refused(code);
    expect((await call('agentLogin', [{ agentId: '1001', remember: true }])).ok).toBe(false);
    expect(session.calls).toEqual([['agentLogin', '1001', 'stale-pw']]);
    expect(await credentials.read('1001')).toBeNull();
    expect(log.lines.map((l) => l.msg)).toContain('stored password refused by the switch; removed from the keychain, the agent will be asked');
    // The stored value typed by hand and refused: removed just the same, nothing stored.
    await credentials.save('1001', 'stale-pw');
    session.failNext = refused(code);
    await call('agentLogin', [{ agentId: '1001', password: 'stale-pw', remember: true }]);
    expect(await credentials.read('1001')).toBeNull();
  });

  it('a failure that says nothing about the password (link down, no session) keeps the stored one', async () => {
    const { session, call, credentials } = setup();
    await credentials.save('1001', 'good-pw');
    session.failNext = new SessionRequestError('CTI link down', 109);
    await call('agentLogin', [{ agentId: '1001', remember: true }]);
    session.failNext = new SessionRequestError('Not connected to a T-Server');
    await call('agentLogin', [{ agentId: '1001', password: 'new-pw', remember: true }]);
    expect(await credentials.read('1001')).toBe('good-pw');
  });

  it('a login whose outcome is unknown answers unknown and does not store the password yet, saying so in the log', async () => {
    const { session, call, credentials, log } = setup();
    session.outcomeNext = 'unknown';
    expect(await call('agentLogin', [{ agentId: '1001', password: 'maybe-pw', remember: true }])).toEqual({ ok: true, value: { outcome: 'unknown' } });
    expect(await credentials.read('1001')).toBeNull();
    expect(log.lines.find((l) => l.msg.startsWith('login not confirmed in time'))).toEqual({
      level: 'info',
      obj: { agentId: '1001' },
      msg: 'login not confirmed in time; password not remembered (the agent will be asked next time)',
    });
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
    expect(await call('agentLogin', [{ agentId: '1001', password: 'pw-x', remember: true }])).toEqual(DONE);
    expect(await call('agentLogin', [{ agentId: '1001', remember: true }])).toEqual(DONE);
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

  it('copyDiagnostics holds snapshot, events and the log tail (oldest first) but no secret', async () => {
    const { session, call, credentials, logLines } = setup();
    logLines.push('{"msg":"first line"}', '{"msg":"typed secret learned later: typed-secret"}', '{"msg":"last line"}');
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
    expect(text).toContain('## Log (last 3 lines, oldest first)\n{"msg":"first line"}\n{"msg":"typed secret learned later: [redacted]"}\n{"msg":"last line"}');
    expect(text).not.toMatch(/typed-secret|raw-attr-secret/);
  });
});

describe('Copy diagnostics reaches the clipboard through main', () => {
  // The window's own navigator.clipboard.writeText is a clipboard-sanitized-write permission
  // request, which the window's deny-all permission handler refuses (desktop/hardening.ts).
  it('main writes the text itself and says so', async () => {
    const written: string[] = [];
    const { call } = setup(undefined, { writeText: (text) => void written.push(text) });
    const reply = (await call('copyDiagnostics')) as { ok: true; value: { text: string; copied: boolean } };
    expect(reply.value.copied).toBe(true);
    expect(written).toEqual([reply.value.text]);
    expect(written[0]).toContain('Agent Toolbar diagnostics');
  });

  it('a clipboard that fails: copied false, the text still comes back, the log says why', async () => {
    const { call, log } = setup(undefined, {
      writeText: () => {
        throw new Error('clipboard owner gone');
      },
    });
    const reply = (await call('copyDiagnostics')) as { ok: true; value: { text: string; copied: boolean } };
    expect(reply.value).toMatchObject({ copied: false, text: expect.stringContaining('Agent Toolbar diagnostics') });
    expect(log.lines.find((l) => l.level === 'warn')).toMatchObject({ obj: { err: 'clipboard owner gone' }, msg: expect.stringMatching(/could not be put on the clipboard/) });
  });

  it('no clipboard (the browser preview): copied false, the page copies the text', async () => {
    const { call } = setup();
    expect(await call('copyDiagnostics')).toMatchObject({ ok: true, value: { copied: false, text: expect.any(String) } });
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
