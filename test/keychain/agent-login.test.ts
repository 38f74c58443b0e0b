// The agent's login form through the real IPC core into the real keychain:
// "Remember" stores the password only once the switch confirmed it, a refused
// password is never stored, a stored one the switch refuses (typed login or the
// session's automatic re-login) is removed, and unticking "Remember" removes
// it. Diagnostics never show it.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { AgentPasswordKeychain } from '../../app/main/credentials/agent-password.ts';
import { KeytarCredentialStore } from '../../app/main/credentials/keytar-store.ts';
import { IpcServer } from '../../app/main/ipc/ipc-server.ts';
import { createRequestHandlers } from '../../app/main/ipc/request-handlers.ts';
import { SecretValues } from '../../app/main/logging/redact.ts';
import { SessionRequestError } from '../../app/main/tserver/session/api.ts';
import { FakeSession, silentLog } from '../unit/ipc/fixtures.ts';

const credentials = new KeytarCredentialStore({ service: `agent-toolbar-test-${randomUUID()}` });
const agentId = '1001';

afterAll(async () => {
  await credentials.delete(agentId).catch(() => false);
});

function setup() {
  const session = new FakeSession();
  const log = silentLog();
  const server = new IpcServer(
    createRequestHandlers({
      session,
      credentials,
      recentEvents: () => [],
      secrets: new SecretValues(),
      log,
      diagnostics: { appVersion: 'test', platform: 'linux', config: () => ({}), logLines: () => log.lines.map((l) => JSON.stringify(l)), now: () => 0 },
    }),
    log,
  );
  const call = (name: string, args: unknown[] = []) => server.handle({ name, args, senderOk: true, senderDescription: 'test' });
  return { session, log, call };
}

const DONE = { ok: true, value: { outcome: 'done' } };
const passwordDoesNotMatch = () => new SessionRequestError('AgentLogin: password does not match (ErrorCode 1705)', 1705, false);

describe('agent password in the OS keychain', () => {
  it('is remembered only after the switch confirmed it, reused, and forgotten on request', async () => {
    const { session, log, call } = setup();
    const password = `pw-${randomUUID()}`;

    let storedMidLogin: string | null = 'not looked at';
    session.duringNext = async () => void (storedMidLogin = await credentials.read(agentId));
    expect(await call('agentLogin', [{ agentId, password, remember: true }])).toEqual(DONE);
    expect(storedMidLogin).toBeNull(); // not written while the switch had not answered
    expect(await credentials.read(agentId)).toBe(password);

    expect(await call('agentLogin', [{ agentId, remember: true }])).toEqual(DONE);
    expect(session.calls.filter((c) => c[0] === 'agentLogin')).toEqual([
      ['agentLogin', agentId, password],
      ['agentLogin', agentId, password],
    ]);

    const diagnostics = (await call('copyDiagnostics')) as { ok: true; value: { text: string } };
    expect(diagnostics.value.text).toContain('password remembered');
    expect(diagnostics.value.text).not.toContain(password);
    expect(JSON.stringify(log.lines)).not.toContain(password);

    expect(await call('agentLogin', [{ agentId, password: 'typed-once', remember: false }])).toEqual(DONE);
    expect(await credentials.read(agentId)).toBeNull();
  });

  it('never stores a refused or unconfirmed password, and removes a stored one the switch refuses', async () => {
    const { session, call } = setup();
    session.failNext = passwordDoesNotMatch();
    expect((await call('agentLogin', [{ agentId, password: 'wrong-typed', remember: true }])).ok).toBe(false);
    expect(await credentials.read(agentId)).toBeNull();

    session.outcomeNext = 'unknown';
    expect(await call('agentLogin', [{ agentId, password: 'no-answer-yet', remember: true }])).toEqual({ ok: true, value: { outcome: 'unknown' } });
    expect(await credentials.read(agentId)).toBeNull();

    await credentials.save(agentId, 'changed-by-supervisor');
    session.failNext = passwordDoesNotMatch();
    expect((await call('agentLogin', [{ agentId, remember: true }])).ok).toBe(false);
    expect(session.calls.at(-1)).toEqual(['agentLogin', agentId, 'changed-by-supervisor']);
    expect(await credentials.read(agentId)).toBeNull();
  });

  it("removes the password the session's automatic re-login was refused with", async () => {
    const hooks = new AgentPasswordKeychain(credentials, silentLog()).sessionHooks(() => agentId);
    await credentials.save(agentId, 'stale-after-reset');
    expect(await hooks.agentPassword()).toBe('stale-after-reset');
    await hooks.onStoredPasswordRejected(agentId);
    expect(await credentials.read(agentId)).toBeNull();
    expect(await hooks.agentPassword()).toBeUndefined();
  });
});
