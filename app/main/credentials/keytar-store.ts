// CredentialStore on the OS keychain through keytar (Keychain on macOS,
// Credential Vault on Windows, Secret Service/libsecret on Linux). keytar is
// loaded on first use so a machine without its native module still starts;
// every keychain failure becomes a KeychainUnavailableError with the cause.
import { createRequire } from 'node:module';
import { KeychainUnavailableError, checkAccount } from './store.ts';
import type { CredentialStore } from './store.ts';
import type { SecretValues } from '../logging/redact.ts';

import type * as KeytarModule from 'keytar';

type Keytar = typeof KeytarModule;

// keytar is CommonJS with a native addon; require keeps it out of ESM bundling.
const loadKeytar = (): Keytar => createRequire(import.meta.url)('keytar') as Keytar;

export interface KeytarStoreOptions {
  /** Keychain service name, from config (`keychain.service`). */
  service: string;
  /** Values read or saved are registered here so logs never show them. */
  secrets?: SecretValues;
  /** Injected in tests; defaults to requiring keytar. */
  load?: () => Keytar;
}

export class KeytarCredentialStore implements CredentialStore {
  private keytar: Keytar | null = null;

  constructor(private readonly options: KeytarStoreOptions) {
    if (!options.service) throw new TypeError('keychain service name must not be empty');
  }

  async save(account: string, secret: string): Promise<void> {
    checkAccount(account);
    this.options.secrets?.add(secret);
    await this.call((k) => k.setPassword(this.options.service, account, secret));
  }

  async read(account: string): Promise<string | null> {
    checkAccount(account);
    const value = await this.call((k) => k.getPassword(this.options.service, account));
    this.options.secrets?.add(value);
    return value;
  }

  async delete(account: string): Promise<boolean> {
    checkAccount(account);
    return this.call((k) => k.deletePassword(this.options.service, account));
  }

  private async call<T>(op: (keytar: Keytar) => Promise<T>): Promise<T> {
    let keytar: Keytar;
    try {
      keytar = this.keytar ??= (this.options.load ?? loadKeytar)();
    } catch (err) {
      throw new KeychainUnavailableError(`keytar could not be loaded: ${messageOf(err)}`, { cause: err });
    }
    try {
      return await op(keytar);
    } catch (err) {
      throw new KeychainUnavailableError(explain(messageOf(err)), { cause: err });
    }
  }
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/** libsecret's messages, in words an IT admin can act on. */
function explain(message: string): string {
  if (/autolaunch D-Bus|DBUS_SESSION_BUS_ADDRESS|dbus/i.test(message)) {
    return `no D-Bus session bus, so no Secret Service: ${message}`;
  }
  if (/org\.freedesktop\.secrets|secret service|not provided by any \.service/i.test(message)) {
    return `no Secret Service provider (for example gnome-keyring or KWallet) is running: ${message}`;
  }
  if (/locked|dismissed|prompt/i.test(message)) return `the keyring is locked: ${message}`;
  return message;
}
