// From the session's internal facts to the one ConnectivitySnapshot every view
// shows (app/shared/connectivity.ts). buildSnapshotBody is pure; the publisher
// numbers snapshots and drops a snapshot identical to the previous one.
import type { AgentView, CallView, ConnectivitySnapshot, ErrorInfo, FailoverInfo, HaMode, Phase, ServerRoleName } from '../../../shared/connectivity.ts';
import type { AgentObserved } from './agent-state.ts';

/** What the session knows at one instant; everything the snapshot is made of. */
export interface SessionFacts {
  mode: HaMode;
  /** Endpoint names in configured order. */
  endpoints: readonly string[];
  /** A not-retryable error stopped the session. */
  fatal: ErrorInfo | null;
  /** The connection carrying the session now. */
  active: { name: string; role: ServerRoleName; link: { up: boolean; errorCode?: number; errorMessage?: string } } | null;
  /** Hot: the other connection is open and has the DN registered. */
  standbyReady: boolean;
  /** A session has been up since start (phase `connecting` before that). */
  everOnline: boolean;
  /** Every endpoint failed at least once since the session was last up. */
  allFailedThisOutage: boolean;
  /** The reconnect loop that matters now (null: none running). */
  loop: { attempt: number; nextAttemptAt: number | null; nextServer: string | null } | null;
  /** Last dial failure in this outage. */
  dialError: ErrorInfo | null;
  /** Last restore problem on the current session. */
  restoreError: ErrorInfo | null;
  dn: string;
  /** The agent id to show when the switch names none. */
  agentId: string | null;
  agent: AgentObserved;
  /** The active server has been silent for one ADDP interval: since (epoch ms) its last frame. */
  silentSince: number | null;
  /** The agent side beyond the state itself: how sure, since when, what is pending, what changed unseen. */
  agentTruth: Pick<AgentView, 'confidence' | 'asOf' | 'pending' | 'changedWhileAway' | 'loggedOutBySwitch' | 'stateSince'>;
  lastFailover: FailoverInfo | null;
  /** The DN's calls as they would be shown while the switch is heard (the builder downgrades them otherwise). */
  calls: readonly CallView[];
  callsEndedUnheard: ConnectivitySnapshot['callsEndedUnheard'];
  callsIncomplete: boolean;
}

export type SnapshotBody = Omit<ConnectivitySnapshot, 'seq' | 't'>;

export function phaseOf(f: SessionFacts): Phase {
  if (f.fatal) return 'failed';
  if (f.active) {
    if (f.silentSince !== null) return 'checking';
    return f.active.link.up ? 'online' : 'link-down';
  }
  if (f.endpoints.length > 0 && f.allFailedThisOutage) return 'offline';
  return f.everOnline ? 'reconnecting' : 'connecting';
}

export function buildSnapshotBody(f: SessionFacts): SnapshotBody {
  const phase = phaseOf(f);
  const active = f.fatal ? null : f.active;
  const loop = active || f.fatal ? null : f.loop;
  const other = active ? (f.endpoints.find((name) => name !== active.name) ?? null) : null;
  // Current only while the switch is heard (online) and the state was read there; otherwise the
  // state shown is what it said last (DESIGN.md §4: "last known", with the time since).
  const agent: AgentView = {
    dn: f.dn,
    agentId: f.agent.agentId ?? f.agentId,
    state: f.agent.state,
    reasonCode: f.agent.state === 'not-ready' || f.agent.state === 'acw' ? f.agent.reasonCode : null,
    ...f.agentTruth,
    confidence: phase === 'online' ? f.agentTruth.confidence : 'last-known',
  };
  return {
    mode: f.mode,
    phase,
    server: active ? { name: active.name, role: active.role } : null,
    link: active ? (active.link.up ? 'up' : 'down') : 'unknown',
    linkError: active && !active.link.up ? { code: active.link.errorCode ?? null, message: active.link.errorMessage ?? 'CTI link is down' } : null,
    silence: active && f.silentSince !== null ? { server: active.name, since: f.silentSince } : null,
    standby: { name: other, ready: f.mode === 'hot' && other !== null && f.standbyReady },
    attempt: loop?.attempt ?? 0,
    nextAttemptAt: loop?.nextAttemptAt ?? null,
    nextServer: loop?.nextServer ?? null,
    lastError: f.fatal ?? (active ? f.restoreError : f.dialError),
    agent,
    lastFailover: f.lastFailover,
    // Calls are only as current as the session's hearing: last known and not controllable otherwise.
    calls: f.calls.map((c) => (phase === 'online' ? c : { ...c, confidence: 'last-known', controllable: false })),
    callsEndedUnheard: f.callsEndedUnheard,
    callsIncomplete: f.callsIncomplete,
  };
}

/** Numbers snapshots (seq strictly increasing) and skips one equal to the last but for seq/t. */
export class SnapshotPublisher {
  private seq = 0;
  private lastKey = '';
  private last: ConnectivitySnapshot;

  constructor(
    initial: SnapshotBody,
    private readonly now: () => number,
  ) {
    this.last = { seq: 0, t: now(), ...initial };
    this.lastKey = JSON.stringify(initial);
  }

  current(): ConnectivitySnapshot {
    return this.last;
  }

  /** The new snapshot when `body` differs from the last one, else null. */
  offer(body: SnapshotBody): ConnectivitySnapshot | null {
    const key = JSON.stringify(body);
    if (key === this.lastKey) return null;
    this.lastKey = key;
    this.last = { seq: ++this.seq, t: this.now(), ...body };
    return this.last;
  }
}
