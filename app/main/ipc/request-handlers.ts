// What each IPC request does, for both hosts (Electron's ipcMain and the
// preview host's WebSocket): validated arguments in, session calls out.
// Host-neutral: no Electron here.
import type { ErrorInfo, RequestOutcome, TimelineEvent } from '../../shared/connectivity.ts';
import { DEFAULT_UI_CONFIG } from '../../shared/ui-config.ts';
import type { UiConfig } from '../../shared/ui-config.ts';
import type { ToolbarSession } from '../tserver/session/api.ts';
import { AgentPasswordKeychain, isPasswordRefusal } from '../credentials/agent-password.ts';
import type { CredentialStore } from '../credentials/store.ts';
import { buildDiagnosticsText } from '../logging/diagnostics.ts';
import type { SecretValues } from '../logging/redact.ts';
import { errorInfoOf } from '../tserver/session/error-info.ts';
import type { RequestHandlers } from './ipc-server.ts';

/**
 * A session request refused, with the facts IpcServer sends as data (failedRequestError):
 * the T-Library code, whether retrying can help, and the server that carried the session.
 */
export class RefusedRequest extends Error implements ErrorInfo {
  override readonly name = 'RefusedRequest';
  readonly code: number | null;
  readonly retryable: boolean;
  readonly server: string | null;
  constructor(info: ErrorInfo) {
    super(info.message);
    this.code = info.code;
    this.retryable = info.retryable;
    this.server = info.server;
  }
}

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
  /** Not Ready reasons, alarm grace, registered global shortcuts (app/main/config/ui-config.ts); the built-in defaults when omitted. */
  uiConfig?: () => UiConfig;
  /**
   * The host's clipboard (Electron's `clipboard`, in main): Copy diagnostics writes there
   * itself. The window's own clipboard write is a permission request (`clipboard-sanitized-write`)
   * and the window's permission handler denies every request (desktop/hardening.ts); copying
   * in main keeps that handler deny-all and lets the page put nothing on the clipboard but
   * main's diagnostics text. Absent (the browser preview: the host has no clipboard of the
   * page's): the page copies the text it is sent.
   */
  clipboard?: { writeText(text: string): void };
  diagnostics: {
    appVersion: string;
    platform: string;
    /** Config summary for support (sources, endpoints, problems); holds no secrets. */
    config: () => Record<string, unknown>;
    /** The log's last lines, oldest first, already scrubbed (the host's LogTail). */
    logLines: () => readonly string[];
    now: () => number;
  };
}

export function createRequestHandlers(deps: RequestHandlerDeps): RequestHandlers {
  const { session, secrets, log } = deps;
  const keychain = new AgentPasswordKeychain(deps.credentials, log);
  /** A session request whose refusal names the server that carried the session when it was refused. */
  const onSession = async <T>(request: () => Promise<T>): Promise<T> => {
    try {
      return await request();
    } catch (err) {
      throw new RefusedRequest({ ...errorInfoOf(err, '', 'request failed'), server: session.snapshot().server?.name ?? null });
    }
  };

  return {
    async reconnectNow() {
      const accepted = session.checkNow('user');
      log.info({ accepted }, 'agent asked to reconnect now');
      return { accepted };
    },
    agentReady: () => onSession(() => session.agentReady()),
    agentNotReady: (reasonCode) => onSession(() => session.agentNotReady(reasonCode)),
    async agentLogin({ agentId, password: typed, remember }) {
      if (typed !== undefined) {
        secrets.add(typed);
        // Unticking "Remember" is the agent's wish whatever the switch answers.
        if (!remember) await keychain.forget(agentId);
      }
      const sent = typed ?? (await keychain.stored(agentId));
      // No key here may look like a secret ("password…"): the log would redact the value.
      log.info({ agentId, remember, loginWith: typed !== undefined ? 'typed' : sent !== undefined ? 'keychain' : 'none' }, 'agent login requested');
      let result: RequestOutcome;
      try {
        result = await onSession(() => session.agentLogin(agentId, sent));
      } catch (err) {
        // A refused password is never stored, and one the keychain held is removed.
        if (isPasswordRefusal(err)) await keychain.refused(agentId, sent);
        throw err;
      }
      if (typed !== undefined && remember) {
        // The keychain is written only once EventAgentLogin confirmed the password.
        if (result.outcome === 'done') await keychain.confirmed(agentId, typed);
        else log.info({ agentId }, 'login not confirmed in time; password not remembered (the agent will be asked next time)');
      }
      return result;
    },
    agentLogout: () => onSession(() => session.agentLogout()),
    answerCall: (connId) => onSession(() => session.answerCall(connId)),
    holdCall: (connId) => onSession(() => session.holdCall(connId)),
    retrieveCall: (connId) => onSession(() => session.retrieveCall(connId)),
    releaseCall: (connId) => onSession(() => session.releaseCall(connId)),
    async getSnapshot() {
      return session.snapshot();
    },
    async getRecentEvents() {
      return deps.recentEvents();
    },
    async getUiConfig() {
      return deps.uiConfig?.() ?? structuredClone(DEFAULT_UI_CONFIG);
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
          logLines: d.logLines(),
          generatedAt: d.now(),
        },
        secrets,
      );
      let copied = false;
      if (deps.clipboard) {
        try {
          deps.clipboard.writeText(text);
          copied = true;
        } catch (err) {
          log.warn({ err: err instanceof Error ? err.message : String(err) }, 'diagnostics could not be put on the clipboard; the window shows them to copy by hand');
        }
      }
      return { text, copied };
    },
  };
}
