// The `window.agentToolbar` object: one method per request in the contract and
// two subscriptions. Built over a minimal ipcRenderer-like interface so it
// is tested without Electron; raw ipcRenderer never reaches the page.
import { BRIDGE_KEY, pushChannel, requestChannel, requests } from '../shared/ipc-contract.ts';
import type { IpcReply, PushName, PushPayload, RequestName, ToolbarApi } from '../shared/ipc-contract.ts';

/** The window property the API is exposed on: one name for preload and renderer. */
export const EXPOSED_KEY = BRIDGE_KEY;

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

/** A rejected request: `code` is the contract's error code (forbidden-sender, invalid-payload, tserver-54…). */
export class ToolbarRequestError extends Error {
  override readonly name = 'ToolbarRequestError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function unwrap(name: RequestName, reply: unknown): unknown {
  const r = reply as IpcReply<unknown> | undefined;
  if (r && r.ok === true) return r.value;
  if (r && r.ok === false && r.error) throw new ToolbarRequestError(String(r.error.code), String(r.error.message));
  throw new ToolbarRequestError('bad-reply', `${name}: main sent no valid reply`);
}

function subscribe<N extends PushName>(ipc: IpcRendererLike, name: N, listener: (payload: PushPayload<N>) => void): () => void {
  if (typeof listener !== 'function') throw new TypeError(`on${name}: listener must be a function`);
  // Only the payload crosses: the IpcRendererEvent (with its sender) stays here.
  const wrapped = (_event: unknown, payload: unknown) => listener(payload as PushPayload<N>);
  ipc.on(pushChannel(name), wrapped);
  let subscribed = true;
  return () => {
    if (!subscribed) return;
    subscribed = false;
    ipc.removeListener(pushChannel(name), wrapped);
  };
}

export function buildToolbarApi(ipc: IpcRendererLike): ToolbarApi {
  const methods: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of Object.keys(requests) as RequestName[]) {
    methods[name] = async (...args: unknown[]) => unwrap(name, await ipc.invoke(requestChannel(name), ...args));
  }
  return {
    ...(methods as unknown as Omit<ToolbarApi, 'onSnapshot' | 'onEvent'>),
    onSnapshot: (listener) => subscribe(ipc, 'snapshot', listener),
    onEvent: (listener) => subscribe(ipc, 'event', listener),
  };
}
