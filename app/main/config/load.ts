// Config from three layers, in order: built-in defaults (the embedded
// simulator), the machine file's `defaults`, the user's file, and last the
// machine file's `enforced` section, which nothing overrides. A bad file never
// throws: each problem is reported (file, key path, what was expected) and the
// offending key, or the whole unreadable file, is left out.
import * as v from 'valibot';
import YAML from 'yaml';
import { isSecretKey } from '../logging/redact.ts';
import { BUILTIN_DEFAULTS } from './defaults.ts';
import { ATOMIC_KEYS, ConfigLayerSchema } from './schema.ts';
import type { ConfigLayer, ToolbarConfig } from './schema.ts';

export interface ConfigProblem {
  file: string;
  /** Dotted key path (`reconnect.maxDelayMs`), or '' for the whole file. */
  key: string;
  message: string;
}

export interface LoadedConfig {
  config: ToolbarConfig;
  problems: ConfigProblem[];
  /** User keys dropped because the machine file enforces them. */
  ignoredUserKeys: string[];
  /** True when no file set the endpoints: the embedded simulator is the target. */
  builtinEndpoints: boolean;
  /** Files that were read (existing ones only). */
  sources: string[];
}

export type ReadText = (path: string) => string | null;

const MAX_FILE_BYTES = 256 * 1024;

type Layer = Record<string, unknown>;

/** Parses one YAML text; null and a problem when it is not a readable mapping. */
function parseYaml(file: string, text: string, problems: ConfigProblem[]): Layer | null {
  if (text.length > MAX_FILE_BYTES) {
    problems.push({ file, key: '', message: `file is larger than ${MAX_FILE_BYTES} bytes; ignored` });
    return null;
  }
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const where = first.linePos ? `line ${first.linePos[0].line}, column ${first.linePos[0].col}: ` : '';
    problems.push({ file, key: '', message: `not valid YAML (${where}${first.message.split('\n')[0]}); the whole file is ignored` });
    return null;
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 50 });
  } catch (err) {
    problems.push({ file, key: '', message: `cannot be read as YAML (${(err as Error).message}); the whole file is ignored` });
    return null;
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push({ file, key: '', message: 'expected a mapping of keys at the top level; the whole file is ignored' });
    return null;
  }
  return value as Layer;
}

/** Removes secret-looking keys at any depth, reporting each one. */
function rejectSecrets(file: string, value: unknown, path: string[], problems: ConfigProblem[]): void {
  if (value === null || typeof value !== 'object') return;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const keyPath = [...path, key];
    if (isSecretKey(key)) {
      problems.push({
        file,
        key: keyPath.join('.'),
        message: 'looks like a secret; secrets are never accepted in config files (the toolbar keeps passwords in the OS keychain). The key is ignored',
      });
      delete record[key];
    } else {
      rejectSecrets(file, record[key], keyPath, problems);
    }
  }
}

function issuePath(issue: v.BaseIssue<unknown>): string[] {
  return (issue.path ?? []).map((item) => String(item.key));
}

function deleteAt(layer: Layer, path: string[]): void {
  let node: unknown = layer;
  for (const key of path.slice(0, -1)) {
    node = (node as Record<string, unknown> | undefined)?.[key];
    if (node === null || typeof node !== 'object') return;
  }
  const last = path.at(-1);
  if (last !== undefined) delete (node as Record<string, unknown>)[last];
}

