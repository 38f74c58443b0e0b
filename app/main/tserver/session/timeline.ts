// T-Library messages as timeline events (the raw event stream the session
// pushes beside its snapshots). The one place attributes are made JSON-safe:
// T-Library names kept; ServerRole as "primary"/"backup"; binary as base64;
// key-value lists as objects, a repeated key becoming an array of its values.
// The watch CLI prints these as they are.
import type { TimelineEvent } from '../../../shared/connectivity.ts';
import { ServerRole } from '../protocol/index.ts';
import type { TMessage } from '../protocol/index.ts';

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

/** One attribute value in its timeline (JSON) form. */
export function renderAttribute(name: string, value: unknown): unknown {
  if (name === 'ServerRole' && typeof value === 'number') {
    return value === ServerRole.Primary ? 'primary' : value === ServerRole.Backup ? 'backup' : value;
  }
  return renderValue(value);
}

export function renderAttributes(attributes: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) out[name] = renderAttribute(name, value);
  }
  return out;
}

export function timelineEventOf(message: TMessage, server: string | null, t: number): TimelineEvent {
  return { t, event: message.name, server, attributes: renderAttributes(message.attributes) };
}

/** Client-generated (hot standby): the session moved to `server`, which now says it is primary. */
export function primaryChangedEvent(server: string, previous: string | null, t: number): TimelineEvent {
  return { t, event: 'EventPrimaryChanged', server, attributes: { ServerRole: 'primary', previous } };
}

/** Attributes worth a log line (never the whole message: user data may be large). */
const LOGGED_ATTRIBUTES = ['ReferenceID', 'ThisDN', 'AgentID', 'AgentWorkMode', 'ServerRole', 'ErrorCode', 'ErrorMessage', 'SessionID'] as const;

/** One log line's fields for a T-Library message from `server` (secrets never travel in these attributes). */
export function logFieldsOf(message: TMessage, server: string): Record<string, unknown> {
  const a = message.attributes;
  const fields: Record<string, unknown> = { server, event: message.name };
  for (const key of LOGGED_ATTRIBUTES) if (a[key] !== undefined) fields[key] = renderAttribute(key, a[key]);
  if (Array.isArray(a.Extensions)) {
    for (const [key, value] of a.Extensions) if ((key === 'reason' || key === 'detail') && typeof value === 'string') fields[key] = value;
  }
  return fields;
}
