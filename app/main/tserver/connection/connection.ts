// One TCP (or TLS) session with one T-Server (docs/protocol.md): the open
// dialog bounded by a connect timeout, request/reply correlation, ADDP, and the
// client-generated EventServerConnected / EventServerDisconnected. Plain Node.
// A connection is single-use: after it ends, make a new one.
import net from 'node:net';
import tls from 'node:tls';
import { FrameDecoder, ServerRole, encodeMessage, makeMessage } from '../protocol/index.ts';
import type { Attributes, CodecLimits, KvList, MessageName, TMessage } from '../protocol/index.ts';
import type { EndpointConfig } from '../endpoint-config.ts';
import { AddpMonitor } from './addp.ts';
import { realClock } from './clock.ts';
import type { Clock, TimerHandle } from './clock.ts';
import { TServerError, disconnectedError, serverError } from './errors.ts';
import type { DisconnectInfo, DisconnectReason } from './errors.ts';
import { Outbox } from './outbox.ts';
import { PendingRequests } from './pending-requests.ts';
import { certificateRejection } from './tls-errors.ts';
import { answerCall, holdCall, makeCall, releaseCall, retrieveCall } from './call-requests.ts';
import type { RequestFn } from './call-requests.ts';
import type { CoreLogger } from '../core-logger.ts';

export const DEFAULT_CONNECT_TIMEOUT_MS = 4000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 5000;
/** Frame handling per event-loop turn before the socket is paused for a turn (see drainBacklog). */
const READ_BUDGET_MS = 20;
/** How long close() waits for the server's FIN before resetting the socket. */
const CLOSE_GRACE_MS = 1000;
/**
 * Default bound on bytes queued in user space to write to one server (docs/architecture.md,
 * Bounds). Our frames are small; the OS socket buffer (megabytes) comes first, so only a
 * server that has stopped reading ever fills this.
 */
export const DEFAULT_MAX_WRITE_QUEUE_BYTES = 1024 * 1024;

export interface ConnectionOptions {
  endpoint: EndpointConfig;
  applicationName: string;
  applicationPassword?: string | undefined;
  /** Client-side ADDP timeout in ms; 0 turns ADDP off. */
  addpTimeoutMs: number;
  /** Asks the server to ping us after this much silence; 0 = off (default). */
  addpRemoteTimeoutMs?: number;
  /** Bounds TCP/TLS connect + open dialog. */
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  clock?: Clock;
  limits?: CodecLimits;
  /** Bound on bytes queued to write (default DEFAULT_MAX_WRITE_QUEUE_BYTES); past it the peer is not reading: protocol-error. */
  maxWriteQueueBytes?: number;
  /** Where a throwing listener is reported (default: process.emitWarning). */
  logger?: CoreLogger;
}

export interface LinkStatus {
  up: boolean;
  errorCode?: number;
  errorMessage?: string;
}

export interface OpenResult {
  role: 'primary' | 'backup';
  sessionId: number;
  link: LinkStatus;
  /** ServerName from the open reply, else the endpoint's name. */
  serverName: string;
  /** The open reply itself (EventLinkConnected or EventLinkDisconnected). */
  reply: TMessage;
}

export type ConnectionState = 'idle' | 'connecting' | 'opening' | 'open' | 'closed';

/** What a connection holds that a peer can make grow; each is bounded (docs/architecture.md, Bounds). */
export interface ConnectionUsage {
  /** Bytes the decoder has allocated for an unfinished frame (≤ 4 + maxFrameLength + DECODER_OVERHEAD_BYTES). */
  decoderRetainedBytes: number;
  /** Bytes queued in user space to write (≤ maxWriteQueueBytes, or one frame). */
  writeQueueBytes: number;
  /** A pong is written and not yet taken by the network (at most one is ever owed). */
  pongOwed: boolean;
  /** Requests waiting for their reply (each bounded by the request timeout). */
  pendingRequests: number;
}

/** Gets every event: the two client-generated ones, replies and unsolicited events; never ADDP frames. */
export type EventListener = (event: TMessage, receivedAt: number) => void;

/** ADDP silence: the clock's time of the last frame heard while the ping is unanswered, else null. */
export type SilenceListener = (silentSince: number | null) => void;

export interface AgentNotReadyOptions {
  /** 3 after-call work, 4 aux work. */
  workMode?: number;
  /** Sent as Reasons [["ReasonCode", reasonCode]]. */
  reasonCode?: string;
}

