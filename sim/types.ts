// Public types of the T-Server simulator (docs/simulator.md). Tests, benchmarks,
// the preview host and the embedded default of `npm start` program against these.
import type { KvList, PartyStateName, TMessage } from '../app/main/tserver/protocol/index.ts';

export type SimServerName = 'a' | 'b';
export type SimMode = 'warm' | 'hot';
export type SimRole = 'primary' | 'backup';
/** Agent state as the switch sees it; `acw` is not-ready with work mode AfterCallWork. */
export type SimAgentStateName = 'ready' | 'not-ready' | 'acw' | 'logged-out';

export interface SimEndpointOptions {
  host?: string;
  /** 0 = ephemeral (tests). */
  port?: number;
}

/** A TLS server's identity: PEM private key and certificate (the certificate may be followed by its chain). */
export interface SimTlsOptions {
  key: string | Buffer;
  cert: string | Buffer;
}

export interface SimServerOptions extends SimEndpointOptions {
  /** Serve TLS with this key and certificate; absent = plain TCP. */
  tls?: SimTlsOptions;
}

export interface SimulatorOptions {
  /** Default 'hot'. */
  mode?: SimMode;
  /** Default 127.0.0.1:7001, plain TCP. */
  a?: SimServerOptions;
  /** Default 127.0.0.1:7002, plain TCP. */
  b?: SimServerOptions;
  /** HTTP control API, default 127.0.0.1:7099; false = none. */
  control?: SimEndpointOptions | false;
  /** Default 0: the backup is promoted this long after the primary crashes or hangs. */
  promoteDelayMs?: number;
  /** Default null (off): the switch logs an agent out when no client has its DN registered for this long. */
  logoutOnDisconnectMs?: number | null;
  /** null (default) = any application password is accepted. */
  applicationPassword?: string | null;
  /** Default '5001'..'5010'. */
  dns?: string[];
  /** Default 1001..1010 without password. */
  agents?: Array<{ id: string; password?: string }>;
  /** Calls a DN can be on at once (its lines), 1–16; default 4. */
  maxCallsPerDn?: number;
  /** DNs whose agent goes to after-call work when a connected call ends; default none. */
  afterCallWorkDns?: string[];
  /** Clock for event timestamps (TimeinSecs/TimeinuSecs) and onSend; default Date.now. */
  now?: () => number;
}

export interface SimLinkState {
  up: boolean;
  errorCode?: number;
  errorMessage?: string;
}

export interface SimServerInfo {
  name: SimServerName;
  host: string;
  port: number;
  role: SimRole;
  /** Serves TLS (SimServerOptions.tls) rather than plain TCP. */
  tls: boolean;
  /** false after crash (not listening). */
  up: boolean;
  hung: boolean;
  link: SimLinkState;
  /** Open client sockets. */
  clients: number;
  /** Requests still to be left unanswered, by name (POST /servers/{name}/unanswered). */
  unanswered: Record<string, number>;
}

export interface SimServerState extends SimServerInfo {
  refusing: boolean;
  slowHandshakeMs: number;
  /** DNs registered by at least one client of this server, sorted. */
  registeredDns: string[];
}

export interface SimDnState {
  dn: string;
  agentId: string | null;
  /** Client registrations of this DN per server. */
  registrations: Record<SimServerName, number>;
  /** The agent goes to after-call work when a connected call on this DN ends. */
  afterCallWork: boolean;
}

/** One side of a call: a DN on the switch or a number outside it. */
export interface SimCallParty {
  address: string;
  onSwitch: boolean;
  state: PartyStateName;
  /** When the party entered its state, ms since the epoch (`now` clock). */
  since: number;
}

export interface SimCallState {
  connId: string;
  type: 'inbound' | 'outbound' | 'internal';
  ani: string | null;
  dnis: string | null;
  startedAt: number;
  /** As the call carries it; binary values (from a client's RequestMakeCall) are Uint8Arrays. */
  userData: KvList | null;
  /** [caller, called]. */
  parties: SimCallParty[];
}

