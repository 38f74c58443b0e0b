// The one source of truth for "how connected is this agent": computed by the
// HA session in main, pushed whole (never as deltas) to every view.
import * as v from 'valibot';

/** warm: one connection, the backup refuses until promoted; hot: connected to both. */
export const HA_MODES = ['warm', 'hot'] as const;
export type HaMode = (typeof HA_MODES)[number];

/**
 * `checking`: a session is up but its server has been silent for one ADDP interval
 * (the ping is out, no answer yet): not yet lost, no longer known to be alive.
 */
export const PHASES = ['connecting', 'online', 'checking', 'link-down', 'reconnecting', 'offline', 'failed'] as const;
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

/**
 * `current`: the switch can be heard and this is what it says; `last-known`: the
 * toolbar cannot hear the switch (link down, checking, reconnecting, offline), so this
 * is only what it said last — it may have changed since.
 */
export const CONFIDENCES = ['current', 'last-known'] as const;
export type Confidence = (typeof CONFIDENCES)[number];

/** The agent requests whose outcome the session tracks. */
export const AGENT_REQUESTS = ['ready', 'not-ready', 'login', 'logout'] as const;
export type AgentRequestName = (typeof AGENT_REQUESTS)[number];

/** What a request came to: `unknown` when no answer came in time (it may still happen). */
export const REQUEST_OUTCOMES = ['done', 'unknown'] as const;
export type RequestOutcomeName = (typeof REQUEST_OUTCOMES)[number];
export const RequestOutcomeSchema = v.object({ outcome: v.picklist(REQUEST_OUTCOMES) });
export type RequestOutcome = v.InferOutput<typeof RequestOutcomeSchema>;

const AgentStateFactSchema = v.object({ state: v.picklist(AGENT_STATES), reasonCode: nullableString });

export const AgentViewSchema = v.object({
  dn: v.string(),
  agentId: nullableString,
  /** The last state the switch reported (`unknown` only when it was never heard). */
  state: v.picklist(AGENT_STATES),
  /** Not-ready reason code (key `ReasonCode`), when state is not-ready. */
  reasonCode: nullableString,
  confidence: v.picklist(CONFIDENCES),
  /**
   * Epoch ms: `current` — since when the switch has been heard; `last-known` — when it
   * was last heard (the age of the picture). Null while the state was never known.
   */
  asOf: nullableNumber,
  /** A request sent but not answered in time: its outcome is unknown until the switch is asked. */
  pending: v.nullable(v.object({ request: v.picklist(AGENT_REQUESTS), reasonCode: nullableString, since: v.number() })),
  /**
   * The state changed while the toolbar could not hear the switch (a supervisor, the
   * switch itself): what it was before (`from`), when that was found out (`at`), and
   * during what (`link-down`: the CTI link; `disconnected`: no session).
   */
  changedWhileAway: v.nullable(v.object({ at: v.number(), from: AgentStateFactSchema, during: v.picklist(['link-down', 'disconnected']) })),
  /** The switch logged the agent out without this toolbar asking (until the agent logs in again). */
  loggedOutBySwitch: v.nullable(v.object({ at: v.number() })),
  /**
   * Epoch ms: since when the switch has had the agent in this state (and reason), as far as
   * the session knows; absent or null when it does not (the window then counts only a
   * change it saw itself).
   */
  stateSince: v.optional(nullableNumber),
});
export type AgentView = v.InferOutput<typeof AgentViewSchema>;

/**
 * What a restore after a new session came to, as facts (the window words them):
 * `restored` — the agent is in `state` again (or still); `relogged-in` — logged back in,
 * into `state`; `no-agent` — nobody to restore; `acw-kept` — left in after-call work, not
 * forced Ready; `other-agent` — `otherAgentId` is logged in on the DN, `agentId` was not
 * logged back in; `failed` — `step` (the re-login, or setting `state` — after a re-login
 * when `loggedIn`) was refused with `code`; `deferred-link-down` — the CTI link is down,
 * `state` is restored when it is back.
 */
export const RESTORE_OUTCOMES = ['restored', 'relogged-in', 'no-agent', 'acw-kept', 'other-agent', 'failed', 'deferred-link-down'] as const;
export type RestoreOutcomeName = (typeof RESTORE_OUTCOMES)[number];
export const RestoreResultSchema = v.object({
  outcome: v.picklist(RESTORE_OUTCOMES),
  /** The state restored or kept; for `failed` / `deferred-link-down` the one wanted. */
  state: v.optional(v.picklist(AGENT_STATES)),
  reasonCode: v.optional(nullableString),
  agentId: v.optional(nullableString),
  otherAgentId: v.optional(nullableString),
  step: v.optional(v.picklist(['login', 'state'])),
  loggedIn: v.optional(v.boolean()),
  /** T-Library ErrorCode of a refusal, when the server gave one. */
  code: v.optional(nullableNumber),
});
export type RestoreResult = v.InferOutput<typeof RestoreResultSchema>;

