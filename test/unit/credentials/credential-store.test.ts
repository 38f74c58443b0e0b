import { describe, expect, it } from 'vitest';
import { KeytarCredentialStore } from '../../../app/main/credentials/keytar-store.ts';
import { MemoryCredentialStore } from '../../../app/main/credentials/memory-store.ts';
import { KeychainUnavailableError } from '../../../app/main/credentials/store.ts';
import { SecretValues } from '../../../app/main/logging/redact.ts';

describe('MemoryCredentialStore', () => {
  it('saves, reads, overwrites and deletes', async () => {
    const store = new MemoryCredentialStore();
    expect(await store.read('1001')).toBeNull();
    await store.save('1001', 'one');
    await store.save('1001', 'two');
    expect(await store.read('1001')).toBe('two');
    expect(await store.delete('1001')).toBe(true);
    expect(await store.delete('1001')).toBe(false);
    expect(await store.read('1001')).toBeNull();
  });

  it('rejects an empty account', async () => {
    await expect(new MemoryCredentialStore().save('', 'x')).rejects.toThrow(/account/);
  });
});

describe('KeytarCredentialStore', () => {
  it('maps a missing D-Bus to a clear KeychainUnavailableError', async () => {
    const store = new KeytarCredentialStore({
      service: 'svc',
      load: () =>
        ({
          getPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
        }) as never,
    });
    const err = await store.read('1001').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KeychainUnavailableError);
    expect((err as Error).message).toMatch(/system keychain is not available \(no D-Bus session bus/);
  });

  it('maps a keytar that cannot load to KeychainUnavailableError', async () => {
    const store = new KeytarCredentialStore({
      service: 'svc',
      load: () => {
        throw new Error('libsecret-1.so.0: cannot open shared object file');
      },
    });
    await expect(store.save('1001', 'pw')).rejects.toThrow(/keytar could not be loaded: libsecret/);
  });

  it('passes service and account through and registers values for log redaction', async () => {
    const calls: unknown[][] = [];
    const secrets = new SecretValues();
    const store = new KeytarCredentialStore({
      service: 'AgentToolbar',
      secrets,
      load: () =>
        ({
          setPassword: async (...args: unknown[]) => void calls.push(['set', ...args]),
          getPassword: async (...args: unknown[]) => (calls.push(['get', ...args]), 'from-keychain'),
          deletePassword: async (...args: unknown[]) => (calls.push(['delete', ...args]), true),
        }) as never,
    });
    await store.save('1001', 'typed-password');
    expect(await store.read('1001')).toBe('from-keychain');
    expect(await store.delete('1001')).toBe(true);
    expect(calls).toEqual([
      ['set', 'AgentToolbar', '1001', 'typed-password'],
      ['get', 'AgentToolbar', '1001'],
      ['delete', 'AgentToolbar', '1001'],
    ]);
    expect(secrets.scrub('typed-password from-keychain')).toBe('[redacted] [redacted]');
  });
});
