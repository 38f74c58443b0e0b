// One simulated T-Server of the pair: listener, role, CTI link, faults; plain TCP
// or TLS. TLS is layered by hand on each accepted TCP socket (not tls.Server) so
// the faults keep their meaning: a hung server does not even answer the TLS
// handshake, and a crash resets the TCP socket under the TLS one.
import { createServer } from 'node:net';
import type { Server, Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { SecureContext } from 'node:tls';
import { ErrorCodes, ServerRole, encodeMessage, makeMessage } from '../app/main/tserver/protocol/index.ts';
import type { Attributes, TMessage } from '../app/main/tserver/protocol/index.ts';
import { ClientConnection } from './connection.ts';
import type { SimSwitch, SwitchError, SwitchEvent } from './switch.ts';
import type { SimLinkState, SimMode, SimRole, SimServerInfo, SimServerName, SimServerState } from './types.ts';

export interface ServerContext {
  readonly mode: SimMode;
  readonly switch: SimSwitch;
  readonly applicationPassword: string | null;
  readonly now: () => number;
  nextSessionId(): number;
  notifySend(server: SimServerName, message: TMessage, t: number): void;
  notifyAccept(server: SimServerName, t: number): void;
}

/** Frame length 2 is below the 6-byte header: every conforming decoder rejects it. */
const GARBAGE = Buffer.from([0x00, 0x00, 0x00, 0x02, 0xde, 0xad, 0xbe, 0xef]);
const DEFAULT_LINK_DOWN = { errorCode: ErrorCodes.LinkDown, errorMessage: 'CTI link to the switch is down' };

export class SimServer {
  role: SimRole;
  up = false;
  hung = false;
  link: SimLinkState = { up: true };
  refusing = false;
  slowHandshakeMs = 0;
  /** Requests by name that are read and never answered (an overloaded server dropping them): how many more of each. */
  readonly unanswered = new Map<string, number>();
  port: number;
  private seq = 0;
  private startTimeMs = 0;
  private listener: Server | null = null;
  private readonly connections = new Set<ClientConnection>();
  /** TLS: TCP sockets accepted while hung, their handshake held until resume. */
  private readonly parked = new Set<Socket>();

  constructor(
    readonly name: SimServerName,
    readonly host: string,
    port: number,
    role: SimRole,
    private readonly ctx: ServerContext,
    /** null = plain TCP. */
    private readonly tls: SecureContext | null = null,
  ) {
    this.port = port;
    this.role = role;
  }

  get switch(): SimSwitch {
    return this.ctx.switch;
  }

  /** Starts listening; the first call fixes an ephemeral port for every later restart. */
  async listen(): Promise<void> {
    if (this.listener) return;
    const listener = createServer((socket) => this.onConnection(socket));
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen({ host: this.host, port: this.port, exclusive: true }, () => {
        listener.off('error', reject);
        resolve();
      });
    });
    // Errors after listening (EMFILE on accept, …) must not take the simulator down.
    listener.on('error', () => undefined);
    const address = listener.address();
    if (address && typeof address === 'object') this.port = address.port;
    this.listener = listener;
    this.up = true;
    this.hung = false;
    this.startTimeMs = this.ctx.now();
  }

  /** RST every socket and stop listening. */
  crash(): void {
    for (const c of this.connections) c.reset();
    this.connections.clear();
    for (const raw of this.parked) raw.resetAndDestroy();
    this.parked.clear();
    this.listener?.close();
    this.listener = null;
    this.up = false;
    this.hung = false;
  }

  /** Graceful shutdown for Simulator.close(). */
  async close(): Promise<void> {
    for (const c of this.connections) c.socket.destroy();
    this.connections.clear();
    for (const raw of this.parked) raw.destroy();
    this.parked.clear();
    const listener = this.listener;
    this.listener = null;
    this.up = false;
    if (listener) await new Promise<void>((resolve) => listener.close(() => resolve()));
  }

  hang(): void {
    if (!this.up || this.hung) return;
    this.hung = true;
    for (const c of this.connections) c.setHung(true);
  }

  resume(): void {
    if (!this.hung) return;
    this.hung = false;
    for (const c of this.connections) c.setHung(false);
    for (const raw of this.parked) this.serve(raw);
    this.parked.clear();
    // Demoted while hung: a warm backup serves nobody.
    if (this.ctx.mode === 'warm' && this.role === 'backup') this.endAll();
  }

  /** The next `count` requests named `request` are read and never answered (no reply, no error). */
  leaveUnanswered(request: string, count: number): void {
    if (!/^Request[A-Za-z]+$/.test(request)) throw new TypeError(`not a request name: ${request}`);
    if (!Number.isInteger(count) || count < 0 || count > 1_000) throw new TypeError('count must be a whole number from 0 to 1000');
    if (count === 0) this.unanswered.delete(request);
    else this.unanswered.set(request, count);
  }

  /** True (and one fewer left) when this request is one to leave unanswered. */
  takeUnanswered(request: string): boolean {
    const left = this.unanswered.get(request) ?? 0;
    if (left <= 0) return false;
    if (left === 1) this.unanswered.delete(request);
    else this.unanswered.set(request, left - 1);
    return true;
  }

  garbage(): void {
    if (this.hung) return;
    for (const c of this.connections) {
      if (!c.socket.destroyed) c.socket.write(GARBAGE);
    }
  }

  setLink(link: SimLinkState): void {
    const next: SimLinkState = link.up
      ? { up: true }
      : { up: false, errorCode: link.errorCode ?? DEFAULT_LINK_DOWN.errorCode, errorMessage: link.errorMessage ?? DEFAULT_LINK_DOWN.errorMessage };
    const prev = this.link;
    if (prev.up === next.up && prev.errorCode === next.errorCode && prev.errorMessage === next.errorMessage) return;
    this.link = next;
    this.announceLinkStatus();
  }

  /** Role change (promotion, switchover). Hot: clients hear the new role; warm: a new backup drops its clients. */
  setRole(role: SimRole): void {
    if (this.role === role) return;
    this.role = role;
    if (!this.up || this.hung) return;
    if (this.ctx.mode === 'hot') this.announceLinkStatus();
    else if (role === 'backup') this.endAll();
  }

  /** Decides whether an opening client may have a session; null = yes. */
  admit(applicationPassword: string | undefined): SwitchError | null {
    const expected = this.ctx.applicationPassword;
    if (expected !== null && applicationPassword !== expected) return { code: ErrorCodes.BadPassword, message: 'application password does not match' };
    if (this.ctx.mode === 'warm' && this.role === 'backup') return { code: ErrorCodes.OutOfService, message: `server ${this.name} is a warm-standby backup` };
    return null;
  }

  /** EventLinkConnected or EventLinkDisconnected with the current link status and role. */
  linkStatusEvent(extra: Attributes = {}): TMessage {
    const t = this.ctx.now();
    const common: Attributes = {
      ServerRole: this.role === 'primary' ? ServerRole.Primary : ServerRole.Backup,
      ServerName: this.name,
      TimeinSecs: Math.floor(t / 1000),
      TimeinuSecs: Math.floor(t % 1000) * 1000,
      ...extra,
    };
    if (this.link.up) return makeMessage('EventLinkConnected', common);
    return makeMessage('EventLinkDisconnected', { ...common, ErrorCode: this.link.errorCode, ErrorMessage: this.link.errorMessage });
  }

  serverInfoEvent(ref: number | undefined): TMessage {
    return makeMessage('EventServerInfo', {
      ServerName: this.name,
      ServerRole: this.role === 'primary' ? ServerRole.Primary : ServerRole.Backup,
      ServerStartTime: Math.floor(this.startTimeMs / 1000),
      ReferenceID: ref,
    });
  }

  /** The one place frames leave the server: stamps EventSequenceNumber, drops writes while hung. */
  write(conn: ClientConnection, message: TMessage): void {
    if (this.hung || conn.socket.destroyed || !conn.socket.writable) return;
    const isAddp = message.name === 'AddpPing' || message.name === 'AddpPong';
    const stamped = isAddp ? message : { ...message, attributes: { ...message.attributes, EventSequenceNumber: ++this.seq } };
    conn.socket.write(encodeMessage(stamped));
    this.ctx.notifySend(this.name, stamped, this.ctx.now());
  }

  deliver(event: SwitchEvent): void {
    // A server whose link is down hears nothing from the switch (the call itself goes on there).
    if (!this.up || !this.link.up) return;
    for (const c of this.connections) c.deliver(event);
  }

  forget(conn: ClientConnection): void {
    this.connections.delete(conn);
  }

  info(): SimServerInfo {
    return {
      name: this.name,
      host: this.host,
      port: this.port,
      role: this.role,
      tls: this.tls !== null,
      up: this.up,
      hung: this.hung,
      link: { ...this.link },
      clients: this.connections.size + this.parked.size,
      unanswered: Object.fromEntries(this.unanswered),
    };
  }

  state(): SimServerState {
    const dns = new Set<string>();
    for (const c of this.connections) for (const dn of c.registered) dns.add(dn);
    return { ...this.info(), refusing: this.refusing, slowHandshakeMs: this.slowHandshakeMs, registeredDns: [...dns].sort() };
  }

  private onConnection(socket: Socket): void {
    socket.on('error', () => undefined);
    this.ctx.notifyAccept(this.name, this.ctx.now());
    if (this.refusing || !this.up) {
      socket.destroy();
      return;
    }
    if (this.tls && this.hung) {
      // A TLSSocket would answer the handshake even paused: hold the TCP socket instead.
      socket.pause();
      this.parked.add(socket);
      socket.once('close', () => this.parked.delete(socket));
      return;
    }
    this.serve(socket);
  }

  /** A client session on an accepted TCP socket, through TLS when this server has a certificate. */
  private serve(raw: Socket): void {
    const socket = this.tls ? new TLSSocket(raw, { isServer: true, secureContext: this.tls }) : raw;
    const conn = new ClientConnection(this, socket, this.ctx.nextSessionId(), raw);
    this.connections.add(conn);
    if (this.hung) conn.setHung(true);
  }

  private announceLinkStatus(): void {
    for (const c of this.connections) {
      if (c.isOpen) c.send(this.linkStatusEvent({ SessionID: c.sessionId }));
    }
  }

  private endAll(): void {
    for (const c of this.connections) c.end();
  }
}
