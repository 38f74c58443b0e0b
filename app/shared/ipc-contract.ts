// The IPC contract, shared by Electron's IPC and the browser preview host's
// WebSocket: channel names and one validator per message. Nothing else.
import * as v from 'valibot';
import { CONN_ID_PATTERN, ConnectivitySnapshotSchema, ErrorInfoSchema, RequestOutcomeSchema, TimelineEventSchema } from './connectivity.ts';
import { REASON_CODE_PATTERN, UiConfigSchema } from './ui-config.ts';

export const CHANNEL_PREFIX = 'agent-toolbar:';

/**
 * The window property the API is exposed on (preload and preview shim alike).
 * Not `toolbar`: that is the standard BarProp, and contextBridge refuses to
 * bind over an existing window property.
 */
export const BRIDGE_KEY = 'agentToolbar';

/** The browser preview host's WebSocket path: its stand-in for Electron's IPC channels. */
export const PREVIEW_WS_PATH = '/ipc';

/**
 * The query parameter carrying the preview host's per-run access token: on the URL
 * the host prints (the page load) and on the WebSocket URL the preview shim opens.
 */
export const PREVIEW_TOKEN_PARAM = 'token';

/** What agentLogin accepts as an agent id; the login form checks the same before sending. */
export const AGENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A ConnID as the session shows it in `calls`; anything else is refused before the session. */
const connIdArgs = v.strictTuple([v.pipe(v.string(), v.regex(CONN_ID_PATTERN, 'call id: 1-64 letters, digits, _ or -'))]);

/** Renderer → main requests: name → argument schema and result schema. */
export const requests = {
  reconnectNow: { args: v.strictTuple([]), result: v.object({ accepted: v.boolean() }) },
  /** Agent requests answer `unknown` when the switch did not answer in time (never "failed"). */
  agentReady: { args: v.strictTuple([]), result: RequestOutcomeSchema },
  agentNotReady: {
    args: v.strictTuple([v.pipe(v.string(), v.regex(REASON_CODE_PATTERN, 'reason code: 1-32 letters, digits, _ or -'))]),
    result: RequestOutcomeSchema,
  },
  agentLogin: {
    args: v.strictTuple([
      v.strictObject({
        agentId: v.pipe(v.string(), v.regex(AGENT_ID_PATTERN, 'agent id: 1-64 letters, digits, _ or -')),
        /** Goes to the OS keychain through main; omitted to use the stored one. */
        password: v.optional(v.pipe(v.string(), v.maxLength(256))),
        remember: v.boolean(),
      }),
    ]),
    result: RequestOutcomeSchema,
  },
  agentLogout: { args: v.strictTuple([]), result: RequestOutcomeSchema },
  /** Call controls on one of the snapshot's `calls` (by ConnID); `unknown` as for the agent requests. */
  answerCall: { args: connIdArgs, result: RequestOutcomeSchema },
  holdCall: { args: connIdArgs, result: RequestOutcomeSchema },
  retrieveCall: { args: connIdArgs, result: RequestOutcomeSchema },
  releaseCall: { args: connIdArgs, result: RequestOutcomeSchema },
  getSnapshot: { args: v.strictTuple([]), result: ConnectivitySnapshotSchema },
  getRecentEvents: { args: v.strictTuple([]), result: v.array(TimelineEventSchema) },
  /**
   * `copied`: main put `text` on the clipboard itself (Electron); false where it cannot
   * (the browser preview's host has no clipboard of the page's), so the page copies `text`.
   */
  copyDiagnostics: { args: v.strictTuple([]), result: v.object({ text: v.string(), copied: v.boolean() }) },
  /** Not Ready reasons, the red banner's grace, the registered global shortcuts (config, not connectivity). */
  getUiConfig: { args: v.strictTuple([]), result: UiConfigSchema },
} as const;

export type RequestName = keyof typeof requests;
export type RequestArgs<N extends RequestName> = v.InferOutput<(typeof requests)[N]['args']>;
export type RequestResult<N extends RequestName> = v.InferOutput<(typeof requests)[N]['result']>;

