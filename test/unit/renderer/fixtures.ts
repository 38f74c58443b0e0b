// Snapshot builders for renderer tests: a valid online snapshot, overridden per case.
import * as v from 'valibot';
import { ConnectivitySnapshotSchema } from '../../../app/shared/connectivity.ts';
import type { ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';
import { makeSnapshot } from '../../support/snapshots.ts';

export function snapshot(over: Partial<ConnectivitySnapshot> = {}): ConnectivitySnapshot {
  // Warm, no standby and a different agent id from the shared base, so the renderer
  // cases read as written; every fixture must be a snapshot main could really send.
  const base = makeSnapshot({
    t: 1_000_000,
    mode: 'warm',
    standby: { name: 'b', ready: false },
    agent: { dn: '5001', agentId: 'a1001', state: 'ready', reasonCode: null },
  });
  return v.parse(ConnectivitySnapshotSchema, { ...base, ...over });
}
