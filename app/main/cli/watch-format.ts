// How the watch CLI prints events and snapshots: one JSON object per line
// (--json) or one human line. Shared by the single-server and HA watchers.
// JSON rendering: attributes at top level under their T-Library names;
// ServerRole as "primary"/"backup"; binary as base64; key-value lists as
// objects, a repeated key becoming an array of its values in order.
import type { ConnectivitySnapshot, TimelineEvent } from '../../shared/connectivity.ts';
import { ServerRole } from '../tserver/protocol/index.ts';
import type { TMessage } from '../tserver/protocol/index.ts';

export interface EventRecord {
  t: number;
  kind: 'event';
  event: string;
  server: string | null;
  [attribute: string]: unknown;
}

export type SnapshotRecord = { kind: 'snapshot' } & ConnectivitySnapshot;

export function timelineEventOf(message: TMessage, server: string | null, t: number): TimelineEvent {
  return { t, event: message.name, server, attributes: { ...message.attributes } };
}

// Arrays made for repeated keys (a rendered value is never an array otherwise).
const repeated = new WeakSet<unknown[]>();

const isPair = (x: unknown): x is [string, unknown] => Array.isArray(x) && x.length === 2 && typeof x[0] === 'string';

function renderValue(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value) && value.every(isPair)) {
    const out: Record<string, unknown> = {};
    for (const [key, v] of value) {
      const rendered = renderValue(v);
      if (!Object.hasOwn(out, key)) out[key] = rendered;
      else if (Array.isArray(out[key]) && repeated.has(out[key] as unknown[])) (out[key] as unknown[]).push(rendered);
      else {
        const list = [out[key], rendered];
        repeated.add(list);
        out[key] = list;
      }
    }
    return out;
  }
  return value;
}

export function renderAttribute(name: string, value: unknown): unknown {
  if (name === 'ServerRole' && typeof value === 'number') {
    return value === ServerRole.Primary ? 'primary' : value === ServerRole.Backup ? 'backup' : value;
  }
  return renderValue(value);
}

export function eventRecord(event: TimelineEvent): EventRecord {
  const record: EventRecord = { t: event.t, kind: 'event', event: event.event, server: event.server };
  for (const [name, value] of Object.entries(event.attributes)) {
    if (value === undefined || Object.hasOwn(record, name)) continue;
    record[name] = renderAttribute(name, value);
  }
  return record;
}

export function snapshotRecord(snapshot: ConnectivitySnapshot): SnapshotRecord {
  return { kind: 'snapshot', ...snapshot };
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

/** Writes one line per event or snapshot, JSON or text; never anything else. */
export class LinePrinter {
  constructor(
    private readonly json: boolean,
    private readonly writeLine: (line: string) => void,
  ) {}

  event(event: TimelineEvent): void {
    this.writeLine(this.json ? JSON.stringify(eventRecord(event)) : eventText(event));
  }

  snapshot(snapshot: ConnectivitySnapshot): void {
    this.writeLine(this.json ? JSON.stringify(snapshotRecord(snapshot)) : snapshotText(snapshot));
  }
}
