// The simulated switch (PBX): owns DN and agent state and the calls, shared by
// both T-Servers. T-Servers ask it to change state; it tells every server what changed.
import { AgentStateCode, ErrorCodes, WorkMode } from '../app/main/tserver/protocol/index.ts';
import { SimCalls } from './calls.ts';
import type { CallEvent } from './calls.ts';
import { SimInputError } from './types.ts';
import type { SimAgentState, SimAgentStateName, SimDnState, SimServerName } from './types.ts';

export type AgentEventKind = 'login' | 'logout' | 'ready' | 'not-ready';

/** Which request caused a change, so the requester's copy can carry its ReferenceID. */
export interface ChangeOrigin {
  readonly token: object;
  readonly referenceId: number | undefined;
}

export interface AgentEvent {
  type: 'agent';
  kind: AgentEventKind;
  dn: string;
  agentId: string;
  agentState: number;
  workMode: number;
  reasonCode: string | null;
  origin: ChangeOrigin | null;
}

/** Everything the switch tells the servers. */
export type SwitchEvent = AgentEvent | CallEvent;

/** A switch refusal, sent to the client as EventError. */
export interface SwitchError {
  code: number;
  message: string;
}

/** What a DN looks like to EventRegistered / EventAddressInfo. */
export interface DnView {
  dn: string;
  agentId: string | null;
  agentState: number;
  workMode: number | null;
  reasonCode: string | null;
}

interface DnRecord {
  dn: string;
  agentId: string | null;
  agentState: number;
  workMode: number;
  reasonCode: string | null;
  registrations: Record<SimServerName, number>;
  logoutTimer: ReturnType<typeof setTimeout> | null;
}

interface AgentRecord {
  id: string;
  password: string | undefined;
  dn: string | null;
}

export interface SwitchOptions {
  dns: readonly string[];
  agents: ReadonlyArray<{ id: string; password?: string }>;
  logoutOnDisconnectMs: number | null;
  maxCallsPerDn: number;
  afterCallWorkDns: readonly string[];
  now: () => number;
  emit: (event: SwitchEvent) => void;
}

const READY_MODES: ReadonlySet<number> = new Set([WorkMode.ManualIn, WorkMode.AutoIn]);

export class SimSwitch {
  private readonly dns = new Map<string, DnRecord>();
  private readonly agents = new Map<string, AgentRecord>();
  private readonly afterCallWork: Set<string>;
  private closed = false;
  readonly calls: SimCalls;

  constructor(private readonly options: SwitchOptions) {
    this.afterCallWork = new Set(options.afterCallWorkDns);
    this.calls = new SimCalls({
      isDn: (address) => this.dns.has(address),
      maxCallsPerDn: options.maxCallsPerDn,
      now: options.now,
      emit: options.emit,
      left: (dn, connected) => this.callEnded(dn, connected),
    });
    for (const dn of options.dns) {
      this.dns.set(dn, { dn, agentId: null, agentState: AgentStateCode.LoggedOut, workMode: WorkMode.Unknown, reasonCode: null, registrations: { a: 0, b: 0 }, logoutTimer: null });
    }
    for (const a of options.agents) this.agents.set(a.id, { id: a.id, password: a.password, dn: null });
  }

  hasDn(dn: string): boolean {
    return this.dns.has(dn);
  }

  view(dn: string): DnView | null {
    const r = this.dns.get(dn);
    if (!r) return null;
    const loggedIn = r.agentId !== null;
    return { dn, agentId: r.agentId, agentState: r.agentState, workMode: loggedIn ? r.workMode : null, reasonCode: r.reasonCode };
  }

