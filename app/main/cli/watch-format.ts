// How the watch CLI prints events, snapshots and dropped-event counts: one JSON
// object per line (--json) or one human line. Attributes arrive already in their JSON form
// (app/main/tserver/session/timeline.ts): T-Library names, ServerRole as
// "primary"/"backup", binary as base64, key-value lists as objects.
import type { ConnectivitySnapshot, TimelineEvent } from '../../shared/connectivity.ts';
import { SecretValues } from '../logging/redact.ts';
import { renderAttribute } from '../tserver/session/timeline.ts';
import { scrubRecord } from './scrub-record.ts';

// Attribute conversion has one home: the session's timeline module.
export { renderAttribute, timelineEventOf } from '../tserver/session/timeline.ts';

export interface EventRecord {
  t: number;
  kind: 'event';
  event: string;
  server: string | null;
  [attribute: string]: unknown;
}

export type SnapshotRecord = { kind: 'snapshot' } & ConnectivitySnapshot;

export function eventRecord(event: TimelineEvent): EventRecord {
  const record: EventRecord = { t: event.t, kind: 'event', event: event.event, server: event.server };
  for (const [name, value] of Object.entries(event.attributes)) {
    if (value === undefined || Object.hasOwn(record, name)) continue;
    // Idempotent on rendered values; still renders a raw attribute handed in directly.
    record[name] = renderAttribute(name, value);
  }
  return record;
}

export function snapshotRecord(snapshot: ConnectivitySnapshot): SnapshotRecord {
  // `t` and `kind` first, as event lines start.
  const { t, ...rest } = snapshot;
  return { t, kind: 'snapshot', ...rest };
}

const clock = (t: number): string => new Date(t).toISOString().slice(11, 23);

function textOf(value: unknown): string {
  return typeof value === 'string' ? (/^[^\s"=]+$/.test(value) ? value : JSON.stringify(value)) : JSON.stringify(value);
}

export function eventText(event: TimelineEvent): string {
  const { t, event: name, server, kind: _kind, ...attrs } = eventRecord(event);
  const parts = Object.entries(attrs).map(([k, v]) => `${k}=${textOf(v)}`);
  return [clock(t), server ?? '-', name, ...parts].join(' ');
}

export function snapshotText(s: ConnectivitySnapshot): string {
  const server = s.server ? `${s.server.name}(${s.server.role})` : 'none';
  const parts = [clock(s.t), 'snapshot', `#${s.seq}`, s.phase, `server=${server}`, `link=${s.link}`];
  if (s.linkError) parts.push(`linkError=${textOf(`${s.linkError.code ?? ''} ${s.linkError.message}`.trim())}`);
  if (s.mode === 'hot') parts.push(`standby=${s.standby.name ?? '-'}:${s.standby.ready ? 'ready' : 'not-ready'}`);
  if (s.attempt > 0) parts.push(`attempt=${s.attempt}`);
  if (s.nextAttemptAt !== null) parts.push(`next=${clock(s.nextAttemptAt)}${s.nextServer ? `@${s.nextServer}` : ''}`);
  if (s.lastError) parts.push(`lastError=${textOf(`${s.lastError.code ?? ''} ${s.lastError.message}${s.lastError.retryable ? '' : ' (not retryable)'}`.trim())}`);
  parts.push(`agent=${s.agent.dn}/${s.agent.agentId ?? '-'}:${s.agent.state}${s.agent.reasonCode ? `(${s.agent.reasonCode})` : ''}`);
  return parts.join(' ');
}

/** Where the printer's lines go: the watch CLI's bounded stdout (line-output.ts). */
export interface LineSink {
  event(text: string): void;
  /** Called with a renderer so a snapshot replaced before it is written is never formatted. */
  snapshot(render: () => string): void;
}

/**
 * Formats one line per event or snapshot, JSON or text, with every known secret
 * scrubbed from the values first (the server's own text included); never anything else.
 */
export class LinePrinter {
  constructor(
    private readonly json: boolean,
    private readonly sink: LineSink,
    private readonly secrets: SecretValues = new SecretValues(),
  ) {}

  event(event: TimelineEvent): void {
    this.sink.event(this.line(event, (e) => (this.json ? JSON.stringify(eventRecord(e)) : eventText(e))));
  }

  snapshot(snapshot: ConnectivitySnapshot): void {
    this.sink.snapshot(() => this.line(snapshot, (s) => (this.json ? JSON.stringify(snapshotRecord(s)) : snapshotText(s))));
  }

  /**
   * The line for `value`, from scrubbed values when the line shows a secret. One scan
   * of the finished line decides (a string holding a secret shows it raw or
   * JSON-escaped, a number as its digits), so a flood without secrets costs one scan
   * per line, not one per value.
   */
  private line<T>(value: T, render: (value: T) => string): string {
    const line = render(value);
    if (this.secrets.size === 0 || this.secrets.scrub(line) === line) return line;
    return render(scrubRecord(value, this.secrets));
  }
}

/** The line standing for `count` events the output had to drop (the reader was too slow). */
export function droppedLine(json: boolean, count: number, t: number): string {
  return json ? JSON.stringify(droppedRecord(count, t)) : `${clock(t)} dropped events=${count}`;
}

export interface DroppedRecord {
  t: number;
  kind: 'dropped';
  /** How many events were not printed here because stdout could not keep up. */
  events: number;
}

export function droppedRecord(count: number, t: number): DroppedRecord {
  return { t, kind: 'dropped', events: count };
}
