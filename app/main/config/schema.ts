// What a config file may say, with the message shown when it says it wrong.
// Every layer (machine defaults, user file, machine enforced) is a partial
// ToolbarConfig; the built-in defaults make it whole.
import * as v from 'valibot';
import { HA_MODES } from '../../shared/connectivity.ts';
import type { HaMode } from '../../shared/connectivity.ts';
import { MAX_REASON_LABEL, MAX_REASONS, REASON_CODE_PATTERN } from '../../shared/ui-config.ts';
import type { NotReadyReason } from '../../shared/ui-config.ts';
import { acceleratorProblem } from './accelerator.ts';
import { EndpointAddressError } from '../tserver/endpoint-address.ts';
import type { ReconnectSettings } from '../tserver/session/api.ts';
import { FILE_LOG_LEVELS } from '../logging/logger.ts';
import type { FileLogLevel } from '../logging/logger.ts';
import { parseEndpoint } from './session-options.ts';

/** `name host:port [tls]`, e.g. `tserver-east tsrv1.example.com:3000 tls`: the rules live in parseEndpoint. */
const endpoint = v.pipe(
  v.string('expected an endpoint string "name host:port [tls]"'),
  v.trim(),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    try {
      parseEndpoint(dataset.value);
    } catch (err) {
      if (!(err instanceof EndpointAddressError)) throw err;
      addIssue({ message: err.message });
    }
  }),
);

/** A mapping whose unknown keys are reported by name (typos must not pass silently). */
function strict<E extends v.ObjectEntries>(entries: E) {
  const keys = Object.keys(entries).join(', ');
  return v.strictObject(entries, (issue) => {
    if (issue.expected === 'never') return `unknown key ${JSON.stringify(issue.input)} (known keys: ${keys})`;
    if (issue.input === undefined && issue.path?.length) return `required key is missing (expected ${issue.expected})`;
    return `expected a mapping with keys ${keys}`;
  });
}

const int = (min: number, max: number, what: string) =>
  v.pipe(
    v.number(`expected ${what} (a number ${min}-${max})`),
    v.integer(`expected ${what} (a whole number)`),
    v.minValue(min, `expected ${what} ≥ ${min}`),
    v.maxValue(max, `expected ${what} ≤ ${max}`),
  );

const idString = (what: string) =>
  v.pipe(
    v.union([v.string(), v.number()], `expected ${what} as text`),
    v.transform(String),
    v.regex(/^[A-Za-z0-9_-]{1,64}$/, `expected ${what}: 1-64 letters, digits, _ or -`),
  );

/** Why a Not Ready reason list is unusable, or null. Checked whole: half a list is worse than none. */
function reasonListProblem(list: readonly unknown[]): string | null {
  if (list.length < 1 || list.length > MAX_REASONS) return `expected 1-${MAX_REASONS} reasons`;
  const codes = new Set<string>();
  for (const [i, item] of list.entries()) {
    const where = `reason ${i + 1}`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) return `${where}: expected { code, label }`;
    const extra = Object.keys(item).find((k) => k !== 'code' && k !== 'label');
    if (extra !== undefined) return `${where}: unknown key ${JSON.stringify(extra)} (known keys: code, label)`;
    const { code, label } = item as { code?: unknown; label?: unknown };
    if ((typeof code !== 'string' && typeof code !== 'number') || !REASON_CODE_PATTERN.test(String(code))) return `${where}: code must be 1-32 letters, digits, _ or -`;
    if (typeof label !== 'string' || label.trim() === '' || label.trim().length > MAX_REASON_LABEL) return `${where}: label must be 1-${MAX_REASON_LABEL} characters of text`;
    if (codes.has(String(code))) return `${where}: code ${JSON.stringify(String(code))} is listed twice`;
    codes.add(String(code));
  }
  return null;
}

const reasonList = v.pipe(
  v.array(v.unknown(), 'expected a list of reasons, each { code, label }'),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const problem = reasonListProblem(dataset.value);
    if (problem) addIssue({ message: problem });
  }),
  v.transform((list): NotReadyReason[] => list.map((item) => {
    const r = item as { code: string | number; label: string };
    return { code: String(r.code), label: r.label.trim() };
  })),
);

/** An Electron accelerator for a global shortcut, or null for none. */
const accelerator = v.nullable(
  v.pipe(
    v.string('expected an accelerator such as "CommandOrControl+Alt+Shift+R", or null for none'),
    v.trim(),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const problem = acceleratorProblem(dataset.value);
      if (problem) addIssue({ message: problem });
    }),
  ),
);

