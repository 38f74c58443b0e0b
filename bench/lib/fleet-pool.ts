// Parent side of the fleet benchmark's worker threads (fleet-worker.ts): start
// them, split the fleet over them, send one request at a time to each and await
// its reply with a deadline. terminate() always ends them.
//
// Worker threads do not pick up tsx from the parent's `--import` (Node 20: an
// `execArgv: ['--import', 'tsx']` worker still fails on ".ts"), so each worker
// starts from a tiny eval'd bootstrap that registers tsx's ESM hooks in that
// thread and then imports the TypeScript worker module.
import { Worker } from 'node:worker_threads';
import type { FleetWorkerData, WorkerReply, WorkerRequest } from './fleet-worker-protocol.ts';

const WORKER_MODULE = new URL('./fleet-worker.ts', import.meta.url).href;
const TSX_API = import.meta.resolve('tsx/esm/api');
const BOOTSTRAP = `import(${JSON.stringify(TSX_API)}).then(({ register }) => { register(); return import(${JSON.stringify(WORKER_MODULE)}); });`;
/** Loading tsx and the session code in N threads at once on a busy 2-core machine takes a while. */
const HELLO_TIMEOUT_MS = 120_000;

type ReplyOf<Op extends WorkerReply['op']> = Extract<WorkerReply, { op: Op }>;

class FleetWorker {
  private waiting: { resolve: (r: WorkerReply) => void; reject: (e: Error) => void } | null = null;
  private dead: Error | null = null;
  private readonly worker: Worker;

  constructor(
    readonly index: number,
    nice: number,
  ) {
    this.worker = new Worker(BOOTSTRAP, { eval: true, workerData: { nice } satisfies FleetWorkerData });
    this.worker.on('message', (m: WorkerReply) => {
      const w = this.waiting;
      this.waiting = null;
      w?.resolve(m);
    });
    const fail = (e: Error) => {
      this.dead ??= e;
      const w = this.waiting;
      this.waiting = null;
      w?.reject(e);
    };
    this.worker.on('error', (e) => fail(new Error(`fleet worker ${index}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)));
    this.worker.on('exit', (code) => fail(new Error(`fleet worker ${index} exited (${code})`)));
  }

  next<Op extends WorkerReply['op']>(op: Op, timeoutMs: number): Promise<ReplyOf<Op>> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.waiting) return Promise.reject(new Error(`fleet worker ${this.index}: one request at a time`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        reject(new Error(`fleet worker ${this.index}: no '${op}' within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting = {
        resolve: (r) => {
          clearTimeout(timer);
          if (r.op === op) resolve(r as ReplyOf<Op>);
          else reject(new Error(r.op === 'error' ? `fleet worker ${this.index}: ${r.message}` : `fleet worker ${this.index}: expected '${op}', got '${r.op}'`));
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
    });
  }

  request<Op extends WorkerReply['op']>(req: WorkerRequest, expect: Op, timeoutMs: number): Promise<ReplyOf<Op>> {
    const reply = this.next(expect, timeoutMs);
    if (!this.dead) this.worker.postMessage(req);
    return reply;
  }

  terminate(): Promise<number> {
    return this.worker.terminate();
  }
}

/** [from, to) of each of `workers` slices of a fleet of `n` (sizes differ by at most one; empty slices when n < workers). */
export function slices(n: number, workers: number): Array<{ from: number; to: number }> {
  return Array.from({ length: workers }, (_, w) => ({ from: Math.floor((w * n) / workers), to: Math.floor(((w + 1) * n) / workers) }));
}

export class FleetPool {
  private constructor(private readonly workers: FleetWorker[]) {}

  /** `nice`: each worker thread's own nice value (Linux: per thread; 0 leaves it as it is). */
  static async spawn(count: number, nice = 0): Promise<FleetPool> {
    const workers = Array.from({ length: count }, (_, i) => new FleetWorker(i, nice));
    const pool = new FleetPool(workers);
    try {
      await Promise.all(workers.map((w) => w.next('hello', HELLO_TIMEOUT_MS)));
    } catch (e) {
      await pool.terminate();
      throw e;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  /** The same kind of request to every worker (built per worker), all replies in worker order. */
  all<Op extends WorkerReply['op']>(req: (worker: number) => WorkerRequest, expect: Op, timeoutMs: number): Promise<Array<ReplyOf<Op>>> {
    return Promise.all(this.workers.map((w) => w.request(req(w.index), expect, timeoutMs)));
  }

  async terminate(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.terminate()));
  }
}
