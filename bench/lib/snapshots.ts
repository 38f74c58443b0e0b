// Waiting on a ToolbarSession's snapshots with a deadline, and the predicates
// the failover benchmarks share ("online on server X with the agent as before").
import type { ConnectivitySnapshot } from '../../app/shared/connectivity.ts';
import type { ToolbarSession } from '../../app/main/tserver/session/api.ts';

/** The agent state a trial sets before the failure and expects back after it. */
export type ExpectedAgent = { state: 'ready' } | { state: 'not-ready'; reasonCode: string };

export type SnapshotPredicate = (s: ConnectivitySnapshot) => boolean;

/** Agent logged in on its DN and in the state it had chosen (reason included). */
export function agentAsBefore(agentId: string, expected: ExpectedAgent): SnapshotPredicate {
  return (s) =>
    s.agent.agentId === agentId &&
    s.agent.state === expected.state &&
    (expected.state === 'ready' || s.agent.reasonCode === expected.reasonCode);
}

/** Online on `server` as primary with the agent restored; in hot mode also with the standby ready when asked. */
export function onlineOn(server: string, agent: SnapshotPredicate, standbyReady = false): SnapshotPredicate {
  return (s) =>
    s.phase === 'online' &&
    s.server?.name === server &&
    s.server.role === 'primary' &&
    s.link === 'up' &&
    (!standbyReady || s.standby.ready) &&
    agent(s);
}

/**
 * performance.now() of the first snapshot (the current one included) that
 * satisfies `predicate`, or null when `ms` pass first. Stamped in the listener,
 * the moment the session publishes it.
 */
export function whenSnapshot(session: ToolbarSession, predicate: SnapshotPredicate, ms: number): Promise<number | null> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (at: number | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      off();
      resolve(at);
    };
    const off = session.onSnapshot((s) => {
      if (predicate(s)) finish(performance.now());
    });
    const timer = setTimeout(() => finish(null), ms);
    if (predicate(session.snapshot())) finish(performance.now());
  });
}

/**
 * Waits for `ready` (online with the agent as expected); when the session is
 * online but has not put the agent there by itself within `graceMs`, sets the
 * agent up through the session's own requests, as the agent would by clicking.
 * Returns how it got there, or null when it did not within `ms`.
 */
export async function whenAgentSetUp(
  session: ToolbarSession,
  ready: SnapshotPredicate,
  agentId: string,
  expected: ExpectedAgent,
  graceMs: number,
  ms: number,
): Promise<'by-session' | 'by-requests' | null> {
  if ((await whenSnapshot(session, ready, graceMs)) !== null) return 'by-session';
  if (session.snapshot().phase !== 'online') {
    return (await whenSnapshot(session, ready, ms)) !== null ? 'by-session' : null;
  }
  const s = session.snapshot();
  try {
    if (s.agent.state === 'logged-out' || s.agent.agentId !== agentId) await session.agentLogin(agentId, undefined);
    if (expected.state === 'ready') await session.agentReady();
    else await session.agentNotReady(expected.reasonCode);
  } catch {
    // Whatever failed shows as the predicate not holding below.
  }
  return (await whenSnapshot(session, ready, ms)) !== null ? 'by-requests' : null;
}