export const ConfigLayerSchema = strict(
  {
    mode: v.optional(v.picklist(HA_MODES, 'expected "warm" or "hot"')),
    endpoints: v.optional(
      strict(
        { primary: endpoint, backup: v.optional(endpoint) },
      ),
    ),
    applicationName: v.optional(
      v.pipe(v.string('expected text'), v.regex(/^[A-Za-z0-9 ._-]{1,64}$/, 'expected 1-64 letters, digits, space, . _ or -')),
    ),
    dn: v.optional(idString('a DN')),
    agentId: v.optional(v.nullable(idString('an agent id'))),
    addp: v.optional(
      strict(
        { timeoutMs: v.optional(int(0, 600_000, 'milliseconds, 0 = off')), remoteTimeoutMs: v.optional(int(0, 600_000, 'milliseconds, 0 = off')) },
      ),
    ),
    requestTimeoutMs: v.optional(int(500, 120_000, 'milliseconds')),
    reconnect: v.optional(
      strict(
        {
          initialDelayMs: v.optional(int(100, 60_000, 'milliseconds')),
          multiplier: v.optional(v.pipe(v.number('expected a number 1-5'), v.minValue(1, 'expected ≥ 1'), v.maxValue(5, 'expected ≤ 5'))),
          maxDelayMs: v.optional(int(1_000, 600_000, 'milliseconds')),
          firstDelayMaxMs: v.optional(int(0, 600_000, 'milliseconds')),
          connectTimeoutMs: v.optional(int(500, 120_000, 'milliseconds')),
          minConnectTimeoutMs: v.optional(int(500, 120_000, 'milliseconds')),
          healthySessionMs: v.optional(int(0, 600_000, 'milliseconds')),
        },
      ),
    ),
    ui: v.optional(
      strict(
        {
          alwaysOnTop: v.optional(v.boolean('expected true or false')),
          /** Small always-on-top strip instead of the full window. */
          compact: v.optional(v.boolean('expected true or false')),
          theme: v.optional(v.picklist(['system', 'light', 'dark'], 'expected "system", "light" or "dark"')),
          notifications: v.optional(v.boolean('expected true or false')),
          /** The Not Ready reasons the agent can pick, in order (IT may enforce them). */
          notReadyReasons: v.optional(reasonList),
          /** How long an outage stays calm ("Reconnecting…") before the red banner. */
          alarmGraceMs: v.optional(int(0, 10_000, 'milliseconds')),
        },
      ),
    ),
    /** Global shortcuts (off by default): each presses the in-window shortcut of its action. */
    shortcuts: v.optional(
      strict(
        {
          global: v.optional(v.boolean('expected true or false')),
          ready: v.optional(accelerator),
          notReady: v.optional(accelerator),
          reconnectNow: v.optional(accelerator),
          details: v.optional(accelerator),
        },
      ),
    ),
    keychain: v.optional(
      strict(
        { service: v.optional(v.pipe(v.string('expected text'), v.regex(/^[A-Za-z0-9 ._:-]{1,64}$/, 'expected 1-64 letters, digits, space, . _ : or -'))) },
      ),
    ),
    logging: v.optional(
      strict(
        {
          // Never quieter than info: the log file is where IT reads the connectivity story.
          level: v.optional(v.picklist(FILE_LOG_LEVELS, 'expected "info", "debug" or "trace" (the connectivity log is always kept at info)')),
          maxFileBytes: v.optional(int(16_384, 1_073_741_824, 'bytes')),
          maxFiles: v.optional(int(1, 50, 'a file count')),
        },
      ),
    ),
  },
);

export type ConfigLayer = v.InferOutput<typeof ConfigLayerSchema>;

/** Every key filled in: what the app runs with. */
export interface ToolbarConfig {
  mode: HaMode;
  endpoints: { primary: string; backup?: string | undefined };
  applicationName: string;
  dn: string;
  agentId: string | null;
  addp: { timeoutMs: number; remoteTimeoutMs: number };
  requestTimeoutMs: number;
  reconnect: ReconnectSettings;
  ui: {
    alwaysOnTop: boolean;
    compact: boolean;
    theme: 'system' | 'light' | 'dark';
    notifications: boolean;
    notReadyReasons: NotReadyReason[];
    alarmGraceMs: number;
  };
  shortcuts: ShortcutsConfig;
  keychain: { service: string };
  logging: { level: FileLogLevel; maxFileBytes: number; maxFiles: number };
}

/** Global shortcuts: `global` turns them on; each action's accelerator, or null for none. */
export interface ShortcutsConfig {
  global: boolean;
  ready: string | null;
  notReady: string | null;
  reconnectNow: string | null;
  details: string | null;
}

/** Top-level keys replaced whole by a layer; the others merge key by key. */
export const ATOMIC_KEYS: ReadonlySet<string> = new Set(['endpoints']);