/** Validates one layer; invalid keys are reported and dropped, the rest kept. */
export function validateLayer(file: string, raw: Layer, problems: ConfigProblem[], section = ''): ConfigLayer {
  const prefix = section ? `${section}.` : '';
  const layer = structuredClone(raw);
  rejectSecrets(file, layer, section ? [section] : [], problems);
  // Each pass drops the keys with issues; bounded because every pass removes at least one.
  for (let pass = 0; pass < 100; pass++) {
    const result = v.safeParse(ConfigLayerSchema, layer);
    if (result.success) return result.output;
    for (const issue of result.issues) {
      const path = issuePath(issue);
      const shown = path.length > 0 ? `${prefix}${path.join('.')}` : section;
      const got = issue.expected === 'never' || issue.input === undefined ? '' : `, got ${describe(issue.input)}`;
      problems.push({ file, key: shown, message: `${issue.message}${got}; the key is ignored` });
      if (path.length === 0) return {};
      // Half an atomic value (endpoints without its primary) is worse than none.
      deleteAt(layer, ATOMIC_KEYS.has(path[0]!) ? path.slice(0, 1) : path);
    }
  }
  return {};
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text === undefined ? typeof value : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Leaf key paths a layer sets (atomic keys count as one leaf). */
export function leafKeys(layer: ConfigLayer): string[] {
  const keys: string[] = [];
  for (const [key, value] of Object.entries(layer)) {
    if (value === undefined) continue;
    if (!ATOMIC_KEYS.has(key) && value !== null && typeof value === 'object') {
      for (const [sub, subValue] of Object.entries(value)) if (subValue !== undefined) keys.push(`${key}.${sub}`);
    } else {
      keys.push(key);
    }
  }
  return keys;
}

function mergeInto(base: Layer, layer: ConfigLayer): void {
  for (const [key, value] of Object.entries(layer)) {
    if (value === undefined) continue;
    if (!ATOMIC_KEYS.has(key) && value !== null && typeof value === 'object') {
      const defined = Object.fromEntries(Object.entries(value).filter(([, sub]) => sub !== undefined));
      base[key] = { ...(base[key] as Layer), ...defined };
    } else {
      base[key] = value;
    }
  }
}

function withoutKeys(layer: ConfigLayer, drop: ReadonlySet<string>): ConfigLayer {
  const out = structuredClone(layer) as Layer;
  for (const key of drop) deleteAt(out, key.split('.'));
  return out as ConfigLayer;
}

/** Cross-key rules that single keys cannot express; broken sections fall back to the defaults. */
function checkMerged(config: ToolbarConfig, problems: ConfigProblem[]): ToolbarConfig {
  const out = structuredClone(config);
  const r = out.reconnect;
  if (r.initialDelayMs > r.maxDelayMs || r.minConnectTimeoutMs > r.connectTimeoutMs) {
    problems.push({
      file: '(merged config)',
      key: 'reconnect',
      message: 'initialDelayMs must not exceed maxDelayMs, nor minConnectTimeoutMs connectTimeoutMs; using the built-in reconnect settings',
    });
    out.reconnect = structuredClone(BUILTIN_DEFAULTS.reconnect);
  }
  if (out.mode === 'hot' && !out.endpoints.backup) {
    problems.push({ file: '(merged config)', key: 'mode', message: 'hot standby needs a backup endpoint; running in warm mode with the primary only' });
    out.mode = 'warm';
  }
  return out;
}

export interface LoadConfigInput {
  machinePath: string;
  userPath: string;
  /** Returns the text, or null when the file does not exist; throws for other read errors. */
  readText: ReadText;
}

export function loadConfig({ machinePath, userPath, readText }: LoadConfigInput): LoadedConfig {
  const problems: ConfigProblem[] = [];
  const sources: string[] = [];

  const read = (file: string): Layer | null => {
    let text: string | null;
    try {
      text = readText(file);
    } catch (err) {
      problems.push({ file, key: '', message: `cannot be read (${(err as Error).message}); ignored` });
      return null;
    }
    if (text === null) return null;
    sources.push(file);
    return parseYaml(file, text, problems);
  };

  let machineDefaults: ConfigLayer = {};
  let enforced: ConfigLayer = {};
  const machine = read(machinePath);
  if (machine) {
    for (const key of Object.keys(machine)) {
      if (key !== 'defaults' && key !== 'enforced') {
        problems.push({ file: machinePath, key, message: 'unknown top-level key; the machine file has only "defaults" and "enforced" sections; the key is ignored' });
      }
    }
    for (const section of ['defaults', 'enforced'] as const) {
      const body = machine[section];
      if (body === undefined || body === null) continue;
      if (typeof body !== 'object' || Array.isArray(body)) {
        problems.push({ file: machinePath, key: section, message: 'expected a mapping of config keys; the section is ignored' });
        continue;
      }
      const layer = validateLayer(machinePath, body as Layer, problems, section);
      if (section === 'defaults') machineDefaults = layer;
      else enforced = layer;
    }
  }

  const userRaw = read(userPath);
  let user: ConfigLayer = userRaw ? validateLayer(userPath, userRaw, problems) : {};

  const enforcedKeys = new Set(leafKeys(enforced));
  const ignoredUserKeys = leafKeys(user).filter((key) => enforcedKeys.has(key));
  if (ignoredUserKeys.length > 0) user = withoutKeys(user, new Set(ignoredUserKeys));

  const merged = structuredClone(BUILTIN_DEFAULTS) as unknown as Layer;
  for (const layer of [machineDefaults, user, enforced]) mergeInto(merged, layer);

  const builtinEndpoints = [machineDefaults, user, enforced].every((layer) => layer.endpoints === undefined);
  return {
    config: checkMerged(merged as unknown as ToolbarConfig, problems),
    problems,
    ignoredUserKeys,
    builtinEndpoints,
    sources,
  };
}
