// Parent side of the simulator child: fork it, send one request at a time,
// await its reply with a deadline. kill() always ends the child.
import { fork } from 'node:child_process';
import { setPriority } from 'node:os';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { HostReply, HostRequest } from './sim-host-protocol.ts';

const HOST_SCRIPT = fileURLToPath(new URL('./sim-host.ts', import.meta.url));
const REPLY_TIMEOUT_MS = 30_000;

type ReplyOf<Op extends HostReply['op']> = Extract<HostReply, { op: Op }>;

export class SimHost {
  private waiting: { resolve: (r: HostReply) => void; reject: (e: Error) => void } | null = null;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: HostReply) => {
      const w = this.waiting;
      this.waiting = null;
      w?.resolve(m);
    });
    child.on('exit', (code, signal) => {
      const w = this.waiting;
      this.waiting = null;
      w?.reject(new Error(`simulator child exited (${code ?? signal})`));
    });
  }

  /**
   * `priority`: the child's nice value (negative needs root; -20…19). A real T-Server has its
   * own machine; here it shares the cores with the fleet it serves, and it stamps an accept
   * only when its event loop gets to it. Throws when the OS refuses the value.
   */
  static async spawn(priority = 0): Promise<SimHost> {
    // Inherits this process's limits (open files included: see fleet.ts).
    const child = fork(HOST_SCRIPT, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    if (priority !== 0 && child.pid !== undefined) {
      try {
        setPriority(child.pid, priority);
      } catch (err) {
        child.kill();
        throw new Error(`simulator child: cannot set priority ${priority} (${err instanceof Error ? err.message : String(err)}); negative values need root`);
      }
    }
    const host = new SimHost(child);
    await host.next('hello');
    return host;
  }

  private next<Op extends HostReply['op']>(op: Op): Promise<ReplyOf<Op>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        reject(new Error(`simulator child: no '${op}' within ${REPLY_TIMEOUT_MS} ms`));
      }, REPLY_TIMEOUT_MS);
      this.waiting = {
        resolve: (r) => {
          clearTimeout(timer);
          if (r.op === op) resolve(r as ReplyOf<Op>);
          else reject(new Error(r.op === 'error' ? `simulator child: ${r.message}` : `simulator child: expected '${op}', got '${r.op}'`));
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    });
  }

  async request<Op extends HostReply['op']>(req: HostRequest, expect: Op): Promise<ReplyOf<Op>> {
    if (this.waiting) throw new Error('simulator child: one request at a time');
    const reply = this.next(expect);
    this.child.send(req);
    return reply;
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
  }
}
