// Timeline rows: local wall-clock time and a short summary of the attributes
// that matter to a person reading it (error text, role, agent state).
import type { TimelineEvent } from '../../shared/connectivity.ts';

/** HH:MM:SS in the machine's local time zone. */
export function localTime(epochMs: number): string {
  const d = new Date(epochMs);
  const pad = (n: number) => n.toString().padStart(2, '0');
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "EventLinkDisconnected" → "Link disconnected". */
export function eventLabel(event: string): string {
  const bare = event.replace(/^Event/, '');
  const words = bare.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2');
  return words.charAt(0).toUpperCase() + words.slice(1).toLowerCase();
}

const SHOWN_ATTRIBUTES = ['ErrorCode', 'ErrorMessage', 'ServerRole', 'ThisDN', 'AgentID', 'AgentWorkMode', 'ReasonCode', 'reason'] as const;

function show(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

export function attributeSummary(attributes: Record<string, unknown>): string {
  const out: string[] = [];
  for (const key of SHOWN_ATTRIBUTES) {
    const text = show(attributes[key]);
    if (text !== null && text !== '') out.push(`${key}=${text}`);
  }
  return out.join(' · ');
}

export interface TimelineRow {
  key: string;
  time: string;
  label: string;
  server: string | null;
  summary: string;
}

export interface NumberedEvent {
  /** Stable per renderer lifetime, for keyed lists. */
  id: number;
  event: TimelineEvent;
}

export function timelineRows(events: readonly NumberedEvent[]): TimelineRow[] {
  // Newest first: the agent (or IT on the phone) wants the latest change on top.
  const rows: TimelineRow[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const { id, event: e } = events[i]!;
    rows.push({ key: String(id), time: localTime(e.t), label: eventLabel(e.event), server: e.server, summary: attributeSummary(e.attributes) });
  }
  return rows;
}
