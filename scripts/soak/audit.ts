// After every episode: heal everything through the control API, then audit the
// session against the simulator's truth; then a steady interlude in which the
// switch and the agent act while everything is healthy and each act is checked
// at once. Bounds (stated in docs/PERFORMANCE.md "Soak and leak"):
// - recovery: the time from the heal to a snapshot online on the simulator's
//   primary, link up, agent state current and nothing pending. The product target
//   is 5 s p95 (reported, not a violation: the reconnect backoff may be several
//   seconds into its ceiling when the heal comes). A violation only past the
//   bound the dial loop guarantees: an attempt in flight at the heal may fail
//   (connect timeout), the next starts within the backoff cap and must succeed
//   (connect timeout), ADDP may first have to drop a connection (2 × ADDP) — plus
//   1 s of slack;
// - settled (same bound): hot standby ready; on the simulator the DN registered and
//   a client connected exactly once per server the session should hold (warm: the
//   primary; hot: both); the switch's agent state what the intent oracle allows; the
//   snapshot's agent state the switch's; a forced logout shown as such;
// - a switch change in the steady interlude is shown within 2 s; a request there
//   answers `done` and the switch then is in that state (nothing is broken: a
//   refusal or an unknown outcome is a violation).
import type { ConnectivitySnapshot, HaMode } from '../../app/shared/connectivity.ts';
import type { ToolbarSession } from '../../app/main/tserver/session/api.ts';
import type { SimServerName, SimState } from '../../sim/index.ts';
import type { SoakAgent } from './agent.ts';
import type { SimControl } from './control.ts';
import { ControlRefused } from './control.ts';
import type { AgentFact, IntentOracle } from './intent.ts';
import { describeFact, sameFact } from './intent.ts';
import type { FaultBook } from './invariants.ts';
import type { Recorder } from './recorder.ts';
import { describeSnapshot } from './recorder.ts';
import type { SwitchChange } from './schedule.ts';

export interface AuditContext {
  mode: HaMode;
  agentId: string;
  dn: string;
  session: ToolbarSession;
  control: SimControl;
  book: FaultBook;
  oracle: IntentOracle;
  agent: SoakAgent;
  rec: Recorder;
  now: () => number;
  recoveryBoundMs: number;
  /** ms this process was starved since `t` (extends the bound: the session's timers were starved too). */
  starvedSince(t: number): number;
  /** Wakes waiters on every snapshot. */
  onSnapshot(listener: () => void): () => void;
  /** The soak changed the agent on the switch (for the away-notice watch). */
  switchMoved(kind: SwitchChange['kind']): void;
}

export interface AuditResult {
  /** The session was back before the heal (it recovered during the episode). */
  already: boolean;
  /** Heal → online on the primary with the agent current (null: not within the bound). */
  recoveryMs: number | null;
  /** Heal → everything settled (null: not within the bound). */
  settledMs: number | null;
}

const SERVERS: readonly SimServerName[] = ['a', 'b'];
const SHOWN_WITHIN_MS = 2000;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const switchFact = (st: SimState, agentId: string): AgentFact => {
  const a = st.agents.find((x) => x.id === agentId);
  return a ? { state: a.state, reasonCode: a.reasonCode } : { state: 'logged-out', reasonCode: null };
};

const snapshotFact = (s: ConnectivitySnapshot): AgentFact | null =>
  s.agent.state === 'unknown' ? null : { state: s.agent.state, reasonCode: s.agent.reasonCode };

export class Auditor {
  constructor(private readonly c: AuditContext) {}

