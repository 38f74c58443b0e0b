// The one full ConnectivitySnapshot test fixtures start from: agent 1001 Ready on
// DN 5001, online on primary a with standby b ready (hot). When the snapshot type
// gains a field, this is the fixture to extend.
import type { CallView, ConnectivitySnapshot } from '../../app/shared/connectivity.ts';

export function makeSnapshot(overrides: Partial<ConnectivitySnapshot> = {}): ConnectivitySnapshot {
  return {
    seq: 1,
    t: 1_700_000_000_000,
    mode: 'hot',
    phase: 'online',
    server: { name: 'a', role: 'primary' },
    link: 'up',
    linkError: null,
    standby: { name: 'b', ready: true },
    attempt: 0,
    nextAttemptAt: null,
    nextServer: null,
    lastError: null,
    silence: null,
    agent: {
      dn: '5001',
      agentId: '1001',
      state: 'ready',
      reasonCode: null,
      confidence: 'current',
      asOf: 1_699_999_990_000,
      pending: null,
      changedWhileAway: null,
      loggedOutBySwitch: null,
    },
    lastFailover: null,
    calls: [],
    callsEndedUnheard: [],
    callsIncomplete: false,
    ...overrides,
  };
}

/** One call on DN 5001 for the fixtures: an inbound call from +1 555 123 4567, established, current, controllable. */
export function makeCall(overrides: Partial<CallView> = {}): CallView {
  return {
    connId: '006f02a4c5d1e001',
    state: 'established',
    otherDN: '+15551234567',
    direction: 'inbound',
    since: 1_699_999_995_000,
    confidence: 'current',
    controllable: true,
    pending: null,
    ...overrides,
  };
}
