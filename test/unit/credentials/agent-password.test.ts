import { describe, expect, it } from 'vitest';
import { AgentPasswordKeychain, PASSWORD_REFUSED_CODES, isPasswordRefusal } from '../../../app/main/credentials/agent-password.ts';
import { MemoryCredentialStore } from '../../../app/main/credentials/memory-store.ts';
import { KeychainUnavailableError } from '../../../app/main/credentials/store.ts';
import type { CredentialStore } from '../../../app/main/credentials/store.ts';
import { SessionRequestError } from '../../../app/main/tserver/session/api.ts';
import { silentLog } from '../ipc/fixtures.ts';

describe('isPasswordRefusal', () => {
  it('is true for the switch refusing the credentials (1705, 119, 192) only', () => {
    expect([...PASSWORD_REFUSED_CODES].sort((a, b) => a - b)).toEqual([119, 192, 1705]);
    for (const code of [1705, 119, 192]) expect(isPasswordRefusal(new SessionRequestError('refused', code, false)), String(code)).toBe(true);
    for (const code of [109, 54, 57, 1706, 123]) expect(isPasswordRefusal(new SessionRequestError('other', code)), String(code)).toBe(false);
    expect(isPasswordRefusal(new SessionRequestError('Not connected to a T-Server'))).toBe(false);
    expect(isPasswordRefusal('1705')).toBe(false);
    expect(isPasswordRefusal(null)).toBe(false);
  });
});

describe('AgentPasswordKeychain.sessionHooks', () => {
  function setup(credentials: CredentialStore = new MemoryCredentialStore()) {
    const log = silentLog();
    let agentId: string | null = '1001';
    const hooks = new AgentPasswordKeychain(credentials, log).sessionHooks(() => agentId);
    return { hooks, credentials, log, setAgent: (id: string | null) => void (agentId = id) };
  }

  it('hands the session the stored password of the agent it logs back in, named at call time', async () => {
    const { hooks, credentials, setAgent } = setup();
    await credentials.save('1001', 'pw-1001');
    await credentials.save('1002', 'pw-1002');
    expect(await hooks.agentPassword()).toBe('pw-1001');
    setAgent('1002'); // the agent logged in under another id than config's
    expect(await hooks.agentPassword()).toBe('pw-1002');
    setAgent(null);
    expect(await hooks.agentPassword()).toBeUndefined();
  });

  it('removes a stored password the switch refused on a re-login, so the agent is asked', async () => {
    const { hooks, credentials, log } = setup();
    await credentials.save('1001', 'stale');
    await hooks.agentPassword();
    await hooks.onStoredPasswordRejected('1001');
    expect(await credentials.read('1001')).toBeNull();
    expect(log.lines).toEqual([
      { level: 'info', obj: { agentId: '1001' }, msg: 'stored password refused by the switch; removed from the keychain, the agent will be asked' },
    ]);
  });

  it('keeps a password saved after the refused one was handed out, and removes nothing it did not hand out', async () => {
    const { hooks, credentials } = setup();
    await credentials.save('1001', 'stale');
    await hooks.agentPassword();
    await credentials.save('1001', 'fresh'); // the agent logged in meanwhile with Remember
    await hooks.onStoredPasswordRejected('1001');
    expect(await credentials.read('1001')).toBe('fresh');

    await credentials.save('1002', 'never-handed-out');
    await hooks.onStoredPasswordRejected('1002');
    expect(await credentials.read('1002')).toBe('never-handed-out');

    // Nothing stored when the session asked: a later value is not blamed for the fallback's refusal.
    await credentials.delete('1001');
    expect(await hooks.agentPassword()).toBeUndefined();
    await credentials.save('1001', 'later');
    await hooks.onStoredPasswordRejected('1001');
    expect(await credentials.read('1001')).toBe('later');
  });

  it('never rejects when the keychain fails; says so in the log', async () => {
    const broken: CredentialStore = {
      save: () => Promise.reject(new KeychainUnavailableError('locked')),
      read: () => Promise.reject(new KeychainUnavailableError('locked')),
      delete: () => Promise.reject(new KeychainUnavailableError('locked')),
    };
    const { hooks, log } = setup(broken);
    expect(await hooks.agentPassword()).toBeUndefined();
    await expect(hooks.onStoredPasswordRejected('1001')).resolves.toBeUndefined();
    expect(log.lines.map((l) => `${l.level} ${l.msg}`)).toEqual(['warn stored password not available; logging in without one']);
  });
});