  /** Resumes, restarts, links up, stops refusing and slowing; returns when the last answer came. */
  async heal(): Promise<number> {
    const c = this.c;
    // A request in flight must answer first: the intent must be final before the audit.
    await c.agent.idle();
    let st = await c.control.state();
    const steps: string[] = [];
    const run = async (what: string, call: () => Promise<SimState>): Promise<void> => {
      steps.push(what);
      st = await call();
      c.book.update(st, c.now());
    };
    for (const name of SERVERS) {
      if (st.servers[name].hung) await run(`resume ${name}`, () => c.control.server(name, 'resume'));
      if (!st.servers[name].up) await run(`restart ${name}`, () => c.control.server(name, 'restart'));
      if (st.servers[name].refusing) await run(`refuse ${name} off`, () => c.control.refuse(name, false));
      if (st.servers[name].slowHandshakeMs > 0) await run(`slow-handshake ${name} 0`, () => c.control.slowHandshake(name, 0));
      if (!st.servers[name].link.up) {
        c.book.linkCall(name, 1);
        try {
          await run(`link-up ${name}`, () => c.control.link(name, true));
        } finally {
          c.book.linkCall(name, -1);
        }
      }
    }
    c.book.update(st, c.now());
    c.rec.step(`heal: ${steps.length > 0 ? steps.join(', ') : 'nothing to heal'}; primary ${c.book.primary}`);
    return c.now();
  }

  /** Waits for recovery and the settled state; a violation for each check still failing at the bound. */
  async audit(healedAt: number): Promise<AuditResult> {
    const c = this.c;
    const primary = c.book.primary;
    const deadline = (): number => healedAt + c.recoveryBoundMs + c.starvedSince(healedAt);
    const recovered = (s: ConnectivitySnapshot): boolean =>
      s.phase === 'online' && s.server?.name === primary && s.server.role === 'primary' && s.link === 'up' && s.agent.confidence === 'current' && s.agent.pending === null;
    // Recovery is timed on the snapshot itself (the listener runs as the session publishes).
    const already = recovered(c.session.snapshot());
    let recoveredAt: number | null = already ? healedAt : null;
    const off = c.onSnapshot(() => {
      if (recoveredAt === null && recovered(c.session.snapshot())) recoveredAt = c.now();
    });
    try {
      let failures: string[] = [];
      let settledAt: number | null = null;
      while (c.now() < deadline()) {
        if (recoveredAt !== null) {
          failures = this.settledFailures(await c.control.state(), primary);
          if (failures.length === 0) {
            settledAt = c.now();
            break;
          }
        }
        await sleep(recoveredAt === null ? 50 : 200);
      }
      const s = c.session.snapshot();
      if (recoveredAt === null) {
        c.rec.violation('not-recovered', `not online on the primary ${primary} with the agent current within ${c.recoveryBoundMs} ms of the heal: ${describeSnapshot(s)}`);
      } else if (settledAt === null) {
        for (const f of failures) c.rec.violation(f.slice(0, f.indexOf(':')), `${f.slice(f.indexOf(':') + 1).trim()} (${c.recoveryBoundMs} ms after the heal): ${describeSnapshot(s)}`);
      }
      return { already, recoveryMs: recoveredAt === null ? null : Math.max(0, recoveredAt - healedAt), settledMs: settledAt === null ? null : settledAt - healedAt };
    } finally {
      off();
    }
  }

  /** `kind: detail` for every settled-state check that fails now. */
  private settledFailures(st: SimState, primary: SimServerName): string[] {
    const c = this.c;
    const s = c.session.snapshot();
    const out: string[] = [];
    const other: SimServerName = primary === 'a' ? 'b' : 'a';
    // Warm holds one connection (to the primary), hot one to each server.
    const want = (name: SimServerName): number => (c.mode === 'hot' || name === primary ? 1 : 0);
    if (!(s.phase === 'online' && s.server?.name === primary && s.agent.confidence === 'current')) out.push(`not-recovered: lost again during the audit`);
    if (c.mode === 'hot' && !s.standby.ready) out.push(`standby-not-ready: hot standby ${other} not ready`);
    const dn = st.dns.find((d) => d.dn === c.dn);
    for (const name of SERVERS) {
      const regs = dn?.registrations[name] ?? 0;
      if (regs !== want(name)) out.push(`registrations: DN ${c.dn} registered ${regs} times on ${name}, expected ${want(name)}`);
      const clients = st.servers[name].clients;
      if (clients !== want(name)) out.push(`client-connections: ${clients} client connections on ${name}, expected ${want(name)}`);
    }
    const sw = switchFact(st, c.agentId);
    const allowed = c.oracle.allowed();
    if (!allowed.some((f) => sameFact(f, sw))) out.push(`agent-not-intent: the switch has the agent ${describeFact(sw)}; the last intent allows ${c.oracle.describe()}`);
    const shown = snapshotFact(s);
    if (!shown || !sameFact(shown, sw) || (sw.state === 'acw' && shown.state !== 'acw')) {
      out.push(`snapshot-agent-differs: the snapshot says ${shown ? describeFact(shown) : 'unknown'} (current), the switch ${describeFact(sw)}`);
    }
    if (c.oracle.forcedLogout && sw.state === 'logged-out' && s.agent.loggedOutBySwitch === null) out.push(`forced-logout-not-shown: logged out by the switch, the snapshot does not say so`);
    return out;
  }

