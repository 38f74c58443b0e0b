// One record per endpoint, the one owner of "how has this server been doing"
// (in the style of nats.js's servers.ts): dial outcomes for the reconnect loops,
// what the server last announced and when it was last heard for the session.
// Readers get frozen copies; only the methods below change a record.
import type { ErrorInfo, ServerRoleName } from '../../../shared/connectivity.ts';

export interface EndpointRecord {
  readonly name: string;
  /** Failed attempts since this endpoint last connected. */
  readonly consecutiveFailures: number;
  readonly lastError: ErrorInfo | null;
  readonly lastAttemptAt: number | null;
  readonly lastConnectedAt: number | null;
  /** Failed at least once since the session was last up ("all servers unreachable"). */
  readonly failedThisOutage: boolean;
  /** The ServerRole it last announced on a live connection. */
  readonly announcedRole: ServerRoleName;
  /** When it last announced ServerRole=primary (null once it said backup or was lost). */
  readonly primaryClaimAt: number | null;
  /** When a whole frame last arrived from it. */
  readonly lastHeardAt: number | null;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export class EndpointRecords {
  readonly #records = new Map<string, Mutable<EndpointRecord>>();

  constructor(names: readonly string[]) {
    for (const name of names) {
      this.#records.set(name, {
        name,
        consecutiveFailures: 0,
        lastError: null,
        lastAttemptAt: null,
        lastConnectedAt: null,
        failedThisOutage: false,
        announcedRole: 'unknown',
        primaryClaimAt: null,
        lastHeardAt: null,
      });
    }
  }

  has(name: string): boolean {
    return this.#records.has(name);
  }

  get(name: string): EndpointRecord {
    return Object.freeze({ ...this.#record(name) });
  }

  all(names: readonly string[] = [...this.#records.keys()]): readonly EndpointRecord[] {
    return Object.freeze(names.map((name) => this.get(name)));
  }

  /** Every endpoint has failed since the session was last up. */
  allFailedThisOutage(): boolean {
    return [...this.#records.values()].every((r) => r.failedThisOutage);
  }

  attempted(name: string, at: number): void {
    this.#record(name).lastAttemptAt = at;
  }

  failed(name: string, error: ErrorInfo): void {
    const r = this.#record(name);
    r.consecutiveFailures += 1;
    r.lastError = error;
    r.failedThisOutage = true;
  }

  connected(name: string, at: number): void {
    const r = this.#record(name);
    r.consecutiveFailures = 0;
    r.lastError = null;
    r.lastConnectedAt = at;
  }

  /** Reachable again (if only as a backup): it no longer counts as failed in this outage. */
  reachable(name: string): void {
    this.#record(name).failedThisOutage = false;
  }

  /** A session is up: the outage is over for every endpoint. */
  outageOver(): void {
    for (const r of this.#records.values()) r.failedThisOutage = false;
  }

  announced(name: string, role: ServerRoleName, at: number): void {
    const r = this.#record(name);
    r.announcedRole = role;
    if (role === 'primary') r.primaryClaimAt = at;
    else if (role === 'backup') r.primaryClaimAt = null;
  }

  heard(name: string, at: number): void {
    this.#record(name).lastHeardAt = at;
  }

  /** Its connection ended: what it announced on it no longer holds. */
  lost(name: string): void {
    const r = this.#record(name);
    r.announcedRole = 'unknown';
    r.primaryClaimAt = null;
  }

  #record(name: string): Mutable<EndpointRecord> {
    const r = this.#records.get(name);
    if (!r) throw new RangeError(`unknown endpoint "${name}"`);
    return r;
  }
}
