// Snapshot builders for renderer tests: a valid online snapshot, overridden per case.
import * as v from 'valibot';
import { ConnectivitySnapshotSchema } from '../../../app/shared/connectivity.ts';
import type { AgentView, ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';
import { makeSnapshot } from '../../support/snapshots.ts';

/** The renderer cases' agent: a1001 on DN 5001, Ready and heard since `t` − 60 s. */
export function agent(over: Partial<AgentView> = {}): AgentView {
  return {
    dn: '5001',
    agentId: 'a1001',
    state: 'ready',
    reasonCode: null,
    confidence: 'current',
    asOf: 940_000,
    pending: null,
    changedWhileAway: null,
    loggedOutBySwitch: null,
    ...over,
  };
}

export function snapshot(over: Partial<ConnectivitySnapshot> = {}): ConnectivitySnapshot {
  // Warm, no standby and a different agent id from the shared base, so the renderer
  // cases read as written; every fixture must be a snapshot main could really send.
  const base = makeSnapshot({ t: 1_000_000, mode: 'warm', standby: { name: 'b', ready: false }, agent: agent() });
  return v.parse(ConnectivitySnapshotSchema, { ...base, ...over });
}
