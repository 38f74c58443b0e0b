// In-memory CredentialStore: the browser preview (which never touches the OS
// keychain) and tests of modules that need one.
import { checkAccount } from './store.ts';
import type { CredentialStore } from './store.ts';

export class MemoryCredentialStore implements CredentialStore {
  private readonly secrets = new Map<string, string>();

  async save(account: string, secret: string): Promise<void> {
    checkAccount(account);
    this.secrets.set(account, secret);
  }

  async read(account: string): Promise<string | null> {
    checkAccount(account);
    return this.secrets.get(account) ?? null;
  }

  async delete(account: string): Promise<boolean> {
    checkAccount(account);
    return this.secrets.delete(account);
  }
}
