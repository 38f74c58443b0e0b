import { describe, expect, it } from 'vitest';
import { BUILTIN_DEFAULTS } from '../../../app/main/config/defaults.ts';
import { loadConfig } from '../../../app/main/config/load.ts';
import { machineConfigPath, userConfigPath } from '../../../app/main/config/paths.ts';
import { parseEndpoint, toSessionOptions } from '../../../app/main/config/session-options.ts';

const MACHINE = '/etc/agent-toolbar/config.yaml';
const USER = '/home/agent/.config/Agent Toolbar/config.yaml';

function load(files: { machine?: string; user?: string }) {
  return loadConfig({
    machinePath: MACHINE,
    userPath: USER,
    readText: (path) => (path === MACHINE ? (files.machine ?? null) : path === USER ? (files.user ?? null) : null),
  });
}

describe('config layers', () => {
  it('with no files, runs the built-in defaults against the embedded simulator', () => {
    const loaded = load({});
    expect(loaded.config).toEqual(BUILTIN_DEFAULTS);
    expect(loaded.problems).toEqual([]);
    expect(loaded.builtinEndpoints).toBe(true);
    expect(loaded.sources).toEqual([]);
    expect(loaded.blocked).toBeNull();
  });

  it('merges defaults < machine defaults < user < machine enforced, key by key', () => {
    const loaded = load({
      machine: [
        'defaults:',
        '  mode: warm',
        '  endpoints: { primary: "east tsrv1.example.com:3000 tls", backup: "west tsrv2.example.com:3000 tls" }',
        '  reconnect: { maxDelayMs: 20000 }',
        '  ui: { alwaysOnTop: true }',
        'enforced:',
        '  applicationName: Toolbar-Prod',
        '  reconnect: { firstDelayMaxMs: 15000 }',
      ].join('\n'),
      user: ['dn: 7002', 'agentId: "A-17"', 'reconnect:', '  initialDelayMs: 2000', 'ui:', '  theme: dark'].join('\n'),
    });
    expect(loaded.problems).toEqual([]);
    expect(loaded.ignoredUserKeys).toEqual([]);
    expect(loaded.builtinEndpoints).toBe(false);
    expect(loaded.sources).toEqual([MACHINE, USER]);
    const c = loaded.config;
    expect(c.mode).toBe('warm');
    expect(c.endpoints).toEqual({ primary: 'east tsrv1.example.com:3000 tls', backup: 'west tsrv2.example.com:3000 tls' });
    expect(c.applicationName).toBe('Toolbar-Prod');
    expect(c.dn).toBe('7002'); // a YAML number becomes the DN text
    expect(c.agentId).toBe('A-17');
    expect(c.reconnect).toEqual({ ...BUILTIN_DEFAULTS.reconnect, initialDelayMs: 2000, maxDelayMs: 20000, firstDelayMaxMs: 15000 });
    expect(c.ui).toEqual({ ...BUILTIN_DEFAULTS.ui, alwaysOnTop: true, theme: 'dark' });
  });

  it('enforced keys win over the user file, which is told which keys were ignored', () => {
    const loaded = load({
      machine: 'enforced:\n  endpoints: { primary: "p 10.0.0.1:3000", backup: "b 10.0.0.2:3000" }\n  reconnect: { maxDelayMs: 60000 }\n  ui: { alwaysOnTop: true }',
      user: 'endpoints: { primary: "mine 127.0.0.1:9999" }\nreconnect: { maxDelayMs: 1000, initialDelayMs: 500 }\nui: { alwaysOnTop: false, compact: true }',
    });
    expect(loaded.problems).toEqual([]);
    expect(loaded.ignoredUserKeys.sort()).toEqual(['endpoints', 'reconnect.maxDelayMs', 'ui.alwaysOnTop']);
    expect(loaded.config.endpoints).toEqual({ primary: 'p 10.0.0.1:3000', backup: 'b 10.0.0.2:3000' });
    expect(loaded.config.reconnect.maxDelayMs).toBe(60000);
    expect(loaded.config.reconnect.initialDelayMs).toBe(500); // not enforced: the user's value holds
    expect(loaded.config.ui).toMatchObject({ alwaysOnTop: true, compact: true });
  });

  it('replaces endpoints whole: a user primary alone does not keep the simulator backup', () => {
    const loaded = load({ user: 'mode: warm\nendpoints:\n  primary: "only 192.168.1.5:3000"' });
    expect(loaded.config.endpoints).toEqual({ primary: 'only 192.168.1.5:3000' });
    expect(loaded.builtinEndpoints).toBe(false);
  });
});