/** Reads the reason and detail back from a client-generated EventServerDisconnected. */
export function disconnectInfoOf(event: TMessage): DisconnectInfo | null {
  if (event.name !== 'EventServerDisconnected') return null;
  const ext = event.attributes.Extensions;
  if (!Array.isArray(ext)) return null;
  const get = (k: string) => ext.find(([key]) => key === k)?.[1];
  const reason = get('reason');
  const detail = get('detail');
  if (typeof reason !== 'string') return null;
  return { reason: reason as DisconnectReason, detail: typeof detail === 'string' ? detail : '' };
}

export class TServerConnection {
  readonly name: string;
  /** Resolves once, when the connection has ended, with the reason. */
  readonly closed: Promise<DisconnectInfo>;

  private _state: ConnectionState = 'idle';
  private socket: net.Socket | null = null;
  private socketClosed: Promise<void> = Promise.resolve();
  private outbox: Outbox | null = null;
  private readonly decoder: FrameDecoder;
  private readonly pending: PendingRequests;
  private readonly addp: AddpMonitor | null;
  private readonly listeners = new Set<EventListener>();
  private readonly silenceListeners = new Set<SilenceListener>();
  /** Set while a wake probe is out (for the words of its timeout). */
  private probeDeadlineMs: number | null = null;
  /** Decoded frames not handled yet (see drainBacklog), the next one's index, and a decode error after them. */
  private backlog: TMessage[] = [];
  private backlogAt = 0;
  private backlogError: { kind: string; message: string } | null = null;
  private readPaused = false;
  private readonly clock: Clock;
  private readonly connectTimeoutMs: number;
  private readonly requestTimeoutMs: number;
  private connectTimer: TimerHandle | null = null;
  private openRefId = 0;
  private openSettle: { resolve: (r: OpenResult) => void; reject: (e: TServerError) => void } | null = null;
  private resolveClosed!: (info: DisconnectInfo) => void;
  private _disconnect: DisconnectInfo | null = null;
  private _openResult: OpenResult | null = null;

  constructor(private readonly options: ConnectionOptions) {
    this.name = options.endpoint.name;
    this.clock = options.clock ?? realClock;
    this.connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    const maxQueue = options.maxWriteQueueBytes;
    if (maxQueue !== undefined && !(Number.isInteger(maxQueue) && maxQueue > 0)) throw new RangeError(`maxWriteQueueBytes must be a positive integer, got ${maxQueue}`);
    this.decoder = new FrameDecoder(options.limits);
    this.pending = new PendingRequests(this.clock);
    this.addp =
      options.addpTimeoutMs > 0
        ? new AddpMonitor(options.addpTimeoutMs, this.clock, {
            sendPing: () => this.write(makeMessage('AddpPing')),
            onSilence: (since) => {
              if (since === null) this.probeDeadlineMs = null;
              this.emitSilence(since);
            },
            // A silent server may be hung with our requests unread: reset (RST), never FIN, so it
            // discards them instead of executing them when it resumes (the soak's finding).
            onTimeout: (silentMs) =>
              this.abort(
                this.probeDeadlineMs !== null
                  ? `no answer to the wake probe within ${this.probeDeadlineMs} ms (nothing received for ${silentMs} ms)`
                  : `nothing received for ${silentMs} ms (ADDP timeout ${options.addpTimeoutMs} ms, ping unanswered)`,
                'addp-timeout',
              ),
          })
        : null;
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
  }

  get state(): ConnectionState {
    return this._state;
  }

  /** Why the connection ended, once it has. */
  get disconnectInfo(): DisconnectInfo | null {
    return this._disconnect;
  }

  get openResult(): OpenResult | null {
    return this._openResult;
  }

  private isClosed(): boolean {
    return this._state === 'closed';
  }

