// The simulator's HTTP control API (docs/simulator.md "Control API") as the soak
// drives it: every fault goes through here, as an operator's curl would.
import type { SimServerName, SimState } from '../../sim/index.ts';

/** The simulator said no (409: not possible now, e.g. switchover with the backup down). */
export class ControlRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const TIMEOUT_MS = 5000;

export class SimControl {
  constructor(private readonly baseUrl: string) {}

  state(): Promise<SimState> {
    return this.call('GET', '/state');
  }

  server(name: SimServerName, op: 'crash' | 'hang' | 'resume' | 'restart' | 'garbage'): Promise<SimState> {
    return this.call('POST', `/servers/${name}/${op}`);
  }

  link(name: SimServerName, up: boolean, errorMessage?: string): Promise<SimState> {
    return this.call('POST', `/servers/${name}/link`, up ? { up: true } : { up: false, errorCode: 109, ...(errorMessage ? { errorMessage } : {}) });
  }

  refuse(name: SimServerName, on: boolean): Promise<SimState> {
    return this.call('POST', `/servers/${name}/refuse`, { on });
  }

  slowHandshake(name: SimServerName, delayMs: number): Promise<SimState> {
    return this.call('POST', `/servers/${name}/slow-handshake`, { delayMs });
  }

  switchover(): Promise<SimState> {
    return this.call('POST', '/switchover');
  }

  agentState(agentId: string, body: { state: 'ready' | 'not-ready' | 'acw' | 'logged-out'; reasonCode?: string }): Promise<SimState> {
    return this.call('POST', `/agents/${encodeURIComponent(agentId)}/state`, body);
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<SimState> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const json = (await res.json()) as SimState | { error: string };
    if (res.ok) return json as SimState;
    const message = 'error' in json ? json.error : `HTTP ${res.status}`;
    // 409 is the simulator refusing a fault that is impossible now; anything else is the soak's bug.
    if (res.status === 409) throw new ControlRefused(res.status, message);
    throw new Error(`${method} ${path}: ${res.status} ${message}`);
  }
}
