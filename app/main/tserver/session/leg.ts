// One endpoint of the pair as the session sees it: the connection (once open
// and the DN registered), its role and CTI-link status. `connect` is the dial:
// open within the connect timeout, then register the DN; it closes what it
// opened when it fails or when the loop aborts it.
import { ServerRole } from '../protocol/index.ts';
import type { TMessage } from '../protocol/index.ts';
import { TServerConnection } from '../connection/index.ts';
import type { ConnectionOptions, LinkStatus } from '../connection/index.ts';
import type { ServerRoleName } from '../../../shared/connectivity.ts';
import type { EndpointConfig } from './api.ts';

export type LegEventHandler = (leg: Leg, conn: TServerConnection, message: TMessage, t: number) => void;

export interface LegConnectOptions extends Omit<ConnectionOptions, 'endpoint' | 'connectTimeoutMs'> {
  dn: string;
}

export class Leg {
  /** Open, DN registered, not lost since: the connection requests go to. */
  conn: TServerConnection | null = null;
  /** The connection being dialled (until it is up or has failed). */
  candidate: TServerConnection | null = null;
  role: ServerRoleName = 'unknown';
  link: LinkStatus = { up: false };
  /** The EventRegistered that made this leg up. */
  registration: TMessage | null = null;

  constructor(
    readonly endpoint: EndpointConfig,
    private readonly onEvent: LegEventHandler,
  ) {}

  get name(): string {
    return this.endpoint.name;
  }

  get up(): boolean {
    return this.conn !== null;
  }

  /** Whether `conn` is this leg's live or dialling connection (events of others are stale). */
  owns(conn: TServerConnection): boolean {
    return conn === this.conn || conn === this.candidate;
  }

  /** Link status and role from an open reply or an unsolicited link event. */
  noteLink(message: TMessage): void {
    const a = message.attributes;
    const link: LinkStatus = { up: message.name === 'EventLinkConnected' };
    if (!link.up) {
      if (typeof a.ErrorCode === 'number') link.errorCode = a.ErrorCode;
      if (typeof a.ErrorMessage === 'string') link.errorMessage = a.ErrorMessage;
    }
    this.link = link;
    if (a.ServerRole === ServerRole.Primary) this.role = 'primary';
    else if (a.ServerRole === ServerRole.Backup) this.role = 'backup';
  }

  /** Opens and registers the DN; resolves when the leg is up. Rejects with the connection's TServerError. */
  async connect(options: LegConnectOptions, connectTimeoutMs: number, signal: AbortSignal): Promise<TServerConnection> {
    const { dn, ...connection } = options;
    const conn = new TServerConnection({ ...connection, endpoint: this.endpoint, connectTimeoutMs });
    this.candidate = conn;
    conn.onEvent((message, t) => this.onEvent(this, conn, message, t));
    const abort = (): void => void conn.close();
    signal.addEventListener('abort', abort, { once: true });
    try {
      if (signal.aborted) throw new Error(`dial to ${this.name} was cancelled`);
      const open = await conn.open();
      this.role = open.role;
      this.noteLink(open.reply);
      const registration = await conn.registerAddress(dn);
      if (signal.aborted || conn.state !== 'open') throw new Error(`dial to ${this.name} was cancelled`);
      this.registration = registration;
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
    this.role = 'unknown';
    this.link = { up: false };
    this.registration = null;
  }
}
