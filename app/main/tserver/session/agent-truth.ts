// How sure the session is of the agent's state (issue 8: known vs last known).
// The switch is heard only while the phase is `online` and the state has been
// read on this session since hearing last stopped (a restore or a re-read after
// the link came back): before that the state is only "last known", with the time
// it was last heard. When hearing resumes and the switch's state differs from
// the last known one (a supervisor, the switch), that is reported once.
import type { AgentView, Phase } from '../../../shared/connectivity.ts';
import type { AgentObserved } from './agent-state.ts';

type AgentFact = { state: AgentObserved['state']; reasonCode: string | null };
type Away = NonNullable<AgentView['changedWhileAway']>['during'];

/** Phases in which the agent's state cannot have been re-read: it must be read again before it is current. */
// `checking` too: a stalled server may drop the events of its silence (the soak's finding), so
// once it is heard again the state is read again before it is current.
const DEAF: ReadonlySet<Phase> = new Set<Phase>(['connecting', 'checking', 'link-down', 'reconnecting', 'offline', 'failed']);

const factOf = (o: AgentObserved): AgentFact => ({ state: o.state, reasonCode: o.state === 'not-ready' || o.state === 'acw' ? o.reasonCode : null });
const sameFact = (x: AgentFact, y: AgentFact): boolean => x.state === y.state && x.reasonCode === y.reasonCode;

export class AgentTruth {
  /** The state has not been read since the switch was last out of earshot. */
  private stale = true;
  private hearing = false;
  private phase: Phase = 'connecting';
  private asOf: number | null = null;
  /** What the switch last said before hearing stopped, and why it stopped. */
  private away: { from: AgentFact; during: Away } | null = null;
  changedWhileAway: AgentView['changedWhileAway'] = null;
  loggedOutBySwitch: AgentView['loggedOutBySwitch'] = null;

  /** Follows the phase (called before every snapshot). */
  follow(phase: Phase, observed: AgentObserved, now: number, silentSince: number | null): void {
    const hearing = phase === 'online' && !this.stale;
    if (this.hearing && !hearing) this.asOf = phase === 'checking' && silentSince !== null ? silentSince : now;
    if (!this.hearing && hearing) this.asOf = now;
    this.hearing = hearing;
    const wasDeaf = DEAF.has(this.phase);
    this.phase = phase;
    if (!DEAF.has(phase)) return;
    const during: Away = phase === 'link-down' ? 'link-down' : 'disconnected';
    // On the edge only: a re-read done while still deaf (warm: the restore runs before
    // the session is handed over) must stick.
    if (!wasDeaf) this.lostTouch(observed, during);
    else if (this.away !== null && during === 'disconnected') this.away = { ...this.away, during };
  }

  /** The session moved to another server (hot): the state must be read there before it is current. */
  reread(observed: AgentObserved): void {
    this.lostTouch(observed, 'disconnected');
  }

  private lostTouch(observed: AgentObserved, during: Away): void {
    this.stale = true;
    if (this.away === null && observed.state !== 'unknown') {
      this.away = { from: factOf(observed), during };
      this.changedWhileAway = null;
    }
  }

  /** The state must be read from the switch before it can be current again. */
  get needsRead(): boolean {
    return this.stale;
  }

  /** Whether the snapshot may call the state current. */
  get current(): boolean {
    return this.hearing;
  }

  get since(): number | null {
    return this.asOf;
  }

  /**
   * The state was read on the session that carries it now (restore done, re-read after the
   * link came back). `own`: it is the target of the agent's own request sent meanwhile
   * (an unknown outcome that has happened, or that the restore completed) — no surprise.
   */
  settled(observed: AgentObserved, now: number, own = false): void {
    this.stale = false;
    const away = this.away;
    this.away = null;
    if (!away || own) return;
    const fact = factOf(observed);
    if (sameFact(fact, away.from) || fact.state === 'unknown') return;
    this.changedWhileAway = { at: now, from: away.from, during: away.during };
    if (fact.state === 'logged-out' && away.from.state !== 'logged-out') this.loggedOutBySwitch = { at: now };
  }

  /** EventAgentLogout this toolbar did not ask for, while the switch could be heard. */
  forcedLogout(now: number): void {
    this.loggedOutBySwitch = { at: now };
  }

  /** The agent acted (a request of their own): earlier notices no longer hold. */
  agentActed(): void {
    this.changedWhileAway = null;
  }

  /** The agent logged in again. */
  loggedIn(): void {
    this.loggedOutBySwitch = null;
    this.changedWhileAway = null;
  }
}
