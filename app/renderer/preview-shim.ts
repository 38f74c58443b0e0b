// Browser preview only: window.agentToolbar (lib/bridge.ts) over the preview host's WebSocket, with
// the same contract as Electron's preload: each request resolves its IpcReply as data
// (a missing reply too, as a `timeout` / `disconnected` error reply), and the renderer's
// bridge checks it and builds the error, for both hosts alike. The host adds this
// script to the page before the renderer; Electron never loads it.
import * as v from 'valibot';
import { PREVIEW_TOKEN_PARAM, PREVIEW_WS_PATH, pushes, requestError, requests } from '../shared/ipc-contract.ts';
import type { ExposedToolbarApi, IpcReply, PushName, PushPayload, RequestName } from '../shared/ipc-contract.ts';

/** A request without a reply by then resolves a `timeout` error (outcome unknown, never "failed"), so no button waits forever. */
const REQUEST_TIMEOUT_MS = 10_000;
const RECONNECT_DELAY_MS = 1_000;

type Pending = { resolve: (reply: IpcReply<unknown>) => void; timer: ReturnType<typeof setTimeout> };

const failure = (...args: Parameters<typeof requestError>): IpcReply<never> => ({ ok: false, error: requestError(...args) });

export function createWebSocketToolbar(url: string): ExposedToolbarApi {
  const listeners: { [N in PushName]: Set<(payload: PushPayload<N>) => void> } = { snapshot: new Set(), event: new Set() };
  const pending = new Map<number, Pending & { name: RequestName }>();
  const outbox: string[] = [];
  let nextId = 1;
  let socket: WebSocket;

  const connect = (): void => {
    socket = new WebSocket(url);
    socket.addEventListener('open', () => {
      for (const text of outbox.splice(0)) socket.send(text);
    });
    socket.addEventListener('message', (ev) => onMessage(ev.data));
    socket.addEventListener('close', () => {
      for (const [id, p] of pending) {
        clearTimeout(p.timer);
        p.resolve(failure('disconnected', 'preview host connection closed'));
        pending.delete(id);
      }
      setTimeout(connect, RECONNECT_DELAY_MS);
    });
  };

  const onMessage = (data: unknown): void => {
    let msg: unknown;
    try {
      msg = JSON.parse(String(data));
    } catch {
      console.warn('preview shim: ignored a non-JSON message');
      return;
    }
    if (typeof msg !== 'object' || msg === null) return;
    const m = msg as { id?: unknown; reply?: unknown; push?: unknown; payload?: unknown };
    if (typeof m.push === 'string' && (m.push === 'snapshot' || m.push === 'event')) {
      const parsed = v.safeParse(pushes[m.push], m.payload);
      if (!parsed.success) {
        console.warn(`preview shim: invalid ${m.push} push: ${v.summarize(parsed.issues)}`);
        return;
      }
      for (const l of listeners[m.push]) (l as (p: unknown) => void)(parsed.output);
      return;
    }
    if (typeof m.id !== 'number') return;
    const p = pending.get(m.id);
    if (!p) return;
    pending.delete(m.id);
    clearTimeout(p.timer);
    // The bridge checks the reply against the contract (value and error alike).
    if (!m.reply || typeof m.reply !== 'object') return p.resolve(failure('bad-reply', `${p.name}: malformed reply`));
    p.resolve(m.reply as IpcReply<unknown>);
  };

  const call = (name: RequestName, args: unknown[]): Promise<IpcReply<unknown>> =>
    new Promise((resolve) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        resolve(failure('timeout', `${name}: no reply from the preview host`));
      }, REQUEST_TIMEOUT_MS);
      pending.set(id, { name, resolve, timer });
      const text = JSON.stringify({ id, name, args });
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
      else outbox.push(text);
    });

  connect();

  const subscribe =
    <N extends PushName>(name: N) =>
    (listener: (payload: PushPayload<N>) => void): (() => void) => {
      listeners[name].add(listener);
      return () => listeners[name].delete(listener);
    };

  const api = {
    onSnapshot: subscribe('snapshot'),
    onEvent: subscribe('event'),
  } as Partial<ExposedToolbarApi>;
  for (const name of Object.keys(requests) as RequestName[]) {
    (api as Record<string, unknown>)[name] = (...args: unknown[]) => call(name, args);
  }
  return api as ExposedToolbarApi;
}

if (typeof window !== 'undefined' && !window.agentToolbar) {
  // The preview host's access token came with the page's URL; the WebSocket needs it too.
  const token = new URLSearchParams(location.search).get(PREVIEW_TOKEN_PARAM) ?? '';
  window.agentToolbar = createWebSocketToolbar(`ws://${location.host}${PREVIEW_WS_PATH}?${PREVIEW_TOKEN_PARAM}=${encodeURIComponent(token)}`);
}
