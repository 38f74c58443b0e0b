// Issue 10, "Fail closed in production": the config mistakes that must not quietly fall
// back — endpoints that cannot be used, and a machine-wide file that cannot be read —
// block the session (`blocked`); an enforced key is never taken from the agent's file,
// even when the enforced value itself is wrong; recursive YAML aliases are refused.
import { describe, expect, it } from 'vitest';
import { BUILTIN_DEFAULTS } from '../../../app/main/config/defaults.ts';
import { loadConfig } from '../../../app/main/config/load.ts';
import { ConfigFileError } from '../../../app/main/config/read-file.ts';

const MACHINE = '/etc/agent-toolbar/config.yaml';
const USER = '/home/agent/.config/Agent Toolbar/config.yaml';

function load(files: { machine?: string | Error; user?: string | Error }) {
  return loadConfig({
    machinePath: MACHINE,
    userPath: USER,
    readText: (path) => {
      const content = path === MACHINE ? files.machine : path === USER ? files.user : undefined;
      if (content instanceof Error) throw content;
      return content ?? null;
    },
  });
}

describe('endpoints that cannot be used block the session instead of falling back', () => {
  it('one bad key under the user file\'s endpoints: blocked, naming the file and the key, never the simulator', () => {
    const loaded = load({ user: 'endpoints:\n  primary: "east tsrv1.example.com:3000 tls"\n  backup: "west tsrv2.example.com:99999"' });
    expect(loaded.blocked).toEqual({
      state: 'endpoints-invalid',
      file: USER,
      problems: [{ file: USER, key: 'endpoints.backup', message: expect.stringMatching(/out of range \(must be 1-65535\)/) }],
    });
    expect(loaded.builtinEndpoints).toBe(false);
  });

  it('an unknown key under enforced endpoints blocks too, even with a valid user file', () => {
    const loaded = load({
      machine: 'enforced:\n  endpoints: { primary: "p 10.0.0.1:3000", standby: "b 10.0.0.2:3000" }',
      user: 'endpoints: { primary: "mine 127.0.0.1:9999" }',
    });
    expect(loaded.blocked).toMatchObject({ state: 'endpoints-invalid', file: MACHINE });
    expect(loaded.blocked!.problems.map((p) => p.key)).toEqual(['enforced.endpoints.standby']);
    // The agent's endpoints do not stand in for IT's.
    expect(loaded.ignoredUserKeys).toEqual(['endpoints']);
    expect(loaded.builtinEndpoints).toBe(false);
  });

  it('endpoints that are not a mapping (or null) block as well', () => {
    expect(load({ user: 'endpoints: "a 127.0.0.1:7001"' }).blocked?.state).toBe('endpoints-invalid');
    expect(load({ user: 'endpoints: null' }).blocked?.state).toBe('endpoints-invalid');
  });

  it('bad endpoints in a layer that does not decide them are only reported', () => {
    const loaded = load({
      machine: 'defaults:\n  endpoints: { primary: "broken" }\nenforced:\n  mode: warm\n  endpoints: { primary: "p 10.0.0.1:3000" }',
    });
    expect(loaded.blocked).toBeNull();
    expect(loaded.problems.map((p) => p.key)).toEqual(['defaults.endpoints.primary']);
    expect(loaded.config.endpoints).toEqual({ primary: 'p 10.0.0.1:3000' });
  });

  it('valid endpoints, and no endpoints at all, do not block', () => {
    expect(load({ user: 'endpoints: { primary: "a 10.0.0.1:3000" }' }).blocked).toBeNull();
    const none = load({ user: 'dn: 5005' });
    expect(none.blocked).toBeNull();
    expect(none.builtinEndpoints).toBe(true);
  });
});