  /** The steady interlude: a switch change and/or one click, each checked at once. */
  async steady(change: SwitchChange | null, click: { kind: 'ready' | 'not-ready'; reasonCode: string } | null): Promise<void> {
    const c = this.c;
    if (change) await c.agent.exclusive(() => this.switchChange(change));
    if (click) {
      await c.agent.idle();
      const pending = c.agent.act(click.kind, click.reasonCode);
      const r = pending ? await pending : null;
      if (!r) return;
      if (r.outcome !== 'done') {
        c.rec.violation('request-failed-while-healthy', `agent ${r.request} answered ${r.outcome}${r.code !== null ? ` (${r.code} ${r.message ?? ''})` : ''} while every server was healthy: ${describeSnapshot(c.session.snapshot())}`);
        return;
      }
      const sw = switchFact(await c.control.state(), c.agentId);
      if (!sameFact(sw, r.target)) c.rec.violation('done-but-not-done', `agent ${r.request} answered done, the switch has ${describeFact(sw)} (aimed ${describeFact(r.target)})`);
    }
  }

  private async switchChange(change: SwitchChange): Promise<void> {
    const c = this.c;
    const before = switchFact(await c.control.state(), c.agentId);
    if (before.state === 'logged-out') {
      c.rec.step(`switch ${change.kind}: skipped, agent logged out`);
      return;
    }
    const body =
      change.kind === 'forced-logout'
        ? ({ state: 'logged-out' } as const)
        : change.kind === 'supervisor-ready'
          ? ({ state: 'ready' } as const)
          : change.kind === 'supervisor-not-ready'
            ? ({ state: 'not-ready', reasonCode: change.reasonCode } as const)
            : ({ state: 'acw' } as const);
    try {
      await c.control.agentState(c.agentId, body);
    } catch (err) {
      if (!(err instanceof ControlRefused)) throw err;
      c.rec.step(`switch ${change.kind}: refused by the simulator (${err.message})`);
      return;
    }
    const fact: AgentFact = { state: body.state, reasonCode: 'reasonCode' in body ? (body.reasonCode ?? null) : null };
    c.oracle.switchMoved(fact, change.kind === 'forced-logout' ? 'forced-logout' : change.kind === 'acw' ? 'acw' : 'supervisor');
    c.switchMoved(change.kind);
    c.rec.step(`switch ${change.kind} (${describeFact(before)} → ${describeFact(fact)})`);
    const shown = (s: ConnectivitySnapshot): boolean => {
      const f = snapshotFact(s);
      return f !== null && sameFact(f, fact) && s.agent.confidence === 'current' && (change.kind !== 'forced-logout' || s.agent.loggedOutBySwitch !== null);
    };
    const deadline = c.now() + SHOWN_WITHIN_MS;
    while (!shown(c.session.snapshot()) && c.now() < deadline) await sleep(20);
    if (!shown(c.session.snapshot())) {
      c.rec.violation('switch-change-not-shown', `the switch moved the agent ${describeFact(before)} → ${describeFact(fact)} (${change.kind}); ${SHOWN_WITHIN_MS} ms later: ${describeSnapshot(c.session.snapshot())}`);
    }
  }
}
