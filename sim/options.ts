// Validates SimulatorOptions and fills in the documented defaults.
import { createSecureContext } from 'node:tls';
import type { SecureContext } from 'node:tls';
import * as v from 'valibot';
import type { SimMode, SimTlsOptions, SimulatorOptions } from './types.ts';

export interface ResolvedEndpoint {
  host: string;
  port: number;
}

export interface ResolvedServer extends ResolvedEndpoint {
  /** Made once from the key and certificate, so a bad PEM fails startSimulator, not the first client. */
  tls: SecureContext | null;
}

export interface ResolvedOptions {
  mode: SimMode;
  a: ResolvedServer;
  b: ResolvedServer;
  control: ResolvedEndpoint | null;
  promoteDelayMs: number;
  logoutOnDisconnectMs: number | null;
  applicationPassword: string | null;
  dns: string[];
  agents: Array<{ id: string; password?: string }>;
  maxCallsPerDn: number;
  afterCallWorkDns: string[];
  now: () => number;
}

export const DEFAULTS = {
  a: { host: '127.0.0.1', port: 7001 },
  b: { host: '127.0.0.1', port: 7002 },
  control: { host: '127.0.0.1', port: 7099 },
  dns: Array.from({ length: 10 }, (_, i) => String(5001 + i)),
  agents: Array.from({ length: 10 }, (_, i) => ({ id: String(1001 + i) })),
  /** Lines per DN: an agent's active call, one on hold, a consultation and one more. */
  maxCallsPerDn: 4,
} as const;

/** Most lines a simulated phone may have (each call costs the switch a record and its UserData). */
export const MAX_CALLS_PER_DN = 64;

/** Largest setTimeout delay Node honours (about 24.8 days). */
const MAX_DELAY_MS = 2 ** 31 - 1;

const Port = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535));
const Host = v.optional(v.pipe(v.string(), v.nonEmpty()));
const Endpoint = v.strictObject({ host: Host, port: v.optional(Port) });
const Pem = v.union([v.pipe(v.string(), v.nonEmpty()), v.pipe(v.instance(Buffer), v.check((b) => b.length > 0, 'expected a non-empty Buffer'))]);
const ServerEndpoint = v.strictObject({ host: Host, port: v.optional(Port), tls: v.optional(v.strictObject({ key: Pem, cert: Pem })) });
const DelayMs = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_DELAY_MS));
const Id = v.pipe(v.string(), v.nonEmpty(), v.maxLength(64));

const OptionsSchema = v.strictObject({
  mode: v.optional(v.picklist(['warm', 'hot'])),
  a: v.optional(ServerEndpoint),
  b: v.optional(ServerEndpoint),
  control: v.optional(v.union([Endpoint, v.literal(false)])),
  promoteDelayMs: v.optional(DelayMs),
  logoutOnDisconnectMs: v.optional(v.nullable(DelayMs)),
  applicationPassword: v.optional(v.nullable(v.string())),
  dns: v.optional(v.pipe(v.array(Id), v.nonEmpty())),
  agents: v.optional(v.array(v.strictObject({ id: Id, password: v.optional(v.string()) }))),
  maxCallsPerDn: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_CALLS_PER_DN))),
  afterCallWorkDns: v.optional(v.array(Id)),
  now: v.optional(v.function()),
});

/** Node's own check of the PEM (parse, key matches certificate), reported as an option error. */
function secureContext(name: 'a' | 'b', tls: SimTlsOptions | undefined): SecureContext | null {
  if (!tls) return null;
  try {
    return createSecureContext({ key: tls.key, cert: tls.cert });
  } catch (err) {
    throw new TypeError(`invalid simulator option ${name}.tls: ${err instanceof Error ? err.message : String(err)}`);
  }
}

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
  const unknownAcw = (o.afterCallWorkDns ?? []).find((dn) => !dns.includes(dn));
  if (unknownAcw !== undefined) throw new TypeError(`invalid simulator option afterCallWorkDns: DN ${unknownAcw} is not in dns`);
  return {
    mode: o.mode ?? 'hot',
    a: { host: o.a?.host ?? DEFAULTS.a.host, port: o.a?.port ?? DEFAULTS.a.port, tls: secureContext('a', o.a?.tls) },
    b: { host: o.b?.host ?? DEFAULTS.b.host, port: o.b?.port ?? DEFAULTS.b.port, tls: secureContext('b', o.b?.tls) },
    control: o.control === false ? null : { ...DEFAULTS.control, ...o.control },
    promoteDelayMs: o.promoteDelayMs ?? 0,
    logoutOnDisconnectMs: o.logoutOnDisconnectMs ?? null,
    applicationPassword: o.applicationPassword ?? null,
    dns,
    agents: agents.map((a) => (a.password === undefined ? { id: a.id } : { id: a.id, password: a.password })),
    maxCallsPerDn: o.maxCallsPerDn ?? DEFAULTS.maxCallsPerDn,
    afterCallWorkDns: [...(o.afterCallWorkDns ?? [])],
    now: (options.now as (() => number) | undefined) ?? Date.now,
  };
}
