// Starts the soak's simulator child (sim-host.ts) and hands its reports to the soak.
import { fork } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SimServerName } from '../../sim/index.ts';
import type { AgentChange, HostConfig, HostMessage, SentFrame } from './sim-host-protocol.ts';

export interface SimHost {
  readonly controlUrl: string;
  readonly ports: Record<SimServerName, number>;
  readonly pid: number;
  onSent(listener: (frame: SentFrame) => void): void;
  onAgent(listener: (change: AgentChange) => void): void;
  /** The child ended without close() being called (the run cannot go on). */
  onUnexpectedExit(listener: (code: number | null) => void): void;
  close(): Promise<void>;
}

const HOST_SCRIPT = fileURLToPath(new URL('./sim-host.ts', import.meta.url));
const START_TIMEOUT_MS = 15_000;

export async function startSimHost(config: HostConfig): Promise<SimHost> {
  // tsx as a loader so the child runs the TypeScript sources like the parent.
  const child: ChildProcess = fork(HOST_SCRIPT, [JSON.stringify(config)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const sentListeners: Array<(f: SentFrame) => void> = [];
  const agentListeners: Array<(c: AgentChange) => void> = [];
  const ready = await new Promise<Extract<HostMessage, { type: 'ready' }>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simulator child not ready within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    child.on('message', (m: HostMessage) => {
      if (m.type === 'ready') {
        clearTimeout(timer);
        resolve(m);
      } else if (m.type === 'failed') {
        clearTimeout(timer);
        reject(new Error(`simulator child failed: ${m.message}`));
      } else if (m.type === 'sent') for (const l of sentListeners) l(m);
      else if (m.type === 'agent') for (const l of agentListeners) l(m);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`simulator child exited with ${String(code)} before it was ready`));
    });
  });
  let closing = false;
  const exitListeners: Array<(code: number | null) => void> = [];
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      if (!closing) for (const l of exitListeners) l(code);
      resolve();
    }),
  );
  return {
    controlUrl: ready.controlUrl,
    ports: ready.ports,
    pid: child.pid ?? -1,
    onSent: (l) => void sentListeners.push(l),
    onAgent: (l) => void agentListeners.push(l),
    onUnexpectedExit: (l) => void exitListeners.push(l),
    close: async () => {
      closing = true;
      if (child.exitCode === null && child.signalCode === null) {
        // Disconnecting makes the child close the simulator and exit; a kill is the fallback.
        child.disconnect();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}
