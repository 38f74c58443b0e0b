// The agent's password in the keychain follows what the switch said about it
// (issue 8, "remember after success"): it is written only once EventAgentLogin
// confirmed it, and removed once the switch refused it, so a wrong password is
// never offered again and the agent is asked instead. A keychain failure is
// logged and swallowed here: a login must never fail because the keychain did.
import type { CoreLogger } from '../tserver/core-logger.ts';
import { ErrorCodes } from '../tserver/protocol/index.ts';
import type { CredentialStore } from './store.ts';

/**
 * The switch's answers to AgentLogin that mean "this password, or the agent id it
 * belongs to, is wrong": keeping the password would only have it refused again.
 */
export const PASSWORD_REFUSED_CODES: ReadonlySet<number> = new Set([
  ErrorCodes.PasswordDoesNotMatch, // 1705
  ErrorCodes.BadPassword, // 119
  ErrorCodes.InvalidAgentId, // 192
]);

/** Whether a rejected agent login was the switch refusing the credentials (not a network or link problem). */
export function isPasswordRefusal(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'number' && PASSWORD_REFUSED_CODES.has(code);
}

/** What the HA session asks of the host about stored passwords (the `SessionOptions` hooks). */
export interface SessionPasswordHooks {
  agentPassword: () => Promise<string | undefined>;
  /** Never rejects; the promise is for tests (the session ignores it). */
  onStoredPasswordRejected: (agentId: string) => Promise<void>;
}

export class AgentPasswordKeychain {
  /** Per agent, the value last handed to the session for an automatic re-login. */
  private readonly handedOut = new Map<string, string>();

  constructor(
    private readonly credentials: CredentialStore,
    private readonly log: CoreLogger,
  ) {}

  /** The stored password; undefined when none is stored or the keychain failed (said in the log). */
  async stored(agentId: string): Promise<string | undefined> {
    try {
      return (await this.credentials.read(agentId)) ?? undefined;
    } catch (err) {
      this.log.warn({ agentId, err: messageOf(err) }, 'stored password not available; logging in without one');
      return undefined;
    }
  }

  /** The switch confirmed `password` for `agentId` (EventAgentLogin) and the agent asked to remember it. */
  async confirmed(agentId: string, password: string): Promise<void> {
    try {
      await this.credentials.save(agentId, password);
      this.log.info({ agentId }, 'login confirmed by the switch; password remembered');
    } catch (err) {
      this.log.warn({ agentId, err: messageOf(err) }, 'password could not be remembered');
    }
  }

  /** The agent unticked "Remember". */
  async forget(agentId: string): Promise<void> {
    try {
      await this.credentials.delete(agentId);
    } catch (err) {
      this.log.warn({ agentId, err: messageOf(err) }, 'stored password could not be removed');
    }
  }

  /**
   * The switch refused `password` for `agentId`. Removed only when the keychain
   * holds that very value: a refused typo must not cost the agent a stored
   * password that still works.
   */
  async refused(agentId: string, password: string | undefined): Promise<void> {
    if (password === undefined) return;
    let stored: string | null;
    try {
      stored = await this.credentials.read(agentId);
    } catch (err) {
      this.log.warn({ agentId, err: messageOf(err) }, 'stored password refused by the switch but the keychain could not be read to remove it');
      return;
    }
    if (stored !== password) return;
    try {
      await this.credentials.delete(agentId);
      this.log.info({ agentId }, 'stored password refused by the switch; removed from the keychain, the agent will be asked');
    } catch (err) {
      this.log.warn({ agentId, err: messageOf(err) }, 'stored password refused by the switch could not be removed');
    }
  }

  /**
   * The session's hooks. `agentId()` names the agent the session logs back in: the
   * hook has no argument, so the host reads it from the session's own snapshot
   * rather than from config (the agent may have logged in under another id).
   */
  sessionHooks(agentId: () => string | null): SessionPasswordHooks {
    return {
      agentPassword: async () => {
        const id = agentId();
        if (!id) return undefined;
        const value = await this.stored(id);
        if (value === undefined) this.handedOut.delete(id);
        else this.handedOut.set(id, value);
        return value;
      },
      // The core names only the agent; comparing with what was handed out keeps a
      // password the agent saved meanwhile (a new one) from being removed.
      onStoredPasswordRejected: async (id) => {
        const value = this.handedOut.get(id);
        this.handedOut.delete(id);
        await this.refused(id, value);
      },
    };
  }
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
