// Snapshot builders for renderer tests: a valid online snapshot, overridden per case.
import * as v from 'valibot';
import { ConnectivitySnapshotSchema } from '../../../app/shared/connectivity.ts';
import type { ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';

export function snapshot(over: Partial<ConnectivitySnapshot> = {}): ConnectivitySnapshot {
  const base: ConnectivitySnapshot = {
    seq: 1,
    t: 1_000_000,
    mode: 'warm',
    phase: 'online',
    server: { name: 'a', role: 'primary' },
    link: 'up',
    linkError: null,
    standby: { name: 'b', ready: false },
    attempt: 0,
    nextAttemptAt: null,
    nextServer: null,
    lastError: null,
    agent: { dn: '5001', agentId: 'a1001', state: 'ready', reasonCode: null },
    lastFailover: null,
  };
  // Every fixture must be a snapshot main could really send.
  return v.parse(ConnectivitySnapshotSchema, { ...base, ...over });
}
