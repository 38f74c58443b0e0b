// What each IPC request does, for both hosts (Electron's ipcMain and the
// preview host's WebSocket): validated arguments in, session calls out.
// Host-neutral: no Electron here.
import type { TimelineEvent } from '../../shared/connectivity.ts';
import type { ToolbarSession } from '../tserver/session/api.ts';
import type { CredentialStore } from '../credentials/store.ts';
import { buildDiagnosticsText } from '../logging/diagnostics.ts';
import type { SecretValues } from '../logging/redact.ts';
import type { RequestHandlers } from './ipc-server.ts';

/** The last N timeline events, oldest first; bounded so a flapping link cannot grow memory. */
export class RecentEvents {
  private readonly items: TimelineEvent[] = [];

  constructor(readonly capacity = 200) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError('RecentEvents capacity must be a positive integer');
  }

  push(event: TimelineEvent): void {
    this.items.push(event);
    if (this.items.length > this.capacity) this.items.splice(0, this.items.length - this.capacity);
  }

  list(): TimelineEvent[] {
    return [...this.items];
  }

  /** Feeds the buffer from the session; returns the unsubscribe function. */
  follow(session: Pick<ToolbarSession, 'onEvent'>): () => void {
    return session.onEvent((event) => this.push(event));
  }
}

export interface HandlerLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface RequestHandlerDeps {
  session: ToolbarSession;
  credentials: CredentialStore;
  recentEvents: () => TimelineEvent[];
  /** Every password main learns is registered here so logs and diagnostics never show it. */
  secrets: SecretValues;
  log: HandlerLogger;
  diagnostics: {
    appVersion: string;
    platform: string;
    /** Config summary for support (sources, endpoints, problems); holds no secrets. */
    config: () => Record<string, unknown>;
    now: () => number;
  };
}

export function createRequestHandlers(deps: RequestHandlerDeps): RequestHandlers {
  const { session, credentials, secrets, log } = deps;

  /** The password to log in with: the typed one (remembered or forgotten as asked) or the stored one. */
  async function passwordFor(agentId: string, typed: string | undefined, remember: boolean): Promise<string | undefined> {
    if (typed === undefined) {
      try {
        return (await credentials.read(agentId)) ?? undefined;
      } catch (err) {
        log.warn({ agentId, err: messageOf(err) }, 'stored password not available; logging in without one');
        return undefined;
      }
    }
    secrets.add(typed);
    try {
      if (remember) await credentials.save(agentId, typed);
      else await credentials.delete(agentId);
    } catch (err) {
      // The login itself must not fail because the keychain did.
      log.warn({ agentId, err: messageOf(err) }, remember ? 'password could not be remembered' : 'stored password could not be removed');
    }
    return typed;
  }

  return {
    async reconnectNow() {
      const accepted = session.checkNow('user');
      log.info({ accepted }, 'agent asked to reconnect now');
      return { accepted };
    },
    async agentReady() {
      await session.agentReady();
      return null;
    },
    async agentNotReady(reasonCode) {
      await session.agentNotReady(reasonCode);
      return null;
    },
    async agentLogin({ agentId, password, remember }) {
      const effective = await passwordFor(agentId, password, remember);
      log.info({ agentId, remember, withPassword: effective !== undefined }, 'agent login requested');
      await session.agentLogin(agentId, effective);
      return null;
    },
    async agentLogout() {
      await session.agentLogout();
      return null;
    },
    async getSnapshot() {
      return session.snapshot();
    },
    async getRecentEvents() {
      return deps.recentEvents();
    },
    async copyDiagnostics() {
      const d = deps.diagnostics;
      const text = buildDiagnosticsText(
        {
          appVersion: d.appVersion,
          platform: d.platform,
          config: d.config(),
          snapshot: session.snapshot(),
          events: deps.recentEvents(),
          generatedAt: d.now(),
        },
        secrets,
      );
      return { text };
    },
  };
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
