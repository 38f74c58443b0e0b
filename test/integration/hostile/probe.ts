// Samples what a hostile server can make a connection spend, while a test runs:
// the connection's bounded internals and (coarsely) RSS.
import type { TServerConnection } from '../../../app/main/tserver/connection/index.ts';

export interface ProbeMax {
  decoderRetainedBytes: number;
  writeQueueBytes: number;
  pendingRequests: number;
  /** Largest RSS growth over the start of the probe. */
  rssGrowthBytes: number;
  samples: number;
}

export interface Probe {
  /** Takes one sample now (call it after steps that may grow something). */
  sample(): void;
  stop(): ProbeMax;
}

const EVERY_MS = 10;

export function probe(conn: TServerConnection): Probe {
  const rss0 = process.memoryUsage().rss;
  const max: ProbeMax = { decoderRetainedBytes: 0, writeQueueBytes: 0, pendingRequests: 0, rssGrowthBytes: 0, samples: 0 };
  const sample = (): void => {
    const u = conn.usage;
    max.decoderRetainedBytes = Math.max(max.decoderRetainedBytes, u.decoderRetainedBytes);
    max.writeQueueBytes = Math.max(max.writeQueueBytes, u.writeQueueBytes);
    max.pendingRequests = Math.max(max.pendingRequests, u.pendingRequests);
    max.rssGrowthBytes = Math.max(max.rssGrowthBytes, process.memoryUsage().rss - rss0);
    max.samples++;
  };
  const timer = setInterval(sample, EVERY_MS);
  return {
    sample,
    stop: () => {
      clearInterval(timer);
      sample();
      return { ...max };
    },
  };
}

/** Resolves with what `promise` gave, or with `late` if it took longer than `ms`. */
export function within<T, L>(promise: Promise<T>, ms: number, late: L): Promise<T | L> {
  let t: ReturnType<typeof setTimeout>;
  return Promise.race([promise.finally(() => clearTimeout(t)), new Promise<L>((r) => (t = setTimeout(() => r(late), ms)))]);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
