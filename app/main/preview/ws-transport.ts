// The IPC contract over a WebSocket, for the browser preview host. Loopback
// only; a connection must come from the host's own page (exact Origin and Host),
// which stands in for Electron's "our frame, top level" sender check, and must
// carry the run's access token (access-token.ts), which a local process that
// forges the Origin header does not have.
// Requests: {id, name, args} → {id, reply}; pushes: {push, payload}.
//
// Bounds per client (issue 9: a page that never reads grew the host by 38 MB in
// 20 s): pushes look at the client's `bufferedAmount`. Over the soft bound, events
// are dropped (counted, and logged when the client catches up) and snapshots
// coalesced — the newest is sent once the client drains, before anything newer.
// A client over the hard bound (replies are never dropped) or over the soft bound
// for longer than the stall limit is closed; its page reconnects and is welcomed
// with the current snapshot.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { PREVIEW_WS_PATH, requestError } from '../../shared/ipc-contract.ts';
import type { IpcReply, PushName, PushPayload } from '../../shared/ipc-contract.ts';
import type { IncomingRequest, IpcTransport } from '../ipc/ipc-server.ts';
import { tokenMatches, tokenOf } from './access-token.ts';

/** Far above any real request (the largest is a login); bigger frames close the socket. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

export interface ClientBounds {
  /** Above this many unsent bytes, events are dropped and snapshots coalesced. */
  softBytes: number;
  /** Above this many, the client is closed (one diagnostics reply with its 500 log lines is ~2 MB). */
  hardBytes: number;
  /** A client over the soft bound this long is closed. */
  stallMs: number;
  /** Connections at once; more are refused (503). */
  maxClients: number;
}

export const DEFAULT_CLIENT_BOUNDS: ClientBounds = { softBytes: 256 * 1024, hardBytes: 8 * 1024 * 1024, stallMs: 30_000, maxClients: 8 };

export interface WsTransportOptions {
  server: Server;
  /** The one origin allowed, e.g. http://127.0.0.1:5173 (known once the server listens). */
  origin: () => string;
  /** The run's access token; the upgrade URL must carry it. */
  token: string;
  log?: { warn(obj: Record<string, unknown>, msg: string): void };
  bounds?: Partial<ClientBounds>;
  /** Monotonic ms, for the stall limit; tests drive it. */
  now?: () => number;
}

type Handler = (request: IncomingRequest) => Promise<IpcReply<unknown>>;
type Welcome = (send: <N extends PushName>(name: N, payload: PushPayload<N>) => void) => void;

/** Checks an upgrade request; returns why it is refused (never quoting the token), or null to accept. */
export function refusal(req: IncomingMessage, origin: string, token: string): string | null {
  const path = (req.url ?? '').split('?')[0]!;
  if (path !== PREVIEW_WS_PATH) return `unknown path ${JSON.stringify(path.slice(0, 100))}`;
  if (!tokenMatches(tokenOf(req.url), token)) return tokenOf(req.url) === null ? 'no access token' : 'wrong access token';
  if (req.headers.origin !== origin) return `origin ${JSON.stringify(req.headers.origin ?? null)} is not ${origin}`;
  // DNS rebinding: a page on evil.example resolved to 127.0.0.1 sends Host evil.example.
  if (`http://${req.headers.host ?? ''}` !== origin) return `host ${JSON.stringify(req.headers.host ?? null)} is not ${origin.slice(7)}`;
  return null;
}

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

interface Client {
  id: number;
  ws: WebSocket;
  /** The newest snapshot not sent because the client was over the soft bound. */
  pendingSnapshot: string | null;
  /** Events dropped since the client last caught up. */
  dropped: number;
  /** Since when it has been over the soft bound (null: under it). */
  overSince: number | null;
}

export interface TransportStats {
  clients: number;
  /** Since start, over all clients. */
  droppedEvents: number;
  coalescedSnapshots: number;
  /** Clients closed for staying over a bound. */
  closedSlow: number;
}

export class WebSocketIpcTransport implements IpcTransport {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private handler: Handler | null = null;
  private readonly welcomers: Welcome[] = [];
  private readonly clients = new Map<WebSocket, Client>();
  private nextId = 1;
  private readonly bounds: ClientBounds;
  private readonly now: () => number;
  private readonly totals = { droppedEvents: 0, coalescedSnapshots: 0, closedSlow: 0 };

