// What the HA session offers the rest of the app (Electron main, preview host,
// watch CLI). The Electron-free core implements it; adapters only consume it.
import type { ConnectivitySnapshot, TimelineEvent } from '../../../shared/connectivity.ts';

/** Why a "check now" hint was given; it skips the backoff wait (at most every 500 ms). */
export type CheckNowReason = 'user' | 'resume' | 'unlock' | 'network-change';

/** An error the agent can be shown: T-Library ErrorCode when there is one. */
export class SessionRequestError extends Error {
  override readonly name = 'SessionRequestError';
  constructor(
    message: string,
    readonly code: number | null = null,
    readonly retryable = true,
  ) {
    super(message);
  }
}

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
  /** Agent requests fail fast with SessionRequestError while no session is up. */
  agentReady(): Promise<void>;
  agentNotReady(reasonCode: string): Promise<void>;
  agentLogin(agentId: string, password: string | undefined): Promise<void>;
  agentLogout(): Promise<void>;
}