  login(dn: string, agentId: string, password: string | undefined, workMode: number | undefined, origin: ChangeOrigin): SwitchError | null {
    const r = this.dns.get(dn);
    if (!r) return { code: ErrorCodes.DnDoesNotExist, message: `DN ${dn} does not exist` };
    const agent = this.agents.get(agentId);
    if (!agent) return { code: ErrorCodes.InvalidAgentId, message: `agent ${agentId} does not exist` };
    if (agent.password !== undefined && agent.password !== password) {
      return { code: ErrorCodes.PasswordDoesNotMatch, message: `password does not match for agent ${agentId}` };
    }
    if (r.agentId !== null) return { code: ErrorCodes.AlreadyLoggedIn, message: `agent ${r.agentId} is already logged in on DN ${dn}` };
    if (agent.dn !== null) return { code: ErrorCodes.AlreadyLoggedIn, message: `agent ${agentId} is already logged in on DN ${agent.dn}` };
    agent.dn = dn;
    r.agentId = agentId;
    const ready = workMode !== undefined && READY_MODES.has(workMode);
    r.agentState = ready ? AgentStateCode.Ready : AgentStateCode.NotReady;
    r.workMode = workMode ?? WorkMode.AuxWork;
    r.reasonCode = null;
    this.emit('login', r, origin);
    this.armLogoutTimer(r);
    return null;
  }

  logout(dn: string, origin: ChangeOrigin | null): SwitchError | null {
    const r = this.dns.get(dn);
    if (!r) return { code: ErrorCodes.DnDoesNotExist, message: `DN ${dn} does not exist` };
    if (r.agentId === null) return { code: ErrorCodes.InSameState, message: `no agent is logged in on DN ${dn}` };
    const agentId = r.agentId;
    const agent = this.agents.get(agentId);
    if (agent) agent.dn = null;
    r.agentState = AgentStateCode.LoggedOut;
    r.workMode = WorkMode.Unknown;
    r.reasonCode = null;
    this.disarmLogoutTimer(r);
    this.emit('logout', r, origin, agentId);
    r.agentId = null;
    return null;
  }

  ready(dn: string, workMode: number | undefined, origin: ChangeOrigin | null): SwitchError | null {
    const r = this.loggedIn(dn);
    if ('code' in r) return r;
    const mode = workMode ?? WorkMode.ManualIn;
    if (r.agentState === AgentStateCode.Ready && r.workMode === mode) return { code: ErrorCodes.InSameState, message: `agent ${r.agentId} is already ready` };
    r.agentState = AgentStateCode.Ready;
    r.workMode = mode;
    r.reasonCode = null;
    this.emit('ready', r, origin);
    return null;
  }

  notReady(dn: string, workMode: number | undefined, reasonCode: string | null, origin: ChangeOrigin | null): SwitchError | null {
    const r = this.loggedIn(dn);
    if ('code' in r) return r;
    const mode = workMode ?? WorkMode.AuxWork;
    if (r.agentState === AgentStateCode.NotReady && r.workMode === mode && r.reasonCode === reasonCode) {
      return { code: ErrorCodes.InSameState, message: `agent ${r.agentId} is already in that not-ready state` };
    }
    r.agentState = AgentStateCode.NotReady;
    r.workMode = mode;
    r.reasonCode = reasonCode;
    this.emit('not-ready', r, origin);
    return null;
  }

  /** Control API / tests: move an agent the way the switch would. No event when nothing changes. */
  setAgentState(agentId: string, s: { state: SimAgentStateName; reasonCode?: string | undefined }): void {
    const agent = this.agents.get(agentId);
    if (!agent) throw new SimInputError(`agent ${agentId} does not exist`, 404);
    if (agent.dn === null) {
      if (s.state === 'logged-out') return;
      throw new SimInputError(`agent ${agentId} is not logged in`, 409);
    }
    const dn = agent.dn;
    if (s.state === 'logged-out') this.logout(dn, null);
    else if (s.state === 'ready') this.ready(dn, WorkMode.ManualIn, null);
    else if (s.state === 'acw') this.notReady(dn, WorkMode.AfterCallWork, s.reasonCode ?? null, null);
    else this.notReady(dn, WorkMode.AuxWork, s.reasonCode ?? null, null);
  }