export const FailoverSchema = v.object({
  at: v.number(),
  from: nullableString,
  to: v.string(),
  /** True when DN registration and the agent's last chosen state were restored. */
  restored: v.boolean(),
  /** What was restored, or what could not be and why — facts, never sentences. */
  result: RestoreResultSchema,
});
export type FailoverInfo = v.InferOutput<typeof FailoverSchema>;

/**
 * Why the toolbar runs no session (DESIGN.md §8: a packaged app fails closed), as facts
 * the window words: `waiting-for-keychain` — the session starts once the OS keychain has
 * answered (an unlock prompt may be open); `not-configured` — no file names the T-Servers
 * (`files`: where the toolbar looked); `endpoints-invalid` — the winning file's `endpoints`
 * cannot be used; `enforced-unreadable` — the machine-wide file (its `enforced:` section)
 * cannot be read, so no setting of the agent's own may stand in for it.
 */
export const SETUP_STATES = ['waiting-for-keychain', 'not-configured', 'endpoints-invalid', 'enforced-unreadable'] as const;
export type SetupStateName = (typeof SETUP_STATES)[number];
export const SetupSchema = v.object({
  state: v.picklist(SETUP_STATES),
  /** not-configured: the files looked in; endpoints-invalid / enforced-unreadable: the file at fault. */
  files: v.array(v.string()),
  /** What the config loader said (file, dotted key or '' for the whole file, what was expected). */
  problems: v.array(v.object({ file: v.string(), key: v.string(), message: v.string() })),
});
export type SetupInfo = v.InferOutput<typeof SetupSchema>;

/**
 * What a ConnID may look like to be shown and acted on (T-Library ConnIDs are hex): the call
 * requests over IPC accept only this, so the session keeps no call it could not control.
 */
export const CONN_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A call's state for the agent's DN (issue 12). */
export const CALL_STATES = ['ringing', 'dialing', 'established', 'held'] as const;
export type CallStateName = (typeof CALL_STATES)[number];
export const CALL_DIRECTIONS = ['inbound', 'outbound', 'internal', 'unknown'] as const;
export type CallDirection = (typeof CALL_DIRECTIONS)[number];
/** Call requests whose outcome the session tracks. */
export const CALL_REQUESTS = ['answer', 'release', 'hold', 'retrieve'] as const;
export type CallRequestName = (typeof CALL_REQUESTS)[number];

export const CallViewSchema = v.object({
  connId: v.string(),
  state: v.picklist(CALL_STATES),
  /** The other party (a number or a DN), when the switch names it. */
  otherDN: nullableString,
  direction: v.picklist(CALL_DIRECTIONS),
  /** Epoch ms: since when the call has been in `state` (as the switch said, else as first heard). */
  since: nullableNumber,
  /** Like the agent's: `last-known` whenever the switch cannot be heard or the calls have not been re-learned. */
  confidence: v.picklist(CONFIDENCES),
  /** Call controls may act now: the calls are current, the CTI link is up, no request on it is pending. */
  controllable: v.boolean(),
  /** A call request sent with no answer in time: its outcome is unknown until the calls are re-learned. */
  pending: v.nullable(v.object({ request: v.picklist(CALL_REQUESTS), since: v.number() })),
});
export type CallView = v.InferOutput<typeof CallViewSchema>;

export const ConnectivitySnapshotSchema = v.object({
  seq: v.number(),
  /** Epoch ms when this snapshot was produced. */
  t: v.number(),
  mode: v.picklist(HA_MODES),
  phase: v.picklist(PHASES),
  /** The server carrying the session now (null while none is). */
  server: v.nullable(v.object({ name: v.string(), role: v.picklist(SERVER_ROLES) })),
  link: v.picklist(['up', 'down', 'unknown']),
  /** Phase `checking`: the active server, silent since `since` (epoch ms of the last frame heard). */
  silence: v.nullable(v.object({ server: v.string(), since: v.number() })),
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
  /** The DN's calls (issue 12), oldest first. */
  calls: v.array(CallViewSchema),
  /** Calls that ended while the toolbar could not hear the switch (found when it re-learned them), newest last, at most 5. */
  callsEndedUnheard: v.array(v.object({ connId: v.string(), otherDN: nullableString, at: v.number() })),
  /**
   * The DN has more calls than the toolbar keeps (16; a real line has a handful): some are
   * not in `calls`, so the list is not the whole truth. Cleared when a re-read list fits.
   */
  callsIncomplete: v.boolean(),
  /** Set while no session runs (see SETUP_STATES); absent or null once one does. */
  setup: v.optional(v.nullable(SetupSchema)),
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