/** Main → renderer pushes. */
export const pushes = {
  snapshot: ConnectivitySnapshotSchema,
  event: TimelineEventSchema,
} as const;
export type PushName = keyof typeof pushes;
export type PushPayload<N extends PushName> = v.InferOutput<(typeof pushes)[N]>;

export const requestChannel = (name: RequestName): string => `${CHANNEL_PREFIX}${name}`;
export const pushChannel = (name: PushName): string => `${CHANNEL_PREFIX}push:${name}`;

export function isRequestName(name: string): name is RequestName {
  return Object.prototype.hasOwnProperty.call(requests, name);
}

/**
 * Why a request got no value. `failed`: the handler (the session, the switch) refused
 * it — `code` is the T-Library ErrorCode when the switch gave one. The others are the
 * transports' own: the host refused the request (`rate-limited`, `forbidden-sender`,
 * `unknown-request`, `invalid-payload`, `invalid-message`; `not-ready`: still starting,
 * nothing was done), the page could not read the
 * reply (`bad-reply`), or no reply came (`timeout`, `disconnected`: the outcome is unknown).
 */
export const REQUEST_ERROR_KINDS = [
  'failed',
  'rate-limited',
  'forbidden-sender',
  'unknown-request',
  'invalid-payload',
  'invalid-message',
  'not-ready',
  'bad-reply',
  'timeout',
  'disconnected',
] as const;
export type RequestErrorKind = (typeof REQUEST_ERROR_KINDS)[number];

/**
 * The one error shape on the boundary: the snapshot's ErrorInfo (`code` a number or null,
 * `message`, `retryable`, `server`) plus the `kind` of failure. It crosses as plain data:
 * contextBridge drops custom properties of an Error (electron/electron#25596), so the
 * preload resolves the reply as it is and the renderer's bridge builds the Error.
 */
export const RequestErrorSchema = v.object({ kind: v.picklist(REQUEST_ERROR_KINDS), ...ErrorInfoSchema.entries });
export type RequestErrorInfo = v.InferOutput<typeof RequestErrorSchema>;

/** A RequestErrorInfo with the defaults of a transport's refusal: no T-Library code, retryable, no server. */
export function requestError(kind: RequestErrorKind, message: string, facts: Partial<Pick<RequestErrorInfo, 'code' | 'retryable' | 'server'>> = {}): RequestErrorInfo {
  return { kind, code: facts.code ?? null, message, retryable: facts.retryable ?? true, server: facts.server ?? null };
}

/** Every reply over either transport: a value, or an error the UI can show. */
export type IpcReply<T> = { ok: true; value: T } | { ok: false; error: RequestErrorInfo };

/** Validates request arguments; returns the parsed args or a precise message. */
export function parseRequestArgs<N extends RequestName>(
  name: N,
  args: unknown,
): { ok: true; args: RequestArgs<N> } | { ok: false; message: string } {
  const result = v.safeParse(requests[name].args, args);
  if (result.success) return { ok: true, args: result.output as RequestArgs<N> };
  return { ok: false, message: `${name}: ${v.summarize(result.issues)}` };
}

/** The pushes' subscriptions, alike on both sides of the bridge. */
export interface PushSubscriptions {
  onSnapshot(listener: (snapshot: PushPayload<'snapshot'>) => void): () => void;
  onEvent(listener: (event: PushPayload<'event'>) => void): () => void;
}

/**
 * What the preload (or the preview shim) exposes as `window.agentToolbar`: each request
 * resolves its IpcReply as plain data and never rejects with an error of its own making
 * (a transport with no reply resolves a `timeout` / `disconnected` error reply).
 */
export type ExposedToolbarApi = {
  [N in RequestName]: (...args: RequestArgs<N>) => Promise<IpcReply<RequestResult<N>>>;
} & PushSubscriptions;

/** The typed API the renderer uses (built by app/renderer/lib/bridge.ts): values, or a rejection with the error built from the reply. */
export type ToolbarApi = {
  [N in RequestName]: (...args: RequestArgs<N>) => Promise<RequestResult<N>>;
} & PushSubscriptions;
