// The watch CLI as an operator runs it: a real `node` process on
// app/main/cli/watch.ts, stdout split into lines as they come.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const WATCH_ENTRY = 'app/main/cli/watch.ts';

export type Line = Record<string, unknown>;

export interface WatchRun {
  child: ChildProcess;
  /** Whole stdout lines so far. */
  lines: string[];
  /** stdout after the last newline: non-empty at the end means a cut-off line. */
  partial(): string;
  stderr(): string;
  /** Resolves with the first stdout line (parsed) that matches; bounded so a failure shows what was printed. */
  waitFor(match: (obj: Line) => boolean, ms?: number): Promise<Line>;
  /** Once the process has exited and its stdout and stderr are closed (so every line is in). */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];

/** For afterEach: no watch process outlives its test. */
export function killWatches(): void {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

export function tryParse(line: string): Line | null {
  try {
    return JSON.parse(line) as Line;
  } catch {
    return null;
  }
}

export function startWatch(args: string[], env: Record<string, string> = {}): WatchRun {
  const child = spawn(process.execPath, ['--import', 'tsx', WATCH_ENTRY, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  let err = '';
  let partial = '';
  const waiters: Array<{ match: (o: Line) => boolean; resolve: (o: Line) => void }> = [];
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    partial += chunk;
    const parts = partial.split('\n');
    partial = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      const obj = tryParse(line);
      for (const w of [...waiters]) {
        if (obj && w.match(obj)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(obj);
        }
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  return {
    child,
    lines,
    partial: () => partial,
    stderr: () => err,
    exit,
    waitFor: (match, ms = 8000) =>
      new Promise((resolve, reject) => {
        const have = lines.map(tryParse).find((o) => o && match(o));
        if (have) return resolve(have);
        const timer = setTimeout(() => reject(new Error(`no matching line within ${ms} ms; stdout (last 20 lines):\n${lines.slice(-20).join('\n')}\nstderr:\n${err}`)), ms);
        waiters.push({ match, resolve: (o) => (clearTimeout(timer), resolve(o)) });
      }),
  };
}

/** Resident memory of a process in MiB (Linux /proc), or null once it has gone. */
export function rssMiB(pid: number): number | null {
  try {
    const kb = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb) / 1024;
  } catch {
    return null;
  }
}