  constructor(private readonly options: WsTransportOptions) {
    this.bounds = { ...DEFAULT_CLIENT_BOUNDS, ...options.bounds };
    this.now = options.now ?? (() => performance.now());
    options.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const why = refusal(req, options.origin(), options.token);
      if (why) {
        options.log?.warn({ why, remote: req.socket.remoteAddress }, 'preview WebSocket refused');
        reject(socket, 403, 'Forbidden');
        return;
      }
      if (this.clients.size >= this.bounds.maxClients) {
        options.log?.warn({ clients: this.clients.size }, 'preview WebSocket refused: too many clients');
        reject(socket, 503, 'Service Unavailable');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
  }

  serve(handler: Handler): void {
    this.handler = handler;
  }

  push<N extends PushName>(name: N, payload: PushPayload<N>): void {
    const text = JSON.stringify({ push: name, payload });
    for (const client of this.clients.values()) this.deliver(client, name, text);
  }

  /** Called for every new client, to send it what it must know at once (the current snapshot). */
  onClient(welcome: Welcome): void {
    this.welcomers.push(welcome);
  }

  get clientCount(): number {
    return this.clients.size;
  }

  stats(): TransportStats {
    return { clients: this.clients.size, ...this.totals };
  }

  /** Unsent bytes per client, for tests and diagnostics. */
  bufferedAmounts(): number[] {
    return [...this.clients.values()].map((c) => c.ws.bufferedAmount);
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
  }

  private accept(ws: WebSocket): void {
    const client: Client = { id: this.nextId++, ws, pendingSnapshot: null, dropped: 0, overSince: null };
    this.clients.set(ws, client);
    ws.on('close', () => this.clients.delete(ws));
    ws.on('error', (err) => this.options.log?.warn({ client: client.id, err: err.message }, 'preview WebSocket error'));
    ws.on('message', (data, isBinary) => {
      void this.onMessage(client, isBinary ? null : data.toString());
    });
    const send = <N extends PushName>(name: N, payload: PushPayload<N>) => this.deliver(client, name, JSON.stringify({ push: name, payload }));
    for (const welcome of this.welcomers) welcome(send);
  }

  /** Sends a push within the client's bounds, or drops / coalesces it (see the top of this file). */
  private deliver(client: Client, kind: PushName, text: string): void {
    if (!this.usable(client)) return;
    if (client.ws.bufferedAmount > this.bounds.softBytes) {
      client.overSince ??= this.now();
      if (kind === 'snapshot') {
        if (client.pendingSnapshot !== null) this.totals.coalescedSnapshots++;
        client.pendingSnapshot = text;
      } else {
        client.dropped++;
        this.totals.droppedEvents++;
      }
      return;
    }
    if (client.pendingSnapshot !== null) {
      // Older than what is sent now: goes first, or not at all when a newer snapshot replaces it.
      if (kind === 'snapshot') this.totals.coalescedSnapshots++;
      else this.send(client, client.pendingSnapshot);
      client.pendingSnapshot = null;
    }
    this.send(client, text);
  }

  /** Replies are never dropped: the page waits for them. The hard bound covers them. */
  private reply(client: Client, text: string): void {
    if (this.usable(client)) this.send(client, text);
  }

  private send(client: Client, text: string): void {
    client.ws.send(text, () => this.onSent(client));
    if (client.ws.bufferedAmount > this.bounds.hardBytes) this.closeSlow(client, `over ${this.bounds.hardBytes} bytes unsent`);
  }

  /** A write reached the socket: if the client has caught up, send what was held and say what was dropped. */
  private onSent(client: Client): void {
    if (client.ws.readyState !== client.ws.OPEN || client.ws.bufferedAmount > this.bounds.softBytes) return;
    client.overSince = null;
    if (client.dropped > 0) {
      this.options.log?.warn({ client: client.id, droppedEvents: client.dropped }, 'preview client was too slow: events dropped');
      client.dropped = 0;
    }
    if (client.pendingSnapshot !== null) {
      const text = client.pendingSnapshot;
      client.pendingSnapshot = null;
      this.send(client, text);
    }
  }

  /** Open and within its bounds; a client stalled too long is closed here. */
  private usable(client: Client): boolean {
    if (client.ws.readyState !== client.ws.OPEN) return false;
    if (client.overSince !== null && this.now() - client.overSince > this.bounds.stallMs) {
      this.closeSlow(client, `over ${this.bounds.softBytes} bytes unsent for more than ${this.bounds.stallMs} ms`);
      return false;
    }
    return true;
  }

  private closeSlow(client: Client, why: string): void {
    this.totals.closedSlow++;
    this.options.log?.warn({ client: client.id, why, droppedEvents: client.dropped }, 'preview client closed: not reading');
    // No close handshake: the peer is not reading. Its memory goes with the socket.
    client.ws.terminate();
    this.clients.delete(client.ws);
  }

  private async onMessage(client: Client, text: string | null): Promise<void> {
    const parsed = parseRequestFrame(text);
    if (!parsed.ok) {
      this.reply(client, JSON.stringify({ id: parsed.id, reply: { ok: false, error: requestError('invalid-message', parsed.message, { retryable: false }) } }));
      return;
    }
    const reply: IpcReply<unknown> = this.handler
      ? await this.handler({ name: parsed.name, args: parsed.args, senderOk: true, senderDescription: `websocket client ${client.id}` })
      : { ok: false, error: requestError('not-ready', 'the preview host is starting') };
    this.reply(client, JSON.stringify({ id: parsed.id, reply }));
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
