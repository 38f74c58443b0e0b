// The snapshot the toolbar shows while it runs no session: starting (phase
// `connecting`, no setup), still waiting for the keychain (phase `connecting`), or
// failing closed — not configured, endpoints
// that cannot be used, the machine-wide file unreadable (phase `failed`, not
// retryable). Facts only; the window words them from `setup`. The same snapshot
// goes to Copy diagnostics, so IT sees the state and the file it is about.
import type { ConnectivitySnapshot, HaMode, SetupInfo } from '../../shared/connectivity.ts';

export interface SetupSnapshotInput {
  mode: HaMode;
  dn: string;
  agentId: string | null;
  /** Null: starting, nothing to say yet. */
  setup: SetupInfo | null;
  seq: number;
  t: number;
}

/** The message Details and the log show for a setup state (the window's words come from `setup`). */
export function setupMessage(setup: SetupInfo): string {
  const files = setup.files.join(' or ');
  const first = setup.problems[0];
  const why = first ? ` (${first.key ? `${first.key}: ` : ''}${first.message})` : '';
  switch (setup.state) {
    case 'waiting-for-keychain':
      return 'Waiting for the system keychain (it may be asking to be unlocked)';
    case 'not-configured':
      return `Not configured: no T-Server endpoints are set in ${files}. Ask IT to configure the toolbar.`;
    case 'endpoints-invalid':
      return `Configuration error: the endpoints in ${files} cannot be used${why}. No session is started.`;
    case 'enforced-unreadable':
      return `Configuration error: the machine-wide file ${files} cannot be read${why}, so its enforced settings are unknown. No session is started.`;
  }
}

export function setupSnapshot(input: SetupSnapshotInput): ConnectivitySnapshot {
  const setup = input.setup;
  const waiting = setup === null || setup.state === 'waiting-for-keychain';
  return {
    seq: input.seq,
    t: input.t,
    mode: input.mode,
    phase: waiting ? 'connecting' : 'failed',
    server: null,
    link: 'unknown',
    silence: null,
    linkError: null,
    standby: { name: null, ready: false },
    attempt: 0,
    nextAttemptAt: null,
    nextServer: null,
    // Not retryable: Reconnect now cannot fix a file; IT must.
    lastError: waiting ? null : { code: null, message: setupMessage(setup), retryable: false, server: null },
    agent: {
      dn: input.dn,
      agentId: input.agentId,
      state: 'unknown',
      reasonCode: null,
      confidence: 'last-known',
      asOf: null,
      pending: null,
      changedWhileAway: null,
      loggedOutBySwitch: null,
    },
    lastFailover: null,
    calls: [],
    callsEndedUnheard: [],
    callsIncomplete: false,
    setup: setup === null ? null : structuredClone(setup),
  };
}