/** A call placed through the control API (POST /calls). */
export interface SimCallRequest {
  /** A DN on the switch. */
  to: string;
  /** A number outside the switch (inbound call) or a DN on it (internal call). */
  from: string;
  /** Flat key-value data attached to the call (UserData). */
  userData?: Record<string, string | number>;
}

/** Which party acts; omitted: the one party the action fits. */
export interface SimCallPartyChoice {
  dn?: string;
}

export interface SimAgentState {
  id: string;
  dn: string | null;
  state: SimAgentStateName;
  /** T-Library AgentWorkMode (0 when logged out). */
  workMode: number;
  reasonCode: string | null;
}

/** What GET /state returns. */
export interface SimState {
  mode: SimMode;
  promoteDelayMs: number;
  logoutOnDisconnectMs: number | null;
  servers: Record<SimServerName, SimServerState>;
  dns: SimDnState[];
  agents: SimAgentState[];
  maxCallsPerDn: number;
  /** Calls on the switch, oldest first. */
  calls: SimCallState[];
}

export interface Simulator {
  /** Fresh snapshot on every read. */
  readonly servers: Record<SimServerName, SimServerInfo>;
  readonly controlUrl: string | null;
  setLink(server: SimServerName, link: SimLinkState): void;
  /** RST every socket, stop listening; promotes the other after promoteDelayMs when this one was primary. */
  crash(server: SimServerName): void;
  /** Keep sockets open, stop reading and writing; promotion as for crash. */
  hang(server: SimServerName): void;
  resume(server: SimServerName): void;
  /** Crash, then listen again on the same port (as backup if the other is primary now). */
  restart(server: SimServerName): Promise<void>;
  /** Send malformed bytes to every client of that server. */
  garbage(server: SimServerName): void;
  /** Delay the reply to RequestRegisterClient (0 = off). */
  slowHandshake(server: SimServerName, delayMs: number): void;
  /** The next `count` requests named `request` (e.g. RequestQueryAddress) are read and never answered; 0 stops it. */
  leaveUnanswered(server: SimServerName, request: string, count: number): void;
  /** Close new connections at once. */
  refuse(server: SimServerName, on: boolean): void;
  /** Backup becomes primary; in hot mode both tell their clients their new ServerRole. */
  switchover(): void;
  /** Move an agent as the switch would (after-call work at the end of a call, …). */
  setAgentState(agentId: string, s: { state: SimAgentStateName; reasonCode?: string }): void;
  /** Rings DN `to` with a call from `from`; returns its ConnID. */
  placeCall(call: SimCallRequest): string;
  /** The ringing party picks up (a DN's handset, or the far end of an outbound call). */
  answerCall(connId: string, party?: SimCallPartyChoice): void;
  /** A party hangs up; a two-party call ends for both. */
  releaseCall(connId: string, party?: SimCallPartyChoice): void;
  /** A DN's hold key. */
  holdCall(connId: string, party?: SimCallPartyChoice): void;
  retrieveCall(connId: string, party?: SimCallPartyChoice): void;
  /** Whether DN `dn`'s agent goes to after-call work when a connected call ends. */
  setAfterCallWork(dn: string, on: boolean): void;
  state(): SimState;
  /** Every frame as it is written; returns an unsubscribe function. */
  onSend(listener: (server: SimServerName, message: TMessage, t: number) => void): () => void;
  /**
   * Every TCP connection a server accepts, as it is accepted (also those then
   * refused or left unanswered by a fault); `t` from the `now` clock. Connections
   * to a crashed server are refused by the OS and never reach it. Returns an
   * unsubscribe function. For benchmarks: connection attempts per time window.
   */
  onAccept(listener: (server: SimServerName, t: number) => void): () => void;
  close(): Promise<void>;
}

/** A request the simulator cannot carry out; `status` is the control API's HTTP status. */
export class SimInputError extends Error {
  override readonly name = 'SimInputError';
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 = 400,
  ) {
    super(message);
  }
}
