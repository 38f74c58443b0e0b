// Runs against a real Secret Service (scripts/with-keychain.sh). It fails —
// never skips — when no keychain is reachable, so CI proves the tier ran.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { KeytarCredentialStore } from '../../app/main/credentials/keytar-store.ts';

const service = `agent-toolbar-test-${randomUUID()}`;
const store = new KeytarCredentialStore({ service });
const account = '1001';

afterAll(async () => {
  await store.delete(account).catch(() => false);
});

describe('KeytarCredentialStore on the real keychain', () => {
  it('saves, reads back, overwrites and deletes a password', async () => {
    expect(await store.read(account)).toBeNull();
    await store.save(account, 'first pässword "quoted"');
    expect(await store.read(account)).toBe('first pässword "quoted"');
    await store.save(account, 'second');
    expect(await store.read(account)).toBe('second');
    expect(await store.delete(account)).toBe(true);
    expect(await store.read(account)).toBeNull();
    expect(await store.delete(account)).toBe(false);
  });

  it('keeps accounts and services apart', async () => {
    const other = new KeytarCredentialStore({ service: `${service}-other` });
    await store.save('a', 'for a');
    await store.save('b', 'for b');
    try {
      expect(await store.read('a')).toBe('for a');
      expect(await store.read('b')).toBe('for b');
      expect(await other.read('a')).toBeNull();
    } finally {
      await store.delete('a');
      await store.delete('b');
    }
  });
});
