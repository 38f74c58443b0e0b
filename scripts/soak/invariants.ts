// The invariants the soak checks all the time (the audit after each heal is in
// audit.ts). Bounds, with ADDP timeout T (docs/architecture.md §3, DESIGN.md §3):
// - detection bound D = 2 × T + slack: ADDP declares a silent server lost within
//   2 × T of its last frame, a crashed one resets at once. Past D, no snapshot may
//   carry the session on a crashed or hung server (online, or checking/link-down:
//   the session would still be riding it), nor call it a ready hot standby;
// - the CTI link as the snapshot shows it must match the simulator's within D: link
//   events are delivered in milliseconds by a live server (a hung one is dead, above);
// - every snapshot valid against the contract, seq strictly increasing;
// - on the simulator: no DN registered twice on one session (EventRegistered per
//   server ≤ sessions opened there), no duplicate login (EventError 1706 to the
//   session), the session never logs the agent out (the soak's agent never asks to).
import * as v from 'valibot';
import { ConnectivitySnapshotSchema } from '../../app/shared/connectivity.ts';
import type { ConnectivitySnapshot } from '../../app/shared/connectivity.ts';
import type { SimServerName, SimState } from '../../sim/index.ts';
import type { Recorder } from './recorder.ts';
import { describeSnapshot } from './recorder.ts';
import type { SentFrame } from './sim-host-protocol.ts';

const SERVERS: readonly SimServerName[] = ['a', 'b'];

/** What the soak knows about each server from the control API's answers (the state after each call). */
export class FaultBook {
  /** Since when the server has been crashed (not listening) or hung; null while alive. */
  private readonly deadSince: Record<SimServerName, number | null> = { a: null, b: null };
  /** Since when the server's CTI link has been down / up. */
  private readonly linkSince: Record<SimServerName, { up: boolean; since: number }>;
  primary: SimServerName = 'a';
  /**
   * Link calls sent but not answered yet, per server: the session may hear the change
   * before the soak hears the answer, so the link's state is unknown meanwhile.
   */
  private readonly linkCalls: Record<SimServerName, number> = { a: 0, b: 0 };

  constructor(now: number) {
    this.linkSince = { a: { up: true, since: now }, b: { up: true, since: now } };
  }

  /** `at`: when the answer arrived (the change happened before it: a lenient start for the bounds). */
  update(state: SimState, at: number): void {
    for (const name of SERVERS) {
      const s = state.servers[name];
      const dead = !s.up || s.hung;
      if (dead && this.deadSince[name] === null) this.deadSince[name] = at;
      if (!dead) this.deadSince[name] = null;
      if (this.linkSince[name].up !== s.link.up) this.linkSince[name] = { up: s.link.up, since: at };
    }
    this.primary = state.servers.a.role === 'primary' ? 'a' : 'b';
  }

  /** ms the server has been dead for (0 while alive). */
  deadFor(name: string, now: number): number {
    const since = name === 'a' || name === 'b' ? this.deadSince[name] : null;
    return since === null ? 0 : now - since;
  }

  deadSinceOf(name: SimServerName): number | null {
    return this.deadSince[name];
  }

  /** Brackets a control call that changes `name`'s link (the answer's state is recorded by update()). */
  linkCall(name: SimServerName, delta: 1 | -1): void {
    this.linkCalls[name] += delta;
  }

  /** ms the link has been in state `up` (0 when it is not, or while a call may be changing it). */
  linkFor(name: string, up: boolean, now: number): number {
    if (name !== 'a' && name !== 'b') return 0;
    if (this.linkCalls[name] > 0) return 0;
    const l = this.linkSince[name];
    return l.up === up ? now - l.since : 0;
  }
}

/**
 * How long this process could not run (ticks that came late): the session's timers
 * could not fire either, so a bound on what the session does in time is extended
 * by the starvation since the bound started — measured, not a guess. On an idle
 * machine it stays at zero; the summary reports it.
 */
export class Starvation {
  private total = 0;
  private lastTick: number;
  /** (time of a late tick, total starvation before it), oldest first. */
  private readonly history: Array<readonly [number, number]> = [];

  constructor(
    now: number,
    private readonly tickMs: number,
  ) {
    this.lastTick = now;
  }

  tick(now: number): void {
    const late = now - this.lastTick - this.tickMs;
    this.lastTick = now;
    // Up to 20 ms is ordinary timer slop, not starvation.
    if (late <= 20) return;
    this.history.push([now, this.total]);
    if (this.history.length > 5000) this.history.shift();
    this.total += late;
  }

  get totalMs(): number {
    return this.total;
  }

  /** ms starved since `t` (the late ticks after it). */
  since(t: number): number {
    const first = this.history.find(([at]) => at > t);
    return first ? this.total - first[1] : 0;
  }
}

export class SnapshotChecks {
  private lastSeq = -1;
  /** Keys of conditions already reported (a condition that persists is one violation). */
  private readonly reported = new Set<string>();
  /** Longest a snapshot said `online` on a server after it died (within the bound or not). */
  maxOnlineAfterDeathMs = 0;
  checked = 0;

