// The HA pair: two SimServers sharing one SimSwitch, promotion of the backup when
// the primary dies (as Solution Control Server would), and the control API.
import type { TMessage } from '../app/main/tserver/protocol/index.ts';
import { startControlApi } from './control-api.ts';
import type { ControlApi } from './control-api.ts';
import { validateOptions } from './options.ts';
import { SimServer } from './server.ts';
import { SimSwitch } from './switch.ts';
import { SimInputError } from './types.ts';
import { kvListOf } from './calls.ts';
import type { SimAgentStateName, SimCallPartyChoice, SimCallRequest, SimLinkState, SimServerInfo, SimServerName, SimState, Simulator, SimulatorOptions } from './types.ts';

type SendListener = (server: SimServerName, message: TMessage, t: number) => void;
type AcceptListener = (server: SimServerName, t: number) => void;

const other = (name: SimServerName): SimServerName => (name === 'a' ? 'b' : 'a');

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const opts = validateOptions(options);
  const listeners = new Set<SendListener>();
  const acceptListeners = new Set<AcceptListener>();
  let sessionIds = 0;
  const sw: SimSwitch = new SimSwitch({
    dns: opts.dns,
    agents: opts.agents,
    logoutOnDisconnectMs: opts.logoutOnDisconnectMs,
    maxCallsPerDn: opts.maxCallsPerDn,
    afterCallWorkDns: opts.afterCallWorkDns,
    now: opts.now,
    emit: (event) => {
      servers.a.deliver(event);
      servers.b.deliver(event);
    },
  });
  const ctx = {
    mode: opts.mode,
    switch: sw,
    applicationPassword: opts.applicationPassword,
    now: opts.now,
    nextSessionId: () => ++sessionIds,
    notifySend: (server: SimServerName, message: TMessage, t: number) => {
      for (const l of listeners) {
        try {
          l(server, message, t);
        } catch {
          // A faulty benchmark listener must not break the simulated servers.
        }
      }
    },
    notifyAccept: (server: SimServerName, t: number) => {
      for (const l of acceptListeners) {
        try {
          l(server, t);
        } catch {
          // As for onSend: a listener's fault is not the server's.
        }
      }
    },
  };
  const servers: Record<SimServerName, SimServer> = {
    a: new SimServer('a', opts.a.host, opts.a.port, 'primary', ctx, opts.a.tls),
    b: new SimServer('b', opts.b.host, opts.b.port, 'backup', ctx, opts.b.tls),
  };
  const promotions = new Map<SimServerName, ReturnType<typeof setTimeout>>();
  let control: ControlApi | null = null;
  let closed = false;

  try {
    await servers.a.listen();
    await servers.b.listen();
  } catch (err) {
    await servers.a.close();
    await servers.b.close();
    sw.close();
    throw err;
  }

  const cancelPromotion = (name: SimServerName): void => {
    const t = promotions.get(name);
    if (t !== undefined) clearTimeout(t);
    promotions.delete(name);
  };

  const promote = (name: SimServerName): void => {
    cancelPromotion(name);
    servers[other(name)].setRole('backup');
    servers[name].setRole('primary');
  };

  /** The primary died (crash) or went silent (hang): promote the other after promoteDelayMs. */
  const primaryLost = (lost: SimServerName): void => {
    const candidate = other(lost);
    if (servers[lost].role !== 'primary' || !servers[candidate].up || servers[candidate].hung) return;
    if (opts.promoteDelayMs === 0) return promote(candidate);
    cancelPromotion(candidate);
    promotions.set(
      candidate,
      setTimeout(() => {
        promotions.delete(candidate);
        if (servers[candidate].up && !servers[candidate].hung) promote(candidate);
      }, opts.promoteDelayMs),
    );
  };

  const server = (name: string): SimServer => {
    if (name !== 'a' && name !== 'b') throw new SimInputError(`unknown server ${JSON.stringify(name)} (expected "a" or "b")`, 404);
    return servers[name];
  };

  const sim: Simulator = {
    get servers(): Record<SimServerName, SimServerInfo> {
      return { a: servers.a.info(), b: servers.b.info() };
    },
    get controlUrl(): string | null {
      return control?.url ?? null;
    },
    setLink(name, link: SimLinkState) {
      server(name).setLink(link);
    },
    crash(name) {
      const s = server(name);
      const wasUp = s.up;
      s.crash();
      if (wasUp) primaryLost(s.name);
    },
    hang(name) {
      const s = server(name);
      if (!s.up || s.hung) return;
      s.hang();
      primaryLost(s.name);
    },
    resume(name) {
      const s = server(name);
      // Back before SCS acted: nothing to promote.
      cancelPromotion(other(s.name));
      s.resume();
    },
    async restart(name) {
      const s = server(name);
      sim.crash(s.name);
      const o = servers[other(s.name)];
      // With the other server down there is nobody else to serve: come back as primary.
      if (!o.up) {
        s.role = 'primary';
        o.role = 'backup';
      } else if (o.role === 'primary' || promotions.has(o.name)) s.role = 'backup';
      await s.listen();
    },
    garbage(name) {
      server(name).garbage();
    },
    slowHandshake(name, delayMs) {
      if (!Number.isInteger(delayMs) || delayMs < 0 || delayMs > 600_000) throw new SimInputError('delayMs must be an integer from 0 to 600000');
      server(name).slowHandshakeMs = delayMs;
    },
    leaveUnanswered(name, request, count) {
      try {
        server(name).leaveUnanswered(request, count);
      } catch (err) {
        throw new SimInputError((err as Error).message);
      }
    },
    refuse(name, on) {
      server(name).refusing = on;
    },
    switchover() {
      const backup = servers.a.role === 'backup' ? servers.a : servers.b;
      if (!backup.up || backup.hung) throw new SimInputError(`backup ${backup.name} is not running`, 409);
      promote(backup.name);
    },
    setAgentState(agentId: string, s: { state: SimAgentStateName; reasonCode?: string }) {
      sw.setAgentState(agentId, s);
    },
    placeCall(call: SimCallRequest) {
      return sw.calls.ring(call.to, call.from, call.userData === undefined ? null : kvListOf(call.userData));
    },
    answerCall(connId: string, party: SimCallPartyChoice = {}) {
      sw.calls.handset(connId, 'answer', party.dn);
    },
    releaseCall(connId: string, party: SimCallPartyChoice = {}) {
      sw.calls.handset(connId, 'release', party.dn);
    },
    holdCall(connId: string, party: SimCallPartyChoice = {}) {
      sw.calls.handset(connId, 'hold', party.dn);
    },
    retrieveCall(connId: string, party: SimCallPartyChoice = {}) {
      sw.calls.handset(connId, 'retrieve', party.dn);
    },
    setAfterCallWork(dn: string, on: boolean) {
      sw.setAfterCallWork(dn, on);
    },
    state(): SimState {
      return {
        mode: opts.mode,
        promoteDelayMs: opts.promoteDelayMs,
        logoutOnDisconnectMs: opts.logoutOnDisconnectMs,
        servers: { a: servers.a.state(), b: servers.b.state() },
        dns: sw.dnStates(),
        agents: sw.agentStates(),
        maxCallsPerDn: opts.maxCallsPerDn,
        calls: sw.calls.states(),
      };
    },
    onSend(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onAccept(listener) {
      acceptListeners.add(listener);
      return () => acceptListeners.delete(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const name of [...promotions.keys()]) cancelPromotion(name);
      await control?.close();
      await servers.a.close();
      await servers.b.close();
      sw.close();
      listeners.clear();
      acceptListeners.clear();
    },
  };

  if (opts.control) {
    try {
      control = await startControlApi(sim, opts.control);
    } catch (err) {
      await sim.close();
      throw err;
    }
  }
  return sim;
}
