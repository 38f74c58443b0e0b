// Where the agent's password (and the application password) live: the OS
// keychain, behind an interface so the rest of main can be tested without one.
// Service name comes from config; account is the agent id.

export interface CredentialStore {
  save(account: string, secret: string): Promise<void>;
  /** Null when nothing is stored for the account. */
  read(account: string): Promise<string | null>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
}

/** The OS keychain cannot be reached (no Secret Service, locked, library missing). */
export class KeychainUnavailableError extends Error {
  override readonly name = 'KeychainUnavailableError';
  readonly code = 'keychain-unavailable';
  constructor(
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`The system keychain is not available (${detail}). The password cannot be remembered; you will be asked for it each time.`, options);
  }
}

/** Account name for the T-Server application password, next to agent accounts. */
export const applicationAccount = (applicationName: string): string => `application:${applicationName}`;

export function checkAccount(account: string): void {
  if (typeof account !== 'string' || account.length === 0 || account.length > 128) {
    throw new TypeError('keychain account must be 1-128 characters');
  }
}
