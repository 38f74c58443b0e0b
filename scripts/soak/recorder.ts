// What the soak saw: violations (each with the context needed to reproduce and
// understand it — seed, time into the run, episode, the last schedule steps,
// snapshots and session log lines) and a bounded story of the run. Everything
// kept is bounded so the soak's own bookkeeping cannot look like a leak.
import type { ConnectivitySnapshot } from '../../app/shared/connectivity.ts';
import type { CoreLogger, LogFields } from '../../app/main/tserver/core-logger.ts';

export interface Violation {
  kind: string;
  /** mm:ss.s into the run. */
  at: string;
  atMs: number;
  episode: number;
  detail: string;
  /** Last schedule steps, snapshots and session log lines before it. */
  context: { steps: string[]; snapshots: string[]; log: string[] };
}

class Ring<T> {
  private readonly items: T[] = [];
  constructor(private readonly size: number) {}
  push(item: T): void {
    this.items.push(item);
    if (this.items.length > this.size) this.items.shift();
  }
  last(n: number): T[] {
    return this.items.slice(-n);
  }
}

export const clockText = (ms: number): string => {
  const s = Math.max(0, ms) / 1000;
  const m = Math.floor(s / 60);
  return `${String(m).padStart(2, '0')}:${(s - m * 60).toFixed(1).padStart(4, '0')}`;
};

export const describeSnapshot = (s: ConnectivitySnapshot): string =>
  `#${s.seq} ${s.phase} server=${s.server ? `${s.server.name}/${s.server.role}` : '-'} link=${s.link} standby=${s.standby.name ?? '-'}:${s.standby.ready} ` +
  `agent=${s.agent.state}${s.agent.reasonCode ? `(${s.agent.reasonCode})` : ''}/${s.agent.confidence}${s.agent.pending ? ` pending=${s.agent.pending.request}` : ''}` +
  `${s.agent.loggedOutBySwitch ? ' loggedOutBySwitch' : ''}${s.agent.changedWhileAway ? ` changedWhileAway(from ${s.agent.changedWhileAway.from.state})` : ''} attempt=${s.attempt}` +
  `${s.lastError ? ` err=${s.lastError.code ?? '-'} ${s.lastError.message}` : ''}`;

/** Violations beyond this many keep only their count (a broken session can produce thousands). */
const MAX_DETAILED = 200;

export class Recorder {
  readonly violations: Violation[] = [];
  /** Not violations, worth a look: recoveries past the SLO, with the same context (bounded). */
  readonly notes: Violation[] = [];
  readonly counts = new Map<string, number>();
  total = 0;
  episode = 0;
  private readonly steps = new Ring<string>(40);
  private readonly snapshots = new Ring<string>(30);
  private readonly logLines = new Ring<string>(150);

  constructor(
    private readonly startedAt: number,
    private readonly now: () => number,
    private readonly print: (line: string) => void,
  ) {}

  elapsed(): number {
    return this.now() - this.startedAt;
  }

  /** A schedule step or other event of the run (printed when `loud`). */
  step(text: string, loud = false): void {
    const line = `${clockText(this.elapsed())} ep${this.episode} ${text}`;
    this.steps.push(line);
    if (loud) this.print(line);
  }

  snapshot(s: ConnectivitySnapshot): void {
    this.snapshots.push(`${clockText(this.elapsed())} ${describeSnapshot(s)}`);
  }

  /** The session's story, kept for the context of a violation. */
  readonly logger: CoreLogger = {
    info: (fields, message) => this.log('info', fields, message),
    warn: (fields, message) => this.log('warn', fields, message),
  };

  private log(level: string, fields: LogFields, message: string): void {
    let text: string;
    try {
      text = JSON.stringify(fields);
    } catch {
      text = '{…}';
    }
    this.logLines.push(`${clockText(this.elapsed())} ${level} ${message} ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`);
  }

  violation(kind: string, detail: string): void {
    this.total++;
    this.counts.set(kind, (this.counts.get(kind) ?? 0) + 1);
    const atMs = this.elapsed();
    this.print(`${clockText(atMs)} ep${this.episode} VIOLATION ${kind}: ${detail}`);
    if (this.violations.length >= MAX_DETAILED) return;
    this.violations.push({
      kind,
      at: clockText(atMs),
      atMs,
      episode: this.episode,
      detail,
      context: this.context(),
    });
  }

  /** Something to report with its context, not a violation (does not fail the run). */
  note(kind: string, detail: string): void {
    const atMs = this.elapsed();
    this.print(`${clockText(atMs)} ep${this.episode} note ${kind}: ${detail}`);
    if (this.notes.length >= MAX_DETAILED) return;
    this.notes.push({ kind, at: clockText(atMs), atMs, episode: this.episode, detail, context: this.context(150) });
  }

  private context(logLines = 30): Violation['context'] {
    return { steps: this.steps.last(20), snapshots: this.snapshots.last(15), log: this.logLines.last(logLines) };
  }
}