describe('config validation', () => {
  it('reports file, key path and what was expected, and keeps the valid keys', () => {
    const loaded = load({
      user: [
        'mode: cold',
        'dn: 5005',
        'reconnect:',
        '  maxDelayMs: "soon"',
        '  multiplier: 9',
        '  initalDelayMs: 100',
        'endpoints:',
        '  primary: "tsrv1.example.com:3000"',
        'colour: blue',
      ].join('\n'),
    });
    const byKey = Object.fromEntries(loaded.problems.map((p) => [p.key, p]));
    expect(Object.keys(byKey).sort()).toEqual(['colour', 'endpoints.primary', 'mode', 'reconnect.initalDelayMs', 'reconnect.maxDelayMs', 'reconnect.multiplier']);
    for (const p of loaded.problems) expect(p.file).toBe(USER);
    expect(byKey.mode!.message).toMatch(/expected "warm" or "hot", got "cold"/);
    expect(byKey['reconnect.maxDelayMs']!.message).toMatch(/expected milliseconds.*got "soon"/);
    expect(byKey['reconnect.multiplier']!.message).toMatch(/expected ≤ 5, got 9/);
    expect(byKey['reconnect.initalDelayMs']!.message).toMatch(/unknown key "initalDelayMs" \(known keys: initialDelayMs/);
    expect(byKey['endpoints.primary']!.message).toMatch(/expected "name host:port \[tls\]"/);
    expect(byKey.colour!.message).toMatch(/unknown key "colour"/);
    // The valid key of the same file still applies; the bad ones fall back.
    expect(loaded.config.dn).toBe('5005');
    expect(loaded.config.mode).toBe(BUILTIN_DEFAULTS.mode);
    expect(loaded.config.reconnect).toEqual(BUILTIN_DEFAULTS.reconnect);
    // Bad endpoints are not replaced by the simulator's: they block the session (fail-closed.test.ts).
    expect(loaded.blocked).toMatchObject({ state: 'endpoints-invalid', file: USER });
    expect(loaded.builtinEndpoints).toBe(false);
  });

  it('ignores a file that is not YAML, with the line, and falls back to the other layers', () => {
    const loaded = load({ machine: 'defaults:\n  dn: "6001"', user: 'dn: [5001\nmode: hot' });
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]).toMatchObject({ file: USER, key: '' });
    expect(loaded.problems[0]!.message).toMatch(/not valid YAML \(line \d+, column \d+: .*\); the whole file is ignored/);
    expect(loaded.config.dn).toBe('6001');
  });

  it('rejects duplicate keys, non-mapping files and unknown machine sections', () => {
    expect(load({ user: 'dn: 1\ndn: 2' }).problems[0]!.message).toMatch(/not valid YAML/);
    expect(load({ user: '- a\n- b' }).problems[0]!.message).toMatch(/expected a mapping/);
    const machine = load({ machine: 'dn: 5001\nenforced: 3' });
    expect(machine.problems.map((p) => `${p.key}: ${p.message}`)).toEqual([
      'dn: unknown top-level key; the machine file has only "defaults" and "enforced" sections; the key is ignored',
      'enforced: expected a mapping of config keys; the section is ignored',
    ]);
  });

  it('an empty file is fine', () => {
    expect(load({ user: '', machine: '# nothing yet\n' }).problems).toEqual([]);
  });

  it('rejects secrets anywhere, with a clear message, and never keeps their value', () => {
    const loaded = load({
      machine: 'enforced:\n  applicationPassword: hunter2\n  mode: warm',
      user: 'agentPassword: hunter3\nreconnect:\n  token: abc\nkeychain:\n  service: Corp Toolbar',
    });
    const keys = loaded.problems.map((p) => p.key).sort();
    expect(keys).toEqual(['agentPassword', 'enforced.applicationPassword', 'reconnect.token']);
    for (const p of loaded.problems) expect(p.message).toMatch(/secrets are never accepted in config files/);
    expect(JSON.stringify(loaded)).not.toMatch(/hunter2|hunter3|"abc"/);
    expect(loaded.config.mode).toBe('warm');
    expect(loaded.config.keychain.service).toBe('Corp Toolbar');
  });

  it('reports an unreadable file and cross-key mistakes without throwing', () => {
    const loaded = loadConfig({
      machinePath: MACHINE,
      userPath: USER,
      readText: (path) => {
        if (path === MACHINE) throw new Error('EACCES: permission denied');
        return 'reconnect: { initialDelayMs: 50000, maxDelayMs: 10000 }\nendpoints: { primary: "solo 10.1.1.1:3000" }';
      },
    });
    expect(loaded.problems.map((p) => `${p.file} ${p.key}`)).toEqual([`${MACHINE} `, '(merged config) reconnect', '(merged config) mode']);
    expect(loaded.problems[0]!.message).toMatch(/cannot be read \(EACCES/);
    expect(loaded.blocked).toMatchObject({ state: 'enforced-unreadable', file: MACHINE });
    expect(loaded.config.reconnect).toEqual(BUILTIN_DEFAULTS.reconnect);
    expect(loaded.config.mode).toBe('warm'); // hot needs a backup
  });
});