  /** Control API / tests: after-call work at the end of connected calls on DN `dn`, or not. */
  setAfterCallWork(dn: string, on: boolean): void {
    if (!this.dns.has(dn)) throw new SimInputError(`DN ${dn} does not exist`, 404);
    if (on) this.afterCallWork.add(dn);
    else this.afterCallWork.delete(dn);
  }

  /** A DN configured for it puts its agent in after-call work when a connected call ends (nothing when already there). */
  private callEnded(dn: string, connected: boolean): void {
    const r = this.dns.get(dn);
    if (!connected || !r || r.agentId === null || !this.afterCallWork.has(dn)) return;
    if (r.agentState === AgentStateCode.NotReady && r.workMode === WorkMode.AfterCallWork) return;
    this.notReady(dn, WorkMode.AfterCallWork, null, null);
  }

  /** A client (un)registered a DN on a server; drives logout-on-disconnect. */
  registrationChanged(server: SimServerName, dn: string, delta: 1 | -1): void {
    const r = this.dns.get(dn);
    if (!r) return;
    r.registrations[server] = Math.max(0, r.registrations[server] + delta);
    if (r.registrations.a + r.registrations.b > 0) this.disarmLogoutTimer(r);
    else this.armLogoutTimer(r);
  }

  dnStates(): SimDnState[] {
    return [...this.dns.values()].map((r) => ({ dn: r.dn, agentId: r.agentId, registrations: { ...r.registrations }, afterCallWork: this.afterCallWork.has(r.dn) }));
  }

  agentStates(): SimAgentState[] {
    return [...this.agents.values()].map((a) => {
      const r = a.dn === null ? undefined : this.dns.get(a.dn);
      if (!r) return { id: a.id, dn: null, state: 'logged-out', workMode: 0, reasonCode: null };
      return { id: a.id, dn: r.dn, state: stateName(r), workMode: r.workMode, reasonCode: r.reasonCode };
    });
  }

  close(): void {
    // Sockets still report their close after this: no new timers from then on.
    this.closed = true;
    for (const r of this.dns.values()) this.disarmLogoutTimer(r);
  }

  private loggedIn(dn: string): (DnRecord & { agentId: string }) | SwitchError {
    const r = this.dns.get(dn);
    if (!r) return { code: ErrorCodes.DnDoesNotExist, message: `DN ${dn} does not exist` };
    // No dedicated "agent not logged in" code in protocol v1: 41 with a clear message.
    if (r.agentId === null) return { code: ErrorCodes.NotRegistered, message: `no agent is logged in on DN ${dn}` };
    return r as DnRecord & { agentId: string };
  }

  private emit(kind: AgentEventKind, r: DnRecord, origin: ChangeOrigin | null, agentId = r.agentId ?? ''): void {
    this.options.emit({ type: 'agent', kind, dn: r.dn, agentId, agentState: r.agentState, workMode: r.workMode, reasonCode: r.reasonCode, origin });
  }

  private armLogoutTimer(r: DnRecord): void {
    const ms = this.options.logoutOnDisconnectMs;
    if (ms === null || this.closed || r.agentId === null || r.logoutTimer !== null) return;
    if (r.registrations.a + r.registrations.b > 0) return;
    r.logoutTimer = setTimeout(() => {
      r.logoutTimer = null;
      if (r.agentId !== null && r.registrations.a + r.registrations.b === 0) this.logout(r.dn, null);
    }, ms);
  }

  private disarmLogoutTimer(r: DnRecord): void {
    if (r.logoutTimer !== null) clearTimeout(r.logoutTimer);
    r.logoutTimer = null;
  }
}

function stateName(r: DnRecord): SimAgentStateName {
  if (r.agentId === null || r.agentState === AgentStateCode.LoggedOut) return 'logged-out';
  if (r.agentState === AgentStateCode.Ready) return 'ready';
  return r.workMode === WorkMode.AfterCallWork ? 'acw' : 'not-ready';
}