  onEvent(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** ADDP silence changes (the session's `checking` phase); never after the connection ended. */
  onSilence(listener: SilenceListener): () => void {
    this.silenceListeners.add(listener);
    return () => this.silenceListeners.delete(listener);
  }

  /** The ping is out and unanswered for one interval. */
  get silent(): boolean {
    return this.addp?.silent ?? false;
  }

  /**
   * After a wake (issue 15): silent at once, an ADDP ping now, and the session ended
   * ('addp-timeout') unless a whole frame arrives within `deadlineMs`. False when
   * there is nothing to probe (not open, or ADDP off: then the old picture stands
   * until the next request or the server's own keep-alive).
   */
  probe(deadlineMs: number): boolean {
    if (this._state !== 'open' || !this.addp) return false;
    this.probeDeadlineMs = deadlineMs;
    this.addp.probe(deadlineMs);
    return true;
  }

  /** The bounded resources, for diagnostics and the tests that hold them to their bounds. */
  get usage(): ConnectionUsage {
    return {
      decoderRetainedBytes: this.decoder.retainedBytes,
      writeQueueBytes: this.outbox?.queuedBytes ?? 0,
      pongOwed: this.outbox?.pongOwed ?? false,
      pendingRequests: this.pending.size,
    };
  }

  /**
   * Connects and runs the open dialog within the connect timeout. Rejects with a
   * TServerError: kind 'server' when the T-Server refused the client (119 bad
   * password, not retryable; 58 out of service, retryable), else 'disconnected'.
   */
  open(): Promise<OpenResult> {
    if (this._state !== 'idle') {
      return Promise.reject(new TServerError('bad-request', `connection to ${this.name} was already opened (${this._state})`, null, false));
    }
    this._state = 'connecting';
    const promise = new Promise<OpenResult>((resolve, reject) => (this.openSettle = { resolve, reject }));
    this.connectTimer = this.clock.setTimeout(() => {
      this.connectTimer = null;
      const stage = this._state === 'connecting' ? (this.options.endpoint.tls ? 'TCP/TLS connect' : 'TCP connect') : 'open reply';
      this.terminate('connect-timeout', `${stage} not done within the ${this.connectTimeoutMs} ms connect timeout`);
    }, this.connectTimeoutMs);
    this.connectSocket();
    return promise;
  }

  registerAddress(dn: string): Promise<TMessage> {
    return this.request('RequestRegisterAddress', { ThisDN: dn }, ['EventRegistered'], `RegisterAddress ${dn}`, dn);
  }

  unregisterAddress(dn: string): Promise<TMessage> {
    return this.request('RequestUnregisterAddress', { ThisDN: dn }, ['EventUnregistered'], `UnregisterAddress ${dn}`, dn);
  }

  queryAddress(dn: string): Promise<TMessage> {
    return this.request('RequestQueryAddress', { ThisDN: dn }, ['EventAddressInfo'], `QueryAddress ${dn}`, dn);
  }

  queryServer(): Promise<TMessage> {
    return this.request('RequestQueryServer', {}, ['EventServerInfo'], 'QueryServer', null);
  }

  agentLogin(dn: string, agentId: string, password?: string, workMode?: number): Promise<TMessage> {
    if (typeof agentId !== 'string' || agentId === '') return Promise.reject(badRequest('AgentLogin needs an agent id'));
    return this.request(
      'RequestAgentLogin',
      { ThisDN: dn, AgentID: agentId, AgentPassword: password, AgentWorkMode: workMode },
      ['EventAgentLogin'],
      `AgentLogin ${agentId} on ${dn}`,
      dn,
    );
  }

  agentLogout(dn: string): Promise<TMessage> {
    return this.request('RequestAgentLogout', { ThisDN: dn }, ['EventAgentLogout'], `AgentLogout on ${dn}`, dn);
  }

  agentReady(dn: string, workMode?: number): Promise<TMessage> {
    return this.request('RequestAgentReady', { ThisDN: dn, AgentWorkMode: workMode }, ['EventAgentReady'], `AgentReady on ${dn}`, dn);
  }

  /** Call control (issue 12): the requests live in call-requests.ts, sent through this connection's request path. */
  answerCall(dn: string, connId: string): Promise<TMessage> {
    return answerCall(this.send, dn, connId);
  }

  releaseCall(dn: string, connId: string): Promise<TMessage> {
    return releaseCall(this.send, dn, connId);
  }

  holdCall(dn: string, connId: string): Promise<TMessage> {
    return holdCall(this.send, dn, connId);
  }

  retrieveCall(dn: string, connId: string): Promise<TMessage> {
    return retrieveCall(this.send, dn, connId);
  }

  makeCall(dn: string, otherDn: string, userData?: KvList): Promise<TMessage> {
    return makeCall(this.send, dn, otherDn, userData);
  }

  private readonly send: RequestFn = (name, attrs, replies, what, dn) => this.request(name, attrs, replies, what, dn);

  agentNotReady(dn: string, options: AgentNotReadyOptions = {}): Promise<TMessage> {
    const reasons: KvList | undefined = options.reasonCode === undefined ? undefined : [['ReasonCode', options.reasonCode]];
    return this.request(
      'RequestAgentNotReady',
      { ThisDN: dn, AgentWorkMode: options.workMode, Reasons: reasons },
      ['EventAgentNotReady'],
      `AgentNotReady on ${dn}`,
      dn,
    );
  }

  /** Ends the session: FIN to the server, pending requests failed at once, reason 'closed-by-client'. */
  async close(): Promise<void> {
    if (this._state === 'idle') {
      this._state = 'closed';
      this.finish({ reason: 'closed-by-client', detail: 'closed before it was opened' });
      return;
    }
    this.terminate('closed-by-client', 'closed by the client', true);
    await this.socketClosed;
  }

  /**
   * Ends the session with a TCP reset instead of a FIN: a server that resumes later
   * discards what it had not read yet rather than executing it (an outranked hung
   * primary must not act on requests buffered before the move). Reason 'closed-by-client'.
   */
  abort(detail: string, reason: DisconnectReason = 'closed-by-client'): void {
    const socket = this.socket;
    if (socket && !socket.destroyed && this._state !== 'closed') {
      try {
        socket.resetAndDestroy();
      } catch {
        socket.destroy(); // e.g. a TLS socket without a TCP handle yet: a plain close is the best left
      }
    }
    this.terminate(reason, detail);
  }

  // ---------- socket ----------

  private connectSocket(): void {
    const { host, port, tls: tlsConfig } = this.options.endpoint;
    let socket: net.Socket;
    let connectEvent: 'connect' | 'secureConnect';
    if (tlsConfig) {
      const t = typeof tlsConfig === 'object' ? tlsConfig : {};
      socket = tls.connect({ host, port, ca: t.ca, servername: t.servername ?? (net.isIP(host) ? undefined : host), rejectUnauthorized: t.rejectUnauthorized ?? true });
      connectEvent = 'secureConnect';
    } else {
      socket = net.connect({ host, port });
      connectEvent = 'connect';
    }
    this.socket = socket;
    const addpMs = this.options.addpTimeoutMs;
    this.outbox = new Outbox(socket, {
      maxQueuedBytes: this.options.maxWriteQueueBytes ?? DEFAULT_MAX_WRITE_QUEUE_BYTES,
      // The ADDP bound: a peer that takes none of our bytes for 2 × timeout is as lost as a silent one.
      stallMs: addpMs > 0 ? 2 * addpMs : 0,
      clock: this.clock,
      onStuck: (detail) => this.terminate('protocol-error', detail),
    });
    this.socketClosed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.setNoDelay(true);
    socket.once(connectEvent, () => this.onConnected());
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onPeerClosed('FIN'));
    socket.on('error', (err: NodeJS.ErrnoException) => this.onSocketError(err));
    socket.on('close', () => this.onPeerClosed('socket closed'));
  }

  private onConnected(): void {
    if (this._state !== 'connecting') return;
    this._state = 'opening';
    const { host, port } = this.options.endpoint;
    this.emit(makeMessage('EventServerConnected', { ServerName: this.name, Extensions: [['host', host], ['port', port]] }));
    if (this.isClosed()) return; // a listener closed us
    this.openRefId = this.pending.nextId();
    this.write(
      makeMessage('RequestRegisterClient', {
        ApplicationName: this.options.applicationName,
        ApplicationPassword: this.options.applicationPassword,
        AddpTimeout: this.options.addpTimeoutMs,
        AddpRemoteTimeout: this.options.addpRemoteTimeoutMs ?? 0,
        ReferenceID: this.openRefId,
      }),
    );
  }

  private onData(chunk: Buffer): void {
    if (this._state === 'closed') return;
    const { messages, error } = this.decoder.push(chunk);
    // Liveness is whole frames, not bytes: a frame trickled in forever proves nothing.
    if (messages.length > 0) this.addp?.received();
    this.backlog = this.backlog.length === 0 ? messages : this.backlog.concat(messages);
    if (error) this.backlogError = error;
    this.drainBacklog();
  }

  /**
   * Handles decoded frames within a budget per event-loop turn: past READ_BUDGET_MS the
   * socket is paused and the rest waits for the next turn (setImmediate), so under a
   * flood signals, timers (ADDP included) and other connections still get their turn
   * (issue 9). Bounded: while paused nothing more is read, so the backlog is at most
   * one read's frames.
   */
  private drainBacklog(): void {
    const started = this.clock.monotonic();
    while (this.backlogAt < this.backlog.length) {
      if (this.isClosed()) return; // a message or listener ended the session
      this.onMessage(this.backlog[this.backlogAt++] as TMessage);
      if ((this.backlogAt & 31) === 0 && this.backlogAt < this.backlog.length && this.clock.monotonic() - started > READ_BUDGET_MS) {
        if (!this.readPaused) {
          this.readPaused = true;
          this.socket?.pause();
        }
        setImmediate(() => this.drainBacklog());
        return;
      }
    }
    this.backlog = [];
    this.backlogAt = 0;
    const error = this.backlogError;
    this.backlogError = null;
    if (error && !this.isClosed()) {
      this.terminate('protocol-error', `${error.kind}: ${error.message}`);
      return;
    }
    if (this.readPaused && !this.isClosed()) {
      this.readPaused = false;
      this.socket?.resume();
    }
  }

  private onPeerClosed(how: string): void {
    if (this._state === 'closed') return;
    // A server that closes before answering the open request did not accept the session.
    if (this._state === 'opening' || this._state === 'connecting') {
      this.terminate('refused', `server closed the connection before the open reply (${how})`);
    } else {
      this.terminate('fin', `server closed the connection (${how})`);
    }
  }

  private onSocketError(err: NodeJS.ErrnoException): void {
    if (this._state === 'closed') return;
    const what = err.code ? `${err.code}: ${err.message}` : err.message;
    if (this._state === 'connecting' || this._state === 'opening') {
      // A certificate the client rejects stays rejected on every redial: not retryable, in plain words (tls-errors.ts).
      const rejected = certificateRejection(this.name, err);
      if (rejected) {
        this.settleOpen(null, rejected.error);
        this.terminate(rejected.info.reason, rejected.info.detail);
        return;
      }
      this.terminate('refused', what);
    } else if (err.code === 'ECONNRESET' || err.code === 'EPIPE') {
      this.terminate('rst', `connection reset by the server (${what})`);
    } else {
      this.terminate('rst', `socket error (${what})`);
    }
  }

  // ---------- messages ----------

  private onMessage(message: TMessage): void {
    if (message.name === 'AddpPing') {
      // One pong owed at most: while the last one waits for the socket, the peer has not read it yet anyway.
      if (this.outbox?.pongOwed) return;
      const ref = message.attributes.ReferenceID;
      this.write(makeMessage('AddpPong', typeof ref === 'number' ? { ReferenceID: ref } : {}), true);
      return;
    }
    if (message.name === 'AddpPong') return;
    if (this._state === 'opening') {
      this.onOpenReply(message);
      return;
    }
    const wrongDn = this.pending.wrongDn(message);
    if (wrongDn !== null) {
      // Not passed on: its state is about a DN we did not ask for. The request fails (retryable) with the session.
      this.terminate('protocol-error', `wrong-dn: ${wrongDn}`);
      return;
    }
    this.emit(message);
    this.pending.settle(message);
  }

  private onOpenReply(message: TMessage): void {
    const a = message.attributes;
    const ref = a.ReferenceID;
    const answersOpen = ref === undefined || ref === this.openRefId;
    if (message.name === 'EventError' && answersOpen) {
      this.emit(message);
      const err = serverError(a.ErrorCode as number, typeof a.ErrorMessage === 'string' ? a.ErrorMessage : undefined, `open ${this.name}`);
      this.settleOpen(null, err);
      this.terminate('server-error', `the server refused the client: ${err.message}`);
      return;
    }
    if ((message.name !== 'EventLinkConnected' && message.name !== 'EventLinkDisconnected') || !answersOpen) {
      this.emit(message); // not the open reply; nothing to correlate yet
      return;
    }
    const role = a.ServerRole === ServerRole.Primary ? 'primary' : a.ServerRole === ServerRole.Backup ? 'backup' : null;
    if (role === null || typeof a.SessionID !== 'number') {
      const missing = role === null ? `ServerRole ${a.ServerRole === undefined ? 'missing' : `invalid (${String(a.ServerRole)})`}` : 'SessionID missing';
      this.terminate('protocol-error', `missing-attribute: open reply ${message.name}: ${missing}`);
      return;
    }
    const link: LinkStatus = { up: message.name === 'EventLinkConnected' };
    if (typeof a.ErrorCode === 'number') link.errorCode = a.ErrorCode;
    if (typeof a.ErrorMessage === 'string') link.errorMessage = a.ErrorMessage;
    const result: OpenResult = {
      role,
      sessionId: a.SessionID,
      link,
      serverName: typeof a.ServerName === 'string' ? a.ServerName : this.name,
      reply: message,
    };
    this._state = 'open';
    this._openResult = result;
    this.addp?.start();
    this.emit(message);
    this.settleOpen(result, null);
  }

  private settleOpen(result: OpenResult | null, err: TServerError | null): void {
    if (this.connectTimer !== null) this.clock.clearTimeout(this.connectTimer);
    this.connectTimer = null;
    const settle = this.openSettle;
    this.openSettle = null;
    if (!settle) return;
    if (result) settle.resolve(result);
    else if (err) settle.reject(err);
  }

  // ---------- requests ----------

  private request(name: MessageName, attrs: Attributes, replies: readonly string[], what: string, dn: string | null): Promise<TMessage> {
    if (dn !== null && (typeof dn !== 'string' || dn === '')) return Promise.reject(badRequest(`${what}: a DN is required`));
    if (this._state !== 'open') {
      if (this._disconnect) return Promise.reject(disconnectedError(this.name, this._disconnect, what));
      return Promise.reject(new TServerError('disconnected', `${what}: the session with ${this.name} is not open yet (${this._state})`, null, true));
    }
    const id = this.pending.nextId();
    let frame: Buffer;
    try {
      frame = encodeMessage(makeMessage(name, { ...attrs, ReferenceID: id }), this.options.limits);
    } catch (err) {
      return Promise.reject(badRequest(`${what}: ${(err as Error).message}`));
    }
    const reply = this.pending.add(id, what, replies, this.requestTimeoutMs, dn);
    this.outbox?.send(frame); // past the write bound this ends the session, which rejects `reply`
    return reply;
  }

  private write(message: TMessage, pong = false): void {
    if (!this.socket || this.socket.destroyed || !this.outbox) return;
    let frame: Buffer;
    try {
      frame = encodeMessage(message, this.options.limits);
    } catch (err) {
      // Only our own configuration can get here (e.g. an application name too long).
      this.terminate('protocol-error', `encode: ${message.name}: ${(err as Error).message}`);
      return;
    }
    if (pong) this.outbox.sendPong(frame);
    else this.outbox.send(frame);
  }

  // ---------- the end ----------

  /** Ends the connection once: stops timers, fails pending work, emits EventServerDisconnected. */
  private terminate(reason: DisconnectReason, detail: string, graceful = false): void {
    if (this._state === 'closed') return;
    // Only a session that got past TCP connect has anything to say goodbye to.
    const polite = graceful && (this._state === 'open' || this._state === 'opening');
    this._state = 'closed';
    this.addp?.stop();
    this.outbox?.stop();
    const socket = this.socket;
    if (socket && !socket.destroyed) {
      if (polite) {
        socket.end();
        const timer = this.clock.setTimeout(() => socket.destroy(), CLOSE_GRACE_MS);
        socket.once('close', () => this.clock.clearTimeout(timer));
      } else {
        socket.destroy();
      }
    }
    this.finish({ reason, detail });
  }

  private finish(info: DisconnectInfo): void {
    this._disconnect = info;
    if (this.connectTimer !== null) this.clock.clearTimeout(this.connectTimer);
    this.connectTimer = null;
    this.pending.rejectAll((what) => disconnectedError(this.name, info, what));
    const settle = this.openSettle;
    this.openSettle = null;
    settle?.reject(disconnectedError(this.name, info, `open ${this.name}`));
    this.emit(makeMessage('EventServerDisconnected', { ServerName: this.name, Extensions: [['reason', info.reason], ['detail', info.detail]] }));
    this.resolveClosed(info);
  }

  private emitSilence(since: number | null): void {
    if (this.isClosed()) return;
    for (const listener of [...this.silenceListeners]) {
      try {
        listener(since);
      } catch (err) {
        this.warnListener('silence', err);
      }
    }
  }

  private warnListener(what: string, err: unknown): void {
    if (this.options.logger) this.options.logger.warn({ server: this.name, on: what, err: err instanceof Error ? err.message : String(err) }, 'connection listener threw');
    else process.emitWarning(`TServerConnection listener threw on ${what}: ${String(err)}`);
  }

  private emit(message: TMessage): void {
    const at = this.clock.now();
    for (const listener of [...this.listeners]) {
      try {
        listener(message, at);
      } catch (err) {
        // A broken listener must not break the session or the other listeners.
        this.warnListener(message.name, err);
      }
    }
  }
}

function badRequest(message: string): TServerError {
  return new TServerError('bad-request', message, null, false);
}
