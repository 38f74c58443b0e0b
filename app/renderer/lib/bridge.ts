// Finds the API the preload (or the preview shim) exposed on window and turns its
// replies into values and errors on this side of the bridge.
//
// `window.toolbar` is taken: it is the standard BarProp (window.toolbar.visible),
// and Electron's contextBridge refuses to bind over an existing window property.
// So the API lives at `window.agentToolbar`; `toolbar` is still accepted when a
// host managed to replace it with a real API.
//
// Errors are built here, from the reply's data, never on the other side:
// contextBridge copies only the message of an Error thrown in the preload
// (electron/electron#25596), so a `code` set there would arrive as undefined.
import * as v from 'valibot';
import { BRIDGE_KEY, RequestErrorSchema, requestError, requests } from '../../shared/ipc-contract.ts';
import type { ExposedToolbarApi, RequestErrorInfo, RequestErrorKind, RequestName, ToolbarApi } from '../../shared/ipc-contract.ts';

export { BRIDGE_KEY };
const ACCEPTED_KEYS = [BRIDGE_KEY, 'toolbar'] as const;

/** A refused request, with the structured error main (or the transport) sent. */
export class ToolbarRequestError extends Error implements RequestErrorInfo {
  override readonly name = 'ToolbarRequestError';
  readonly kind: RequestErrorKind;
  /** The T-Library ErrorCode when the switch gave one, else null. */
  readonly code: number | null;
  readonly retryable: boolean;
  readonly server: string | null;

  constructor(info: RequestErrorInfo) {
    super(info.message);
    this.kind = info.kind;
    this.code = info.code;
    this.retryable = info.retryable;
    this.server = info.server;
  }
}

/** Has the exposed API's shape: one function per request and the two subscriptions. */
export function isExposedApi(candidate: unknown): candidate is ExposedToolbarApi {
  if (typeof candidate !== 'object' || candidate === null) return false;
  const c = candidate as Record<string, unknown>;
  const names = [...Object.keys(requests), 'onSnapshot', 'onEvent'];
  return names.every((name) => typeof c[name] === 'function');
}

/** The value of a reply checked against the contract, or the error it carries, thrown. */
export function valueOfReply(name: RequestName, reply: unknown): unknown {
  const r = typeof reply === 'object' && reply !== null ? (reply as Record<string, unknown>) : null;
  if (r?.['ok'] === true) {
    const parsed = v.safeParse(requests[name].result, r['value']);
    if (parsed.success) return parsed.output;
    throw new ToolbarRequestError(requestError('bad-reply', `${name}: ${v.summarize(parsed.issues)}`));
  }
  if (r?.['ok'] === false) {
    const parsed = v.safeParse(RequestErrorSchema, r['error']);
    if (parsed.success) throw new ToolbarRequestError(parsed.output);
    throw new ToolbarRequestError(requestError('bad-reply', `${name}: an error reply this window cannot read (${v.summarize(parsed.issues)})`));
  }
  throw new ToolbarRequestError(requestError('bad-reply', `${name}: main sent no valid reply`));
}

/** The renderer's API over the exposed one: values resolve, refusals reject with a ToolbarRequestError. */
export function toolbarApiOver(exposed: ExposedToolbarApi): ToolbarApi {
  const methods: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of Object.keys(requests) as RequestName[]) {
    const send = exposed[name] as (...args: unknown[]) => Promise<unknown>;
    methods[name] = async (...args: unknown[]) => {
      let reply: unknown;
      try {
        reply = await send(...args);
      } catch (err) {
        // The exposed API resolves its replies; a rejection is a host bug, and all the page learns is its message.
        throw new ToolbarRequestError(requestError('bad-reply', `${name}: ${err instanceof Error ? err.message : String(err)}`));
      }
      return valueOfReply(name, reply);
    };
  }
  return {
    ...(methods as unknown as Omit<ToolbarApi, 'onSnapshot' | 'onEvent'>),
    onSnapshot: (listener) => exposed.onSnapshot(listener),
    onEvent: (listener) => exposed.onEvent(listener),
  };
}

export function findToolbarApi(globalObject: object): ToolbarApi | null {
  for (const key of ACCEPTED_KEYS) {
    const candidate = (globalObject as Record<string, unknown>)[key];
    if (isExposedApi(candidate)) return toolbarApiOver(candidate);
  }
  return null;
}
