// Config from three layers, in order: built-in defaults (the embedded
// simulator), the machine file's `defaults`, the user's file, and last the
// machine file's `enforced` section, which nothing overrides. A bad file never
// throws: each problem is reported (file, key path, what was expected) and the
// offending key, or the whole unreadable file, is left out.
//
// Two mistakes are not left out but block the session (`blocked`; the toolbar fails
// closed and says why in the window): a machine-wide file that cannot be read, since
// its `enforced:` section might say anything and the agent's own file must not win
// in its place; and `endpoints` that cannot be used in the layer that would decide
// them, since falling back would connect the agent somewhere nobody chose (the
// built-in simulator, or another layer's servers).
import * as v from 'valibot';
import YAML from 'yaml';
import { isSecretKey } from '../logging/redact.ts';
import { BUILTIN_DEFAULTS } from './defaults.ts';
import { ConfigFileError, MAX_CONFIG_FILE_BYTES } from './read-file.ts';
import { ATOMIC_KEYS, ConfigLayerSchema } from './schema.ts';
import type { ConfigLayer, ToolbarConfig } from './schema.ts';

export interface ConfigProblem {
  file: string;
  /** Dotted key path (`reconnect.maxDelayMs`), or '' for the whole file. */
  key: string;
  message: string;
}

/**
 * Why no session may start, from the files alone: `enforced-unreadable` — the machine-wide
 * file exists but cannot be read as a config (its `enforced:` section is unknown);
 * `endpoints-invalid` — the layer that decides `endpoints` sets them wrongly. `problems`
 * are the loader's own for that file and key (also in `LoadedConfig.problems`).
 */
export interface ConfigBlock {
  state: 'enforced-unreadable' | 'endpoints-invalid';
  file: string;
  problems: ConfigProblem[];
}

export interface LoadedConfig {
  config: ToolbarConfig;
  problems: ConfigProblem[];
  /** User keys dropped because the machine file enforces them (even where the enforced value itself was invalid). */
  ignoredUserKeys: string[];
  /** True when no file set the endpoints: the embedded simulator is the target (in development). */
  builtinEndpoints: boolean;
  /** Files that were read (existing ones only). */
  sources: string[];
  /** Where the toolbar looked: named when it says it is not configured (null: the host reads no files, e.g. the CLIs). */
  files: { machine: string; user: string } | null;
  /** Set when the files forbid starting a session (see ConfigBlock); the config is then not to be used. */
  blocked: ConfigBlock | null;
}

export type ReadText = (path: string) => string | null;

type Layer = Record<string, unknown>;

