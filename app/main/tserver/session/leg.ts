// One endpoint of the pair as the session sees it: the connection (once open
// and the DN registered), its CTI-link status and whether it has gone silent.
// What the server announced (role, primary claim) and when it was last heard
// live in the endpoint's record (endpoint-records.ts), the one owner of that.
// `connect` is the dial: open within the connect timeout, then register the DN;
// it closes what it opened when it fails or when the loop aborts it.
import { ServerRole } from '../protocol/index.ts';
import type { TMessage } from '../protocol/index.ts';
import { TServerConnection } from '../connection/index.ts';
import type { ConnectionOptions, LinkStatus } from '../connection/index.ts';
import type { ServerRoleName } from '../../../shared/connectivity.ts';
import type { EndpointConfig } from './api.ts';
import type { EndpointRecords } from './endpoint-records.ts';

export interface LegHandlers {
  event(leg: Leg, conn: TServerConnection, message: TMessage, t: number): void;
  /** The live connection's ADDP silence changed (`since`: last frame heard; null: heard again). */
  silence(leg: Leg, conn: TServerConnection, since: number | null): void;
}

export interface LegConnectOptions extends Omit<ConnectionOptions, 'endpoint' | 'connectTimeoutMs'> {
  dn: string;
}

export class Leg {
  /** Open, DN registered, not lost since: the connection requests go to. */
  conn: TServerConnection | null = null;
  /** The connection being dialled (until it is up or has failed). */
  candidate: TServerConnection | null = null;
  link: LinkStatus = { up: false };
  /** The EventRegistered that made this leg up. */
  registration: TMessage | null = null;
  /** Clock time of the last frame heard while the live connection's ADDP ping is unanswered. */
  silentSince: number | null = null;
  /** Monotonic time a wake probe went out on the live connection (null: none out). */
  probeSentAt: number | null = null;

  constructor(
    readonly endpoint: EndpointConfig,
    private readonly records: EndpointRecords,
    private readonly handlers: LegHandlers,
  ) {}

  get name(): string {
    return this.endpoint.name;
  }

  get up(): boolean {
    return this.conn !== null;
  }

  get role(): ServerRoleName {
    return this.records.get(this.name).announcedRole;
  }

  get primaryClaimAt(): number | null {
    return this.records.get(this.name).primaryClaimAt;
  }

  get silent(): boolean {
    return this.silentSince !== null;
  }

  /** Whether `conn` is this leg's live or dialling connection (events of others are stale). */
  owns(conn: TServerConnection): boolean {
    return conn === this.conn || conn === this.candidate;
  }

  /** Link status and role from an open reply or an unsolicited link event, received at `at`. */
  noteLink(message: TMessage, at: number): void {
    const a = message.attributes;
    const link: LinkStatus = { up: message.name === 'EventLinkConnected' };
    if (!link.up) {
      if (typeof a.ErrorCode === 'number') link.errorCode = a.ErrorCode;
      if (typeof a.ErrorMessage === 'string') link.errorMessage = a.ErrorMessage;
    }
    this.link = link;
    if (a.ServerRole === ServerRole.Primary) this.records.announced(this.name, 'primary', at);
    else if (a.ServerRole === ServerRole.Backup) this.records.announced(this.name, 'backup', at);
  }

  /** Opens and registers the DN; resolves when the leg is up. Rejects with the connection's TServerError. */
  async connect(options: LegConnectOptions, connectTimeoutMs: number, signal: AbortSignal): Promise<TServerConnection> {
    const { dn, ...connection } = options;
    const conn = new TServerConnection({ ...connection, endpoint: this.endpoint, connectTimeoutMs });
    this.candidate = conn;
    conn.onEvent((message, t) => this.handlers.event(this, conn, message, t));
    conn.onSilence((since) => {
      if (conn !== this.conn) return;
      this.silentSince = since;
      this.handlers.silence(this, conn, since);
    });
    const abort = (): void => void conn.close();
    signal.addEventListener('abort', abort, { once: true });
    try {
      if (signal.aborted) throw new Error(`dial to ${this.name} was cancelled`);
      const open = await conn.open();
      this.noteLink(open.reply, connection.clock?.now() ?? Date.now());
      const registration = await conn.registerAddress(dn);
      if (signal.aborted || conn.state !== 'open') throw new Error(`dial to ${this.name} was cancelled`);
      this.registration = registration;
      this.silentSince = null;
      this.conn = conn;
      return conn;
    } catch (err) {
      void conn.close();
      throw err;
    } finally {
      signal.removeEventListener('abort', abort);
      if (this.candidate === conn) this.candidate = null;
    }
  }

  /** Forgets the connection after it ended. */
  reset(): void {
    this.conn = null;
    this.link = { up: false };
    this.registration = null;
    this.silentSince = null;
    this.probeSentAt = null;
    this.records.lost(this.name);
  }
}
