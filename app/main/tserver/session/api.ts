// What the HA session offers the rest of the app (Electron main, preview host,
// watch CLI). The Electron-free core implements it; adapters only consume it.
import type { ConnectivitySnapshot, HaMode, RequestOutcome, TimelineEvent } from '../../../shared/connectivity.ts';
import type { CoreLogger } from '../core-logger.ts';
import type { Clock } from '../connection/clock.ts';
import type { EndpointConfig } from '../endpoint-config.ts';

/**
 * Why a "check now" hint was given; it skips the backoff wait (at most every 500 ms).
 * `peer-reconnected`: the core's own — in hot standby the other leg just reconnected,
 * so the outage is likely over for this one too. `peer-lost`: the core's own — the leg
 * that carried the session was lost, so the other's calm standby redial hurries.
 */
export type CheckNowReason = 'user' | 'resume' | 'unlock' | 'network-change' | 'peer-reconnected' | 'peer-lost';

/** An error the agent can be shown (defined below the connection layer, re-exported for the hosts). */
export { SessionRequestError } from '../request-error.ts';

/**
 * What says the machine may have been away (issue 15): the hosts' hints (Electron's
 * powerMonitor `resume` / `unlock-screen`, the network coming back, SIGCONT in the CLIs)
 * and the core's own drift detector (`suspended`: the wall clock ran ahead of the
 * monotonic one; `frozen`: timers ran late).
 */
export type WakeReason = 'resume' | 'unlock-screen' | 'network-back' | 'sigcont' | 'suspended' | 'frozen';

export interface ToolbarSession {
  /** Starts dialling; idempotent. */
  start(): void;
  /** Closes every connection and stops every timer. */
  stop(): Promise<void>;
  /** The current full snapshot. */
  snapshot(): ConnectivitySnapshot;
  /** Full snapshot on every change; returns an unsubscribe function. */
  onSnapshot(listener: (snapshot: ConnectivitySnapshot) => void): () => void;
  /** Every T-Library event (general, registration, agent) for the timeline. */
  onEvent(listener: (event: TimelineEvent) => void): () => void;
  /** Returns false when throttled (less than 500 ms since the last accepted hint) or nothing to do. */
  checkNow(reason: CheckNowReason): boolean;
  /**
   * The machine may have slept: check before claiming. Every open connection is
   * `checking` at once and probed; a waiting reconnect loop dials now with its backoff
   * reset; the agent state is last known until the switch has been asked. Hints within
   * a couple of seconds of each other are one wake (false for the later ones).
   */
  wake(reason: WakeReason): boolean;
  /**
   * Agent requests fail fast with SessionRequestError while no session is up, and
   * reject with the switch's error when it refused. `unknown`: no answer in time (or
   * the session was lost after sending) — the request may still take effect; the
   * snapshot's `agent.pending` says so until the session has asked the switch.
   */
  agentReady(): Promise<RequestOutcome>;
  agentNotReady(reasonCode: string): Promise<RequestOutcome>;
  /** `done` only once EventAgentLogin confirmed the credentials (the moment to remember a password). */
  agentLogin(agentId: string, password: string | undefined): Promise<RequestOutcome>;
  agentLogout(): Promise<RequestOutcome>;
  /**
   * Call requests on the DN's call `connId` (issue 12). Refused at once (SessionRequestError)
   * while the calls are only last known; `unknown` when no answer came in time — the
   * call's `pending` says so, and the session completes the request once, only if it has
   * not happened, when it has re-learned the calls.
   */
  answerCall(connId: string): Promise<RequestOutcome>;
  holdCall(connId: string): Promise<RequestOutcome>;
  retrieveCall(connId: string): Promise<RequestOutcome>;
  releaseCall(connId: string): Promise<RequestOutcome>;
}

export type { EndpointConfig } from '../endpoint-config.ts';

export interface ReconnectSettings {
  initialDelayMs: number;
  multiplier: number;
  maxDelayMs: number;
  /** Upper bound of the random delay before the very first reconnect attempt (fleet spreading). */
  firstDelayMaxMs: number;
  /** Connect + open handshake bound per attempt. */
  connectTimeoutMs: number;
  minConnectTimeoutMs: number;
  /** A session must stay up this long before the next loss starts the backoff over. */
  healthySessionMs: number;
}

export interface SessionOptions {
  mode: HaMode;
  /** Primary first, then backup. */
  endpoints: readonly EndpointConfig[];
  applicationName: string;
  /** From the keychain or the environment, never from a config file. */
  applicationPassword?: string | undefined;
  /** ADDP: 0 turns it off. */
  addpTimeoutMs: number;
  addpRemoteTimeoutMs: number;
  requestTimeoutMs?: number;
  dn: string;
  agentId: string | null;
  /** Asked for when the agent must be logged in (initially or after the switch lost the login). */
  agentPassword?: () => Promise<string | undefined>;
  /**
   * A password from `agentPassword` (the keychain) was rejected by the switch (1705 / 192)
   * on an automatic re-login: the host removes it so it is not tried again.
   */
  onStoredPasswordRejected?: (agentId: string) => void;
  /** The state to put the agent in after the first login (watch CLI --not-ready). */
  initialAgentState?: { state: 'ready' } | { state: 'not-ready'; reasonCode: string };
  reconnect: ReconnectSettings;
  /** How long a connection gets to answer the probe after a wake (ms); default 1000. */
  wakeProbeMs?: number;
  /** The core's own drift detector (issue 15); false turns it off (tests that drive wakes themselves). */
  detectDrift?: boolean;
  /**
   * Removes known secrets from text (the hosts pass their SecretValues' scrub): applied to
   * every snapshot and timeline event the session puts out, so a server that echoes a
   * password (in ErrorMessage or anywhere) never gets it shown, printed or copied (issue 9).
   */
  scrub?: (text: string) => string;
  /** The story of the session for IT (phase changes, events, requests, failovers, dial failures). */
  logger?: CoreLogger;
  /** Every timer and the time of the core (connections, reconnect loops, agent keeper); default: the system's. */
  clock?: Clock;
  /** Injected for deterministic tests (the clock's `now` when no clock is given). */
  now?: () => number;
  random?: () => number;
}
