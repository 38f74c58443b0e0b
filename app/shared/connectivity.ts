// The one source of truth for "how connected is this agent": computed by the
// HA session in main, pushed whole (never as deltas) to every view.
import * as v from 'valibot';

/** warm: one connection, the backup refuses until promoted; hot: connected to both. */
export const HA_MODES = ['warm', 'hot'] as const;
export type HaMode = (typeof HA_MODES)[number];

export const PHASES = ['connecting', 'online', 'link-down', 'reconnecting', 'offline', 'failed'] as const;
export type Phase = (typeof PHASES)[number];

export const SERVER_ROLES = ['primary', 'backup', 'unknown'] as const;
export type ServerRoleName = (typeof SERVER_ROLES)[number];

/** Agent state as the agent sees it; `acw` is NotReady with work mode AfterCallWork. */
export const AGENT_STATES = ['unknown', 'logged-out', 'ready', 'not-ready', 'acw'] as const;
export type AgentStateName = (typeof AGENT_STATES)[number];

const nullableString = v.nullable(v.string());
const nullableNumber = v.nullable(v.number());

export const ErrorInfoSchema = v.object({
  /** T-Library ErrorCode when the server gave one (DESIGN.md §3), else null. */
  code: nullableNumber,
  message: v.string(),
  /** False for bad application password, bad agent credentials, unknown DN. */
  retryable: v.boolean(),
  server: nullableString,
});
export type ErrorInfo = v.InferOutput<typeof ErrorInfoSchema>;

export const AgentViewSchema = v.object({
  dn: v.string(),
  agentId: nullableString,
  state: v.picklist(AGENT_STATES),
  /** Not-ready reason code (key `ReasonCode`), when state is not-ready. */
  reasonCode: nullableString,
});
export type AgentView = v.InferOutput<typeof AgentViewSchema>;

export const FailoverSchema = v.object({
  at: v.number(),
  from: nullableString,
  to: v.string(),
  /** True when DN registration and the agent's last chosen state were restored. */
  restored: v.boolean(),
  /** Plain words: what was restored, or what could not be. */
  detail: v.string(),
});
export type FailoverInfo = v.InferOutput<typeof FailoverSchema>;

export const ConnectivitySnapshotSchema = v.object({
  seq: v.number(),
  /** Epoch ms when this snapshot was produced. */
  t: v.number(),
  mode: v.picklist(HA_MODES),
  phase: v.picklist(PHASES),
  /** The server carrying the session now (null while none is). */
  server: v.nullable(v.object({ name: v.string(), role: v.picklist(SERVER_ROLES) })),
  link: v.picklist(['up', 'down', 'unknown']),
  /** ErrorCode/ErrorMessage of the last EventLinkDisconnected while the link is down. */
  linkError: v.nullable(v.object({ code: nullableNumber, message: v.string() })),
  /** Hot standby: is the other server connected and registered. Always not ready in warm mode. */
  standby: v.object({ name: nullableString, ready: v.boolean() }),
  attempt: v.number(),
  nextAttemptAt: nullableNumber,
  /** The endpoint the next attempt will dial. */
  nextServer: nullableString,
  lastError: v.nullable(ErrorInfoSchema),
  agent: AgentViewSchema,
  /** The most recent move to another server, for the "switched to backup" notice. */
  lastFailover: v.nullable(FailoverSchema),
});
export type ConnectivitySnapshot = v.InferOutput<typeof ConnectivitySnapshotSchema>;

/** A T-Library event for the timeline; attributes keep their T-Library names. */
export const TimelineEventSchema = v.object({
  t: v.number(),
  event: v.string(),
  server: nullableString,
  attributes: v.record(v.string(), v.unknown()),
});
export type TimelineEvent = v.InferOutput<typeof TimelineEventSchema>;