describe('config paths', () => {
  const home = '/home/agent';
  it('machine-wide file per OS', () => {
    expect(machineConfigPath({ platform: 'linux', env: {}, homedir: home })).toBe('/etc/agent-toolbar/config.yaml');
    expect(machineConfigPath({ platform: 'darwin', env: {}, homedir: home })).toBe('/Library/Application Support/AgentToolbar/config.yaml');
    expect(machineConfigPath({ platform: 'win32', env: { ProgramData: 'D:\\PD' }, homedir: 'C:\\Users\\a' })).toBe('D:\\PD\\AgentToolbar\\config.yaml');
  });
  it('user file per OS, overridable', () => {
    expect(userConfigPath({ platform: 'linux', env: {}, homedir: home })).toBe('/home/agent/.config/Agent Toolbar/config.yaml');
    expect(userConfigPath({ platform: 'linux', env: { XDG_CONFIG_HOME: '/x' }, homedir: home })).toBe('/x/Agent Toolbar/config.yaml');
    expect(userConfigPath({ platform: 'win32', env: { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, homedir: 'C:\\Users\\a' })).toBe('C:\\Users\\a\\AppData\\Roaming\\Agent Toolbar\\config.yaml');
    expect(userConfigPath({ platform: 'darwin', env: {}, homedir: '/Users/a' })).toBe('/Users/a/Library/Application Support/Agent Toolbar/config.yaml');
    expect(userConfigPath({ platform: 'linux', env: { AGENT_TOOLBAR_CONFIG: '/tmp/c.yaml' }, homedir: home })).toBe('/tmp/c.yaml');
  });
});

describe('session options', () => {
  it('parses endpoints, including IPv6 and TLS', () => {
    expect(parseEndpoint('a 127.0.0.1:7001')).toEqual({ name: 'a', host: '127.0.0.1', port: 7001 });
    expect(parseEndpoint('east tsrv1.example.com:3000 tls')).toEqual({ name: 'east', host: 'tsrv1.example.com', port: 3000, tls: true });
    expect(parseEndpoint('v6 [::1]:7001')).toEqual({ name: 'v6', host: '::1', port: 7001 });
    expect(() => parseEndpoint('nope')).toThrow(/expected "name host:port \[tls\]"/);
    expect(() => parseEndpoint('-east h:1')).toThrow(/bad server name "-east"/);
    expect(() => parseEndpoint('east ::1:7001')).toThrow(/IPv6 address needs brackets/);
  });

  it('maps the defaults to the embedded simulator pair', () => {
    const options = toSessionOptions(BUILTIN_DEFAULTS, { applicationPassword: 'x' });
    expect(options).toMatchObject({
      mode: 'hot',
      endpoints: [
        { name: 'a', host: '127.0.0.1', port: 7001 },
        { name: 'b', host: '127.0.0.1', port: 7002 },
      ],
      dn: '5001',
      agentId: '1001',
      applicationName: 'AgentToolbar',
      applicationPassword: 'x',
      addpTimeoutMs: 10000,
      reconnect: BUILTIN_DEFAULTS.reconnect,
    });
  });

  it('hands the session the host\'s logger and keychain hook, and only those it was given', () => {
    const logger = { info: () => undefined, warn: () => undefined };
    const onStoredPasswordRejected = () => undefined;
    const options = toSessionOptions(BUILTIN_DEFAULTS, { logger, onStoredPasswordRejected });
    expect(options.logger).toBe(logger);
    expect(options.onStoredPasswordRejected).toBe(onStoredPasswordRejected);
    expect('logger' in toSessionOptions(BUILTIN_DEFAULTS)).toBe(false);
  });

  it('keeps the log file at info or more verbose: a quieter level is a problem and info stays', () => {
    expect(load({ user: 'logging: { level: debug }' }).config.logging.level).toBe('debug');
    for (const level of ['warn', 'error', 'silent']) {
      const loaded = load({ user: `logging: { level: ${level} }` });
      expect(loaded.config.logging.level, level).toBe('info');
      expect(loaded.problems.map((p) => p.message), level).toEqual([expect.stringMatching(/expected "info", "debug" or "trace" \(the connectivity log is always kept at info\)/)]);
    }
  });

  it('rejects a port out of range', () => {
    const loaded = load({ user: 'endpoints: { primary: "a 127.0.0.1:70000" }' });
    expect(loaded.problems[0]!.message).toMatch(/out of range \(must be 1-65535\)/);
  });
});
