// The `window.agentToolbar` object: one method per request in the contract and
// two subscriptions. Built over a minimal ipcRenderer-like interface so it
// is tested without Electron; raw ipcRenderer never reaches the page.
//
// Each method resolves main's IpcReply as plain data and never throws an Error of
// its own: contextBridge copies only an Error's message across (custom properties
// such as `code` are dropped, electron/electron#25596), so the renderer's bridge
// (app/renderer/lib/bridge.ts) builds the error from the data on its side.
import { BRIDGE_KEY, pushChannel, requestChannel, requestError, requests } from '../shared/ipc-contract.ts';
import type { ExposedToolbarApi, IpcReply, PushName, PushPayload, RequestName } from '../shared/ipc-contract.ts';

/** The window property the API is exposed on: one name for preload and renderer. */
export const EXPOSED_KEY = BRIDGE_KEY;

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

/** What main answered, or the reply that says main did not answer (ipcRenderer.invoke rejects when no handler ran). */
async function invokeForReply(ipc: IpcRendererLike, name: RequestName, args: unknown[]): Promise<IpcReply<unknown>> {
  try {
    return (await ipc.invoke(requestChannel(name), ...args)) as IpcReply<unknown>;
  } catch (err) {
    return { ok: false, error: requestError('bad-reply', `${name}: main sent no reply (${err instanceof Error ? err.message : String(err)})`) };
  }
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

export function buildToolbarApi(ipc: IpcRendererLike): ExposedToolbarApi {
  const methods: Record<string, (...args: unknown[]) => Promise<IpcReply<unknown>>> = {};
  for (const name of Object.keys(requests) as RequestName[]) {
    methods[name] = (...args: unknown[]) => invokeForReply(ipc, name, args);
  }
  return {
    ...(methods as unknown as Omit<ExposedToolbarApi, 'onSnapshot' | 'onEvent'>),
    onSnapshot: (listener) => subscribe(ipc, 'snapshot', listener),
    onEvent: (listener) => subscribe(ipc, 'event', listener),
  };
}
