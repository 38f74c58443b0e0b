// "Agent state equal to the agent's last intent": what the switch may say about
// the soak's agent after a heal. The agent's own requests set the intent (a
// request that resolved `unknown` counts: it may have happened, and the session
// must aim for it); a refused or not-sent request does not. The switch may
// legitimately move the agent afterwards — after-call work, a supervisor, a forced
// logout — and then its word is the state to keep. One ambiguity is admitted: an
// after-call work the session could not hear (no session, link down), followed by
// the switch logging the agent out on its own (nobody registered), is lost with
// the login; the session then logs the agent back in to the last state it knew.
import type { SimAgentStateName } from '../../sim/index.ts';

export interface AgentFact {
  state: SimAgentStateName;
  /** Compared for not-ready only. */
  reasonCode: string | null;
}

type SwitchMove = { kind: 'acw'; lostLoginAfter: boolean } | { kind: 'forced-logout' } | { kind: 'supervisor' };

export const describeFact = (f: AgentFact): string => (f.state === 'not-ready' ? `not-ready(${f.reasonCode ?? '-'})` : f.state);

export function sameFact(x: AgentFact, y: AgentFact): boolean {
  if (x.state !== y.state) return false;
  return x.state !== 'not-ready' || x.reasonCode === y.reasonCode;
}

export class IntentOracle {
  private intent: AgentFact;
  /** The switch's latest move after the intent, if any. */
  private move: { fact: AgentFact; how: SwitchMove } | null = null;

  constructor(initial: AgentFact) {
    this.intent = initial;
  }

  /** The agent's request resolved `done` or `unknown`. */
  agentIntent(fact: AgentFact): void {
    this.intent = fact;
    this.move = null;
  }

  /** The soak made the switch move the agent (the simulator accepted it). */
  switchMoved(fact: AgentFact, kind: SwitchMove['kind']): void {
    this.move = { fact, how: kind === 'acw' ? { kind, lostLoginAfter: false } : { kind } };
  }

  /** The switch logged the agent out by itself (logout on disconnect). */
  switchLostLogin(): void {
    if (this.move?.how.kind === 'acw') this.move.how.lostLoginAfter = true;
  }

  /** A forced logout is the latest word: the session must not log back in and must say so. */
  get forcedLogout(): boolean {
    return this.move?.how.kind === 'forced-logout';
  }

  /** What the switch may say now (usually exactly one state). */
  allowed(): AgentFact[] {
    if (!this.move) return [this.intent];
    if (this.move.how.kind === 'acw' && this.move.how.lostLoginAfter) return [this.move.fact, this.intent];
    return [this.move.fact];
  }

  describe(): string {
    return this.allowed().map(describeFact).join(' or ');
  }
}