  constructor(
    private readonly rec: Recorder,
    private readonly book: FaultBook,
    private readonly boundMs: number,
    private readonly hot: boolean,
    private readonly starved: Starvation,
  ) {}

  /** The detection bound for a condition that began at `since`, extended by the starvation since. */
  private bound(since: number): number {
    return this.boundMs + this.starved.since(since);
  }

  /** Every published snapshot: contract and numbering, then the state checks. */
  onSnapshot(s: ConnectivitySnapshot, now: number): void {
    const parsed = v.safeParse(ConnectivitySnapshotSchema, s);
    if (!parsed.success) this.rec.violation('snapshot-invalid', `${v.getDotPath(parsed.issues[0]) ?? '?'}: ${parsed.issues[0].message} in ${describeSnapshot(s)}`);
    if (s.seq <= this.lastSeq) this.rec.violation('snapshot-seq', `seq ${s.seq} after ${this.lastSeq}`);
    this.lastSeq = s.seq;
    this.check(s, now);
  }

  /** The current snapshot, every tick: a session that publishes nothing while a server dies is caught too. */
  check(s: ConnectivitySnapshot, now: number): void {
    this.checked++;
    const server = s.server?.name ?? null;
    if (server !== null) {
      const dead = this.book.deadFor(server, now);
      if (dead > 0 && s.phase === 'online') this.maxOnlineAfterDeathMs = Math.max(this.maxOnlineAfterDeathMs, dead);
      const D = this.bound(now - dead);
      if (dead > D && (s.phase === 'online' || s.phase === 'checking' || s.phase === 'link-down')) {
        this.once(`dead:${server}:${this.book.deadSinceOf(server as SimServerName)}`, s.phase === 'online' ? 'online-on-dead-server' : 'session-on-dead-server', `${s.phase} on ${server}, which has been crashed or hung for ${Math.round(dead)} ms (bound ${Math.round(D)} ms): ${describeSnapshot(s)}`);
      }
      if (dead === 0 && s.phase === 'online') {
        const down = this.book.linkFor(server, false, now);
        const L = this.bound(now - down);
        if (down > L) this.once(`link-lie:${server}:${Math.round(now - down)}`, 'online-with-link-down', `online on ${server} whose CTI link has been down for ${Math.round(down)} ms (bound ${Math.round(L)} ms): ${describeSnapshot(s)}`);
      }
      if (dead === 0 && s.phase === 'link-down') {
        const up = this.book.linkFor(server, true, now);
        const L = this.bound(now - up);
        if (up > L) this.once(`link-alarm:${server}:${Math.round(now - up)}`, 'link-down-with-link-up', `link-down on ${server} whose CTI link has been up for ${Math.round(up)} ms (bound ${Math.round(L)} ms): ${describeSnapshot(s)}`);
      }
    }
    if (this.hot && s.standby.ready && s.standby.name !== null) {
      const dead = this.book.deadFor(s.standby.name, now);
      const D = this.bound(now - dead);
      if (dead > D) this.once(`standby:${s.standby.name}:${this.book.deadSinceOf(s.standby.name as SimServerName)}`, 'standby-ready-on-dead-server', `standby ${s.standby.name} called ready, crashed or hung for ${Math.round(dead)} ms (bound ${Math.round(D)} ms): ${describeSnapshot(s)}`);
    }
  }

  private once(key: string, kind: string, detail: string): void {
    if (this.reported.has(key)) return;
    if (this.reported.size > 10_000) this.reported.clear();
    this.reported.add(key);
    this.rec.violation(kind, detail);
  }
}

/** Counts what the simulator wrote that only one session's worth of requests should cause. */
export class SentChecks {
  readonly opens: Record<SimServerName, number> = { a: 0, b: 0 };
  readonly registered: Record<SimServerName, number> = { a: 0, b: 0 };
  /** AgentLogins the session asked for (the agent's own and the restore's re-logins). */
  logins = 0;
  errors = new Map<number, number>();

  constructor(private readonly rec: Recorder) {}

  onSent(f: SentFrame): void {
    switch (f.kind) {
      case 'open':
        this.opens[f.server]++;
        break;
      case 'registered':
        this.registered[f.server]++;
        if (this.registered[f.server] > this.opens[f.server]) {
          this.rec.violation('duplicate-registration', `server ${f.server} sent EventRegistered #${this.registered[f.server]} for ${this.opens[f.server]} sessions opened there: a session registered the DN twice`);
        }
        break;
      case 'agent-login':
        if (f.requested) this.logins++;
        break;
      case 'agent-logout':
        if (f.requested) this.rec.violation('session-logged-agent-out', `server ${f.server} logged the agent out at the session's request; the soak's agent never asks to log out`);
        break;
      case 'error':
        if (f.code !== null) this.errors.set(f.code, (this.errors.get(f.code) ?? 0) + 1);
        if (f.code === 1706) this.rec.violation('duplicate-login', `server ${f.server} answered EventError 1706 (already logged in): the session sent AgentLogin for an agent who was logged in`);
        break;
    }
  }
}
