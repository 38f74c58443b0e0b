// Leak check (issue 9): one session through 10,000 CTI-link flaps and 1,000 reconnects
// in one process, per HA mode. The work runs in a child node with --expose-gc
// (scripts/soak/leak.ts), so the heap is measured after real collections and vitest's
// own allocations are not in the numbers; the child prints one JSON result.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const MB = 1024 * 1024;

interface LeakResult {
  flapsDone: number;
  reconnectsDone: number;
  connectionsLost: number;
  heapGrowthBytes: number;
  rssGrowthBytes: number;
  resourcesGrown: string[];
  clientSocketsBefore: number;
  clientSocketsAfter: number;
  instancesGrown: string[];
  kindsGrownBeyondBound: string[];
  collectionsGrown: string[];
  socketListenersGrown: string[];
  processListenersGrown: string[];
  reachTruncated: boolean;
  reachNodes: [number, number];
  leakedAfterStop: string[];
  flat: boolean;
}

function runLeakCheck(mode: 'warm' | 'hot', extra: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; result: LeakResult | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'scripts/soak/leak.ts', '--mode', mode, ...extra], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      const last = stdout.trim().split('\n').at(-1) ?? '';
      let result: LeakResult | null = null;
      try {
        result = JSON.parse(last) as LeakResult;
      } catch {
        result = null;
      }
      resolve({ code, result, stderr });
    });
  });
}

describe.each(['hot', 'warm'] as const)('leak check, %s standby', (mode) => {
  it('10,000 link flaps and 1,000 reconnects: heap and RSS flat (< 5 MB), nothing leaked', { timeout: 150_000 }, async () => {
    const { code, result, stderr } = await runLeakCheck(mode);
    expect(result, `no result from the leak check (exit ${String(code)}):\n${stderr}`).not.toBeNull();
    const r = result as LeakResult;
    // The work was done: a check that measured nothing must not pass.
    expect(r.flapsDone).toBe(10_000);
    expect(r.reconnectsDone).toBe(1_000);
    expect(r.connectionsLost).toBeGreaterThanOrEqual(1_000);
    expect(r.reachTruncated).toBe(false);
    expect(r.reachNodes[0]).toBeGreaterThan(20); // the walk really reached the session's parts
    expect(r.heapGrowthBytes, `heap after GC grew ${(r.heapGrowthBytes / MB).toFixed(2)} MB`).toBeLessThan(5 * MB);
    expect(r.rssGrowthBytes, `RSS grew ${(r.rssGrowthBytes / MB).toFixed(2)} MB`).toBeLessThan(5 * MB);
    expect(r.resourcesGrown, 'active handles/timers that grew').toEqual([]);
    expect(r.clientSocketsAfter, 'client sockets still alive after GC').toBe(r.clientSocketsBefore);
    expect(r.instancesGrown, 'connections, legs, loops, decoders, sockets, timers, signals, promises alive').toEqual([]);
    expect(r.kindsGrownBeyondBound, 'any kind of object or closure grown by 100 or more').toEqual([]);
    expect(r.collectionsGrown, 'collections the session holds that grew').toEqual([]);
    expect(r.socketListenersGrown, 'listeners on the live sockets').toEqual([]);
    expect(r.processListenersGrown, 'process listeners').toEqual([]);
    expect(r.leakedAfterStop, 'handles left after stop()').toEqual([]);
    expect(r.flat).toBe(true);
    expect(code).toBe(0);
  });
});

// The check can fail: with every client socket deliberately kept (LEAK_SELFTEST), the
// connections they belong to stay alive and the check must say so.
it('a planted leak (every client socket kept) is reported', { timeout: 60_000 }, async () => {
  const { code, result, stderr } = await runLeakCheck('hot', ['--flaps', '200', '--reconnects', '100', '--blocks', '2'], { LEAK_SELFTEST: '1' });
  expect(result, stderr).not.toBeNull();
  const r = result as LeakResult;
  expect(r.reconnectsDone).toBe(100);
  expect(r.flat).toBe(false);
  expect(code).toBe(1);
  expect(r.clientSocketsAfter).toBeGreaterThanOrEqual(r.clientSocketsBefore + 100);
  expect(r.instancesGrown.some((line) => line.startsWith('obj:TServerConnection '))).toBe(true);
  expect(r.instancesGrown.some((line) => line.startsWith('obj:Socket '))).toBe(true);
});
