// The soak acting as the agent: Ready / Not Ready (reason) now and then, and a
// login when the switch has logged the agent out. Outcomes feed the intent
// oracle: `done` and `unknown` set the intent, a refusal or "not connected" does
// not. One request at a time (a click waits for the last one to answer), and a
// change the soak makes on the switch never overlaps a request, so the order in
// which the switch saw them is the order the oracle records.
import type { ToolbarSession } from '../../app/main/tserver/session/api.ts';
import { SessionRequestError } from '../../app/main/tserver/session/api.ts';
import type { AgentFact, IntentOracle } from './intent.ts';
import { describeFact } from './intent.ts';
import type { Recorder } from './recorder.ts';

export type Outcome = 'done' | 'unknown' | 'refused' | 'not-connected';

export interface ActResult {
  request: 'login' | 'ready' | 'not-ready';
  target: AgentFact;
  outcome: Outcome;
  /** The refusal's ErrorCode / message. */
  code: number | null;
  message: string | null;
}

export class SoakAgent {
  readonly outcomes: Record<Outcome, number> = { done: 0, unknown: 0, refused: 0, 'not-connected': 0 };
  readonly refusedCodes = new Map<string, number>();
  skipped = 0;
  /** Incremented on every request sent (the session's "agent acted"). */
  acted = 0;
  private busy: Promise<unknown> | null = null;

  constructor(
    private readonly session: ToolbarSession,
    private readonly oracle: IntentOracle,
    private readonly rec: Recorder,
    private readonly agentId: string,
  ) {}

  /** Resolves when no request is in flight. */
  async idle(): Promise<void> {
    while (this.busy) await this.busy;
  }

  /** Runs `fn` with no request in flight, and none starting until it is done. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    await this.idle();
    return this.track(fn());
  }

  /** Marks the agent busy until `work` settles. */
  private track<T>(work: Promise<T>): Promise<T> {
    const done: Promise<unknown> = work.then(
      () => undefined,
      () => undefined,
    );
    this.busy = done;
    void done.then(() => {
      if (this.busy === done) this.busy = null;
    });
    return work;
  }

  /** A click; null when the last request has not answered yet (skipped). */
  act(kind: 'ready' | 'not-ready', reasonCode: string): Promise<ActResult> | null {
    if (this.busy) {
      this.skipped++;
      return null;
    }
    const s = this.session.snapshot();
    // Only a state the toolbar calls current is one the agent would act on by logging in.
    const login = s.agent.state === 'logged-out' && s.agent.confidence === 'current';
    const request: ActResult['request'] = login ? 'login' : kind;
    const target: AgentFact = login ? { state: 'not-ready', reasonCode: null } : kind === 'ready' ? { state: 'ready', reasonCode: null } : { state: 'not-ready', reasonCode };
    this.acted++;
    const sent = login ? this.session.agentLogin(this.agentId, undefined) : kind === 'ready' ? this.session.agentReady() : this.session.agentNotReady(reasonCode);
    const run = sent.then(
      (r): ActResult => ({ request, target, outcome: r.outcome, code: null, message: null }),
      (err: unknown): ActResult => {
        const notConnected = err instanceof SessionRequestError && err.code === null;
        const code = typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : null;
        return { request, target, outcome: notConnected ? 'not-connected' : 'refused', code, message: err instanceof Error ? err.message : String(err) };
      },
    );
    const tracked = run.then((r) => {
      this.outcomes[r.outcome]++;
      if (r.outcome === 'refused') this.refusedCodes.set(String(r.code), (this.refusedCodes.get(String(r.code)) ?? 0) + 1);
      if (r.outcome === 'done' || r.outcome === 'unknown') this.oracle.agentIntent(target);
      this.rec.step(`agent ${request}${request === 'not-ready' ? `(${reasonCode})` : ''} → ${r.outcome}${r.code !== null ? ` ${r.code}` : ''} (intent now ${this.oracle.describe()}; aimed ${describeFact(target)})`);
      return r;
    });
    return this.track(tracked);
  }
}
