// The IPC contract over a WebSocket, for the browser preview host. Loopback
// only; a connection must come from the host's own page (exact Origin and Host),
// which stands in for Electron's "our frame, top level" sender check.
// Requests: {id, name, args} → {id, reply}; pushes: {push, payload}.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { PREVIEW_WS_PATH } from '../../shared/ipc-contract.ts';
import type { IpcReply, PushName, PushPayload } from '../../shared/ipc-contract.ts';
import type { IncomingRequest, IpcTransport } from '../ipc/ipc-server.ts';

/** Far above any real request (the largest is a login); bigger frames close the socket. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

export interface WsTransportOptions {
  server: Server;
  /** The one origin allowed, e.g. http://127.0.0.1:5173 (known once the server listens). */
  origin: () => string;
  log?: { warn(obj: Record<string, unknown>, msg: string): void };
}

type Handler = (request: IncomingRequest) => Promise<IpcReply<unknown>>;

/** Checks an upgrade request; returns why it is refused, or null to accept. */
export function refusal(req: IncomingMessage, origin: string): string | null {
  const path = (req.url ?? '').split('?')[0];
  if (path !== PREVIEW_WS_PATH) return `unknown path ${JSON.stringify(req.url)}`;
  if (req.headers.origin !== origin) return `origin ${JSON.stringify(req.headers.origin ?? null)} is not ${origin}`;
  // DNS rebinding: a page on evil.example resolved to 127.0.0.1 sends Host evil.example.
  if (`http://${req.headers.host ?? ''}` !== origin) return `host ${JSON.stringify(req.headers.host ?? null)} is not ${origin.slice(7)}`;
  return null;
}

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export class WebSocketIpcTransport implements IpcTransport {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private handler: Handler | null = null;
  private readonly welcomers: ((send: <N extends PushName>(name: N, payload: PushPayload<N>) => void) => void)[] = [];

  constructor(private readonly options: WsTransportOptions) {
    options.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const why = refusal(req, options.origin());
      if (why) {
        options.log?.warn({ why, remote: req.socket.remoteAddress }, 'preview WebSocket refused');
        reject(socket, 403, 'Forbidden');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req.headers.origin ?? ''));
    });
  }

  serve(handler: Handler): void {
    this.handler = handler;
  }

  push<N extends PushName>(name: N, payload: PushPayload<N>): void {
    const text = JSON.stringify({ push: name, payload });
    for (const ws of this.wss.clients) if (ws.readyState === ws.OPEN) ws.send(text);
  }

  /** Called for every new client, to send it what it must know at once (the current snapshot). */
  onClient(welcome: (send: <N extends PushName>(name: N, payload: PushPayload<N>) => void) => void): void {
    this.welcomers.push(welcome);
  }

  get clientCount(): number {
    return this.wss.clients.size;
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private accept(ws: WebSocket, origin: string): void {
    ws.on('error', (err) => this.options.log?.warn({ err: err.message }, 'preview WebSocket error'));
    ws.on('message', (data, isBinary) => {
      void this.onMessage(ws, origin, isBinary ? null : data.toString());
    });
    const send = <N extends PushName>(name: N, payload: PushPayload<N>) => ws.send(JSON.stringify({ push: name, payload }));
    for (const welcome of this.welcomers) welcome(send);
  }

  private async onMessage(ws: WebSocket, origin: string, text: string | null): Promise<void> {
    const parsed = parseRequestFrame(text);
    if (!parsed.ok) {
      ws.send(JSON.stringify({ id: parsed.id, reply: { ok: false, error: { code: 'invalid-message', message: parsed.message } } }));
      return;
    }
    const reply: IpcReply<unknown> = this.handler
      ? await this.handler({ name: parsed.name, args: parsed.args, senderOk: true, senderDescription: `websocket ${origin}` })
      : { ok: false, error: { code: 'not-ready', message: 'the preview host is starting' } };
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: parsed.id, reply }));
  }
}

export type RequestFrame = { ok: true; id: number; name: string; args: unknown } | { ok: false; id: number | null; message: string };

/** Shape check of a request frame; names and arguments are IpcServer's job. */
export function parseRequestFrame(text: string | null): RequestFrame {
  if (text === null) return { ok: false, id: null, message: 'binary frames are not accepted' };
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return { ok: false, id: null, message: 'not JSON' };
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg)) return { ok: false, id: null, message: 'expected an object {id, name, args}' };
  const { id, name, args } = msg as Record<string, unknown>;
  const goodId = typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
  if (goodId === null) return { ok: false, id: null, message: 'id must be an integer' };
  if (typeof name !== 'string') return { ok: false, id: goodId, message: 'name must be a string' };
  if (!Array.isArray(args)) return { ok: false, id: goodId, message: 'args must be an array' };
  return { ok: true, id: goodId, name, args };
}
