// Validates SimulatorOptions and fills in the documented defaults.
import * as v from 'valibot';
import type { SimMode, SimulatorOptions } from './types.ts';

export interface ResolvedEndpoint {
  host: string;
  port: number;
}

export interface ResolvedOptions {
  mode: SimMode;
  a: ResolvedEndpoint;
  b: ResolvedEndpoint;
  control: ResolvedEndpoint | null;
  promoteDelayMs: number;
  logoutOnDisconnectMs: number | null;
  applicationPassword: string | null;
  dns: string[];
  agents: Array<{ id: string; password?: string }>;
  now: () => number;
}

export const DEFAULTS = {
  a: { host: '127.0.0.1', port: 7001 },
  b: { host: '127.0.0.1', port: 7002 },
  control: { host: '127.0.0.1', port: 7099 },
  dns: Array.from({ length: 10 }, (_, i) => String(5001 + i)),
  agents: Array.from({ length: 10 }, (_, i) => ({ id: String(1001 + i) })),
} as const;

/** Largest setTimeout delay Node honours (about 24.8 days). */
const MAX_DELAY_MS = 2 ** 31 - 1;

const Port = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535));
const Endpoint = v.strictObject({ host: v.optional(v.pipe(v.string(), v.nonEmpty())), port: v.optional(Port) });
const DelayMs = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_DELAY_MS));
const Id = v.pipe(v.string(), v.nonEmpty(), v.maxLength(64));

const OptionsSchema = v.strictObject({
  mode: v.optional(v.picklist(['warm', 'hot'])),
  a: v.optional(Endpoint),
  b: v.optional(Endpoint),
  control: v.optional(v.union([Endpoint, v.literal(false)])),
  promoteDelayMs: v.optional(DelayMs),
  logoutOnDisconnectMs: v.optional(v.nullable(DelayMs)),
  applicationPassword: v.optional(v.nullable(v.string())),
  dns: v.optional(v.pipe(v.array(Id), v.nonEmpty())),
  agents: v.optional(v.array(v.strictObject({ id: Id, password: v.optional(v.string()) }))),
  now: v.optional(v.function()),
});

/** Throws a TypeError naming the first bad option. */
export function validateOptions(options: SimulatorOptions): ResolvedOptions {
  const result = v.safeParse(OptionsSchema, options);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue ? v.getDotPath(issue) : null;
    throw new TypeError(`invalid simulator option${path ? ` ${path}` : ''}: ${issue?.message ?? 'unknown'}`);
  }
  const o = result.output;
  const agents: Array<{ id: string; password?: string | undefined }> = o.agents ?? DEFAULTS.agents.map((a) => ({ ...a }));
  const ids = new Set(agents.map((a) => a.id));
  if (ids.size !== agents.length) throw new TypeError('invalid simulator option agents: duplicate agent id');
  const dns = o.dns ?? [...DEFAULTS.dns];
  if (new Set(dns).size !== dns.length) throw new TypeError('invalid simulator option dns: duplicate DN');
  return {
    mode: o.mode ?? 'hot',
    a: { ...DEFAULTS.a, ...o.a },
    b: { ...DEFAULTS.b, ...o.b },
    control: o.control === false ? null : { ...DEFAULTS.control, ...o.control },
    promoteDelayMs: o.promoteDelayMs ?? 0,
    logoutOnDisconnectMs: o.logoutOnDisconnectMs ?? null,
    applicationPassword: o.applicationPassword ?? null,
    dns,
    agents: agents.map((a) => (a.password === undefined ? { id: a.id } : { id: a.id, password: a.password })),
    now: (options.now as (() => number) | undefined) ?? Date.now,
  };
}