/** The first alias that refers to a node it is itself part of (`a: &a [*a]`), with its line, or null. */
function recursiveAlias(doc: YAML.Document, lines: YAML.LineCounter): string | null {
  let found: string | null = null;
  YAML.visit(doc, {
    Alias(_key, node, path) {
      const target = node.resolve(doc);
      if (target && path.includes(target)) {
        const at = node.range ? lines.linePos(node.range[0]) : null;
        found = `${at ? `line ${at.line}, column ${at.col}: ` : ''}alias *${node.source} refers to the node it is part of`;
        return YAML.visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Parses one YAML text; null and a problem when it is not a readable mapping. */
function parseYaml(file: string, text: string, problems: ConfigProblem[]): Layer | null {
  // Checked again here for readers other than readConfigFile (which checks before reading).
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CONFIG_FILE_BYTES) {
    problems.push({ file, key: '', message: `is larger than ${MAX_CONFIG_FILE_BYTES} bytes (${bytes} bytes); the whole file is ignored` });
    return null;
  }
  const lines = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { uniqueKeys: true, prettyErrors: true, lineCounter: lines });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const where = first.linePos ? `line ${first.linePos[0].line}, column ${first.linePos[0].col}: ` : '';
    // The parser reports a stack overflow on absurd nesting as its error: say what it means.
    const what = /Maximum call stack/.test(first.message) ? 'nested too deeply' : first.message.split('\n')[0];
    problems.push({ file, key: '', message: `not valid YAML (${where}${what}); the whole file is ignored` });
    return null;
  }
  // The yaml package builds a cyclic object from a recursive alias (it bounds only how many
  // aliases are expanded, maxAliasCount); every walk over it would then never end.
  const recursion = recursiveAlias(doc, lines);
  if (recursion) {
    problems.push({ file, key: '', message: `not valid as config (${recursion}: a recursive alias); the whole file is ignored` });
    return null;
  }
  let value: unknown;
  try {
    // Billion laughs: at most 50 alias expansions (more is refused with the package's error).
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

  /** The file's top-level mapping; null when absent, and `false` when it exists but cannot be used. */
  const read = (file: string): Layer | null | false => {
    let text: string | null;
    try {
      text = readText(file);
    } catch (err) {
      const message = err instanceof ConfigFileError ? `${err.message}; the whole file is ignored` : `cannot be read (${(err as Error).message}); ignored`;
      problems.push({ file, key: '', message });
      return false;
    }
    if (text === null) return null;
    sources.push(file);
    return parseYaml(file, text, problems) ?? false;
  };

  let blocked: ConfigBlock | null = null;
  const blockFor = (state: ConfigBlock['state'], file: string, from: number) => {
    blocked ??= { state, file, problems: problems.slice(from).filter((p) => p.file === file) };
  };

  let machineDefaults: ConfigLayer = {};
  let enforced: ConfigLayer = {};
  /** What the enforced section set, valid or not: the agent's file may not set those keys either. */
  let enforcedRaw: Layer = {};
  const machineFrom = problems.length;
  const machine = read(machinePath);
  if (machine === false) blockFor('enforced-unreadable', machinePath, machineFrom);
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
        const from = problems.length;
        problems.push({ file: machinePath, key: section, message: 'expected a mapping of config keys; the section is ignored' });
        if (section === 'enforced') blockFor('enforced-unreadable', machinePath, from);
        continue;
      }
      const layer = validateLayer(machinePath, body as Layer, problems, section);
      if (section === 'defaults') machineDefaults = layer;
      else {
        enforced = layer;
        enforcedRaw = body as Layer;
      }
    }
  }

  const userRaw = read(userPath);
  let user: ConfigLayer = userRaw ? validateLayer(userPath, userRaw, problems) : {};

  const enforcedKeys = new Set(leafKeys(enforcedRaw as ConfigLayer));
  const ignoredUserKeys = leafKeys(user).filter((key) => enforcedKeys.has(key));
  if (ignoredUserKeys.length > 0) user = withoutKeys(user, new Set(ignoredUserKeys));

  // Who decides the endpoints: the highest layer that set them at all, valid or not.
  const endpointLayers = [
    { file: machinePath, raw: enforcedRaw, layer: enforced, key: 'enforced.endpoints' },
    { file: userPath, raw: userRaw && !enforcedKeys.has('endpoints') ? userRaw : {}, layer: user, key: 'endpoints' },
    { file: machinePath, raw: machine ? (machine['defaults'] as Layer | undefined) ?? {} : {}, layer: machineDefaults, key: 'defaults.endpoints' },
  ];
  const decider = endpointLayers.find((l) => typeof l.raw === 'object' && l.raw !== null && (l.raw as Layer)['endpoints'] !== undefined);
  if (decider && decider.layer.endpoints === undefined) {
    blocked ??= { state: 'endpoints-invalid', file: decider.file, problems: problems.filter((p) => p.file === decider.file && (p.key === decider.key || p.key.startsWith(`${decider.key}.`))) };
  }

  const merged = structuredClone(BUILTIN_DEFAULTS) as unknown as Layer;
  for (const layer of [machineDefaults, user, enforced]) mergeInto(merged, layer);

  const builtinEndpoints = [machineDefaults, user, enforced].every((layer) => layer.endpoints === undefined);
  return {
    config: checkMerged(merged as unknown as ToolbarConfig, problems),
    problems,
    ignoredUserKeys,
    builtinEndpoints: builtinEndpoints && decider === undefined,
    sources,
    files: { machine: machinePath, user: userPath },
    blocked,
  };
}
