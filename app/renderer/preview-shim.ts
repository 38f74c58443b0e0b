// Browser preview only: window.agentToolbar (lib/bridge.ts) over the preview host's WebSocket, with
// the same contract and validators as Electron's preload. The host adds this
// script to the page before the renderer; Electron never loads it.
import * as v from 'valibot';
import { PREVIEW_TOKEN_PARAM, PREVIEW_WS_PATH, pushes, requests } from '../shared/ipc-contract.ts';
import type { IpcReply, PushName, PushPayload, RequestName, ToolbarApi } from '../shared/ipc-contract.ts';
import { NO_REPLY } from './lib/no-reply.ts';

/** A request without a reply by then rejects as `timeout` (outcome unknown, never "failed"), so no button waits forever. */
const REQUEST_TIMEOUT_MS = 10_000;
const RECONNECT_DELAY_MS = 1_000;

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void; timer: ReturnType<typeof setTimeout> };

function requestError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

export function createWebSocketToolbar(url: string): ToolbarApi {
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
        p.reject(requestError(NO_REPLY.disconnected, 'preview host connection closed'));
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
    const reply = m.reply as IpcReply<unknown> | undefined;
    if (!reply || typeof reply !== 'object') return p.reject(requestError('invalid-reply', `${p.name}: malformed reply`));
    if (!reply.ok) return p.reject(requestError(String(reply.error?.code ?? 'failed'), String(reply.error?.message ?? 'request failed')));
    const parsed = v.safeParse(requests[p.name].result, reply.value);
    if (!parsed.success) return p.reject(requestError('invalid-reply', `${p.name}: ${v.summarize(parsed.issues)}`));
    p.resolve(parsed.output);
  };

  const call = (name: RequestName, args: unknown[]): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(requestError(NO_REPLY.timeout, `${name}: no reply from the preview host`));
      }, REQUEST_TIMEOUT_MS);
      pending.set(id, { name, resolve, reject, timer });
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
  } as Partial<ToolbarApi>;
  for (const name of Object.keys(requests) as RequestName[]) {
    (api as Record<string, unknown>)[name] = (...args: unknown[]) => call(name, args);
  }
  return api as ToolbarApi;
}

if (typeof window !== 'undefined' && !window.agentToolbar) {
  // The preview host's access token came with the page's URL; the WebSocket needs it too.
  const token = new URLSearchParams(location.search).get(PREVIEW_TOKEN_PARAM) ?? '';
  window.agentToolbar = createWebSocketToolbar(`ws://${location.host}${PREVIEW_WS_PATH}?${PREVIEW_TOKEN_PARAM}=${encodeURIComponent(token)}`);
}