describe('a machine-wide file that cannot be read blocks the session', () => {
  it.each([
    ['unreadable', new Error('EACCES: permission denied, open \'/etc/agent-toolbar/config.yaml\''), /cannot be read \(EACCES/],
    ['a FIFO', new ConfigFileError('is a named pipe (FIFO), not a regular file'), /is a named pipe \(FIFO\), not a regular file; the whole file is ignored/],
    ['too large', new ConfigFileError('is larger than 262144 bytes (300000 bytes)'), /is larger than 262144 bytes/],
    ['not YAML', 'enforced:\n  mode: [hot', /not valid YAML/],
    ['a list', '- enforced', /expected a mapping of keys at the top level/],
    ['an enforced section that is not a mapping', 'enforced: hot', /expected a mapping of config keys; the section is ignored/],
    ['a recursive alias', 'enforced: &e\n  ui: *e', /recursive alias/],
  ])('%s: blocked, and the user file does not win in its place', (_what, machine, message) => {
    const loaded = load({ machine, user: 'endpoints: { primary: "mine 127.0.0.1:9999" }\nmode: warm' });
    expect(loaded.blocked).toMatchObject({ state: 'enforced-unreadable', file: MACHINE });
    expect(loaded.blocked!.problems).toHaveLength(1);
    expect(loaded.blocked!.problems[0]!.message).toMatch(message);
  });

  it('no machine file at all is fine (the user file decides)', () => {
    const loaded = load({ user: 'endpoints: { primary: "mine 127.0.0.1:9999" }' });
    expect(loaded.blocked).toBeNull();
    expect(loaded.config.endpoints).toEqual({ primary: 'mine 127.0.0.1:9999' });
  });

  it('names the files it looked in', () => {
    expect(load({}).files).toEqual({ machine: MACHINE, user: USER });
  });
});

describe('enforced keys are never taken from the agent\'s file', () => {
  it('an invalid enforced value falls back below the user layer, and the user\'s value is ignored', () => {
    const loaded = load({
      machine: 'defaults:\n  reconnect: { maxDelayMs: 20000 }\nenforced:\n  reconnect: { maxDelayMs: "soon" }\n  ui: { alwaysOnTop: maybe }',
      user: 'reconnect: { maxDelayMs: 1000, initialDelayMs: 500 }\nui: { alwaysOnTop: false, theme: dark }',
    });
    expect(loaded.blocked).toBeNull();
    expect(loaded.ignoredUserKeys.sort()).toEqual(['reconnect.maxDelayMs', 'ui.alwaysOnTop']);
    expect(loaded.config.reconnect.maxDelayMs).toBe(20000); // the machine default, not the agent's 1000
    expect(loaded.config.reconnect.initialDelayMs).toBe(500); // not enforced: the agent's value holds
    expect(loaded.config.ui.alwaysOnTop).toBe(BUILTIN_DEFAULTS.ui.alwaysOnTop);
    expect(loaded.config.ui.theme).toBe('dark');
    expect(loaded.problems.map((p) => p.key).sort()).toEqual(['enforced.reconnect.maxDelayMs', 'enforced.ui.alwaysOnTop']);
  });
});

describe('YAML that would never finish', () => {
  it.each([
    ['a list that contains itself', 'ui: &u [*u]', /line 1, column \d+: alias \*u refers to the node it is part of: a recursive alias/],
    ['a mapping that contains itself, deeper', 'reconnect: &r\n  nested:\n    again: [1, *r]', /line 3, column \d+: alias \*r refers to the node it is part of/],
  ])('%s is refused with a clear error, not a stack overflow', (_what, user, message) => {
    const loaded = load({ user });
    expect(loaded.problems).toEqual([{ file: USER, key: '', message: expect.stringMatching(message) }]);
    expect(loaded.config).toEqual(BUILTIN_DEFAULTS);
  });

  it('plain aliases still work, and alias bombs are refused by the expansion limit', () => {
    expect(load({ user: 'ui: &u { compact: true }\nshortcuts: { global: false }\n' }).problems).toEqual([]);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', 'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]', 'd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]'].join('\n');
    expect(load({ user: bomb }).problems[0]!.message).toMatch(/cannot be read as YAML \(.*alias/i);
  });

  it('absurd nesting is reported as such', () => {
    const loaded = load({ user: `a: ${'['.repeat(5000)}${']'.repeat(5000)}` });
    expect(loaded.problems[0]!.message).toMatch(/not valid YAML \(.*nested too deeply\); the whole file is ignored/);
  });

  it('a text over the bound from any reader is refused by its size in bytes', () => {
    const loaded = load({ user: `# ${'é'.repeat(140 * 1024)}` });
    expect(loaded.problems[0]!.message).toMatch(/is larger than 262144 bytes \(\d+ bytes\); the whole file is ignored/);
  });
});
