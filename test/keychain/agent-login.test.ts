// The agent's login form through the real IPC core into the real keychain:
// "Remember" stores the password, a later login without one uses it, and
// unticking "Remember" removes it. Diagnostics never show it.
import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { KeytarCredentialStore } from '../../app/main/credentials/keytar-store.ts';
import { IpcServer } from '../../app/main/ipc/ipc-server.ts';
import { createRequestHandlers } from '../../app/main/ipc/request-handlers.ts';
import { SecretValues } from '../../app/main/logging/redact.ts';
import { FakeSession, silentLog } from '../unit/ipc/fixtures.ts';

const credentials = new KeytarCredentialStore({ service: `agent-toolbar-test-${randomUUID()}` });
const agentId = '1001';

afterAll(async () => {
  await credentials.delete(agentId).catch(() => false);
});

it('remembers, reuses and forgets the agent password in the OS keychain', async () => {
  const session = new FakeSession();
  const log = silentLog();
  const server = new IpcServer(
    createRequestHandlers({
      session,
      credentials,
      recentEvents: () => [],
      secrets: new SecretValues(),
      log,
      diagnostics: { appVersion: 'test', platform: 'linux', config: () => ({}), now: () => 0 },
    }),
    log,
  );
  const call = (name: string, args: unknown[] = []) => server.handle({ name, args, senderOk: true, senderDescription: 'test' });
  const password = `pw-${randomUUID()}`;

  expect(await call('agentLogin', [{ agentId, password, remember: true }])).toEqual({ ok: true, value: null });
  expect(await credentials.read(agentId)).toBe(password);

  expect(await call('agentLogin', [{ agentId, remember: true }])).toEqual({ ok: true, value: null });
  expect(session.calls.filter((c) => c[0] === 'agentLogin')).toEqual([
    ['agentLogin', agentId, password],
    ['agentLogin', agentId, password],
  ]);

  const diagnostics = (await call('copyDiagnostics')) as { ok: true; value: { text: string } };
  expect(diagnostics.value.text).not.toContain(password);
  expect(JSON.stringify(log.lines)).not.toContain(password);

  expect(await call('agentLogin', [{ agentId, password: 'typed-once', remember: false }])).toEqual({ ok: true, value: null });
  expect(await credentials.read(agentId)).toBeNull();
});
