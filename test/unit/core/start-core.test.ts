// The one composition root (issue 10): what the session is pointed at (a packaged app
// fails closed, tested with isPackaged injected), where passwords come from, what the
// session is given, the keychain read behind an open window, and stop at any moment.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { loadConfig } from '../../../app/main/config/load.ts';
import type { LoadedConfig } from '../../../app/main/config/load.ts';
import { chooseTarget, configWithoutFiles, startToolbarCore } from '../../../app/main/core/start-core.ts';
import type { EmbeddedSimulator, ToolbarCoreDeps, ToolbarCoreInput } from '../../../app/main/core/start-core.ts';
import { IpcServer } from '../../../app/main/ipc/ipc-server.ts';
import { MemoryCredentialStore } from '../../../app/main/credentials/memory-store.ts';
import { SecretValues } from '../../../app/main/logging/redact.ts';
import type { SessionOptions, ToolbarSession } from '../../../app/main/tserver/session/api.ts';
import { ConnectivitySnapshotSchema } from '../../../app/shared/connectivity.ts';
import type { ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';
import { FakeSession } from '../ipc/fixtures.ts';

const MACHINE = '/etc/agent-toolbar/config.yaml';
const USER = '/home/agent/.config/Agent Toolbar/config.yaml';
const EXAMPLE = readFileSync(join(import.meta.dirname, '..', '..', '..', 'build', 'config', 'config.example.yaml'), 'utf8');

function loadFiles(files: { machine?: string; user?: string } = {}): LoadedConfig {
  return loadConfig({ machinePath: MACHINE, userPath: USER, readText: (p) => (p === MACHINE ? (files.machine ?? null) : p === USER ? (files.user ?? null) : null) });
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function recordingLog() {
  const lines: { level: string; fields: Record<string, unknown>; msg: string }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, msg: string) => void lines.push({ level, fields, msg });
  const log = { info: at('info'), warn: at('warn'), error: at('error'), child: () => log };
  return { log, lines };
}

function harness(input: Partial<ToolbarCoreInput> & { loaded: LoadedConfig }, deps: Partial<ToolbarCoreDeps> = {}) {
  const sessions: { options: SessionOptions; session: FakeSession }[] = [];
  const simStarts: { mode: string }[] = [];
  const simClosed: number[] = [];
  const { log, lines } = recordingLog();
  const secrets = new SecretValues();
  const credentials = deps.credentials ?? new MemoryCredentialStore();
  const sim: EmbeddedSimulator = {
    servers: { a: { host: '127.0.0.1', port: 7001 }, b: { host: '127.0.0.1', port: 7002 } },
    controlUrl: 'http://127.0.0.1:7099',
    close: async () => void simClosed.push(1),
  };
  const core = startToolbarCore(
    { isPackaged: false, ...input },
    {
      log,
      secrets,
      credentials,
      env: {},
      startSimulator: async (opts) => {
        simStarts.push(opts);
        return sim;
      },
      createSession: (options): ToolbarSession => {
        const session = new FakeSession();
        sessions.push({ options, session });
        return session;
      },
      ...deps,
    },
  );
  return { core, sessions, simStarts, simClosed, lines, secrets, credentials };
}

const handlersOf = (core: ReturnType<typeof startToolbarCore>) =>
  new IpcServer(core.handlers({ diagnostics: { appVersion: '0.1.0', platform: 'test', logLines: () => [], now: () => 1_700_000_000_000 } }), { warn: () => undefined });
const call = (server: IpcServer, name: string, args: unknown[] = []) => server.handle({ name, args, senderOk: true, senderDescription: 'test' });

describe('a packaged start without endpoints never starts the simulator', () => {
  it('says not configured, naming the files it looked in, in the snapshot, the requests and the diagnostics', async () => {
    const h = harness({ loaded: loadFiles(), isPackaged: true });
    await h.core.ready;
    expect(h.simStarts).toEqual([]);
    expect(h.sessions).toEqual([]);
    const snapshot = h.core.session.snapshot();
    expect(v.safeParse(ConnectivitySnapshotSchema, snapshot).success).toBe(true);
    expect(snapshot).toMatchObject({
      phase: 'failed',
      server: null,
      setup: { state: 'not-configured', files: [MACHINE, USER], problems: [] },
      lastError: { code: null, retryable: false, message: `Not configured: no T-Server endpoints are set in ${MACHINE} or ${USER}. Ask IT to configure the toolbar.` },
    });
    h.core.session.start();
    expect(h.core.session.checkNow('user')).toBe(false);

    const ipc = handlersOf(h.core);
    expect(await call(ipc, 'agentReady')).toEqual({
      ok: false,
      error: { kind: 'failed', code: null, retryable: false, server: null, message: expect.stringMatching(/^Not configured: no T-Server endpoints/) },
    });
    const diag = await call(ipc, 'copyDiagnostics');
    const text = (diag as { ok: true; value: { text: string } }).value.text;
    expect(text).toContain('"state": "not-configured"');
    expect(text).toContain(MACHINE);
    expect(h.lines.find((l) => l.level === 'error')?.msg).toMatch(/^no session started: Not configured/);
  });

  it('the same without a startSimulator at all (a host that cannot start one)', async () => {
    const h = harness({ loaded: loadFiles(), isPackaged: false }, { startSimulator: undefined });
    await h.core.ready;
    expect(h.core.setup()?.state).toBe('not-configured');
    expect(h.sessions).toEqual([]);
  });

  it('from the source tree it starts the simulator and points the session at it', async () => {
    const h = harness({ loaded: loadFiles(), isPackaged: false });
    await h.core.ready;
    expect(h.simStarts).toEqual([{ mode: 'hot' }]);
    expect(h.sessions).toHaveLength(1);
    expect(h.sessions[0]!.options.endpoints).toEqual([
      { name: 'a', host: '127.0.0.1', port: 7001 },
      { name: 'b', host: '127.0.0.1', port: 7002 },
    ]);
    expect(h.core.config.endpoints).toEqual({ primary: 'a 127.0.0.1:7001', backup: 'b 127.0.0.1:7002' });
    expect(h.core.configSummary()).toMatchObject({ simulator: 'http://127.0.0.1:7099', packaged: false, setup: null });
    expect(h.core.setup()).toBeNull();
  });

  it('a packaged app runs it only with the developer flag, saying so at warn', async () => {
    const h = harness({ loaded: loadFiles(), isPackaged: true, developerSimulator: true });
    await h.core.ready;
    expect(h.simStarts).toHaveLength(1);
    expect(h.lines.some((l) => l.level === 'warn' && /developer flag: the embedded simulator runs in a packaged app/.test(l.msg))).toBe(true);
  });

  it('the developer flag never replaces endpoints a file set, nor lifts a block', async () => {
    const configured = harness({ loaded: loadFiles({ machine: EXAMPLE }), isPackaged: true, developerSimulator: true });
    await configured.core.ready;
    expect(configured.simStarts).toEqual([]);
    expect(configured.sessions[0]!.options.endpoints.map((e) => e.name)).toEqual(['tserver-east', 'tserver-west']);

    const blocked = harness({ loaded: loadFiles({ user: 'endpoints: { primary: "a 127.0.0.1:99999" }' }), isPackaged: false, developerSimulator: true });
    await blocked.core.ready;
    expect(blocked.simStarts).toEqual([]);
    expect(blocked.sessions).toEqual([]);
  });
});

describe('a config that cannot be used fails closed, packaged or not', () => {
  it.each([false, true])('one bad key under endpoints (packaged: %s): a configuration error in the window, no simulator', async (isPackaged) => {
    const h = harness({ loaded: loadFiles({ user: 'endpoints:\n  primary: "east tsrv1.example.com:3000"\n  backup: "west tsrv2:3000 tsl"' }), isPackaged });
    await h.core.ready;
    expect(h.simStarts).toEqual([]);
    expect(h.sessions).toEqual([]);
    expect(h.core.session.snapshot()).toMatchObject({
      phase: 'failed',
      setup: { state: 'endpoints-invalid', files: [USER], problems: [{ file: USER, key: 'endpoints.backup' }] },
      lastError: { retryable: false, message: expect.stringMatching(new RegExp(`^Configuration error: the endpoints in ${USER} cannot be used \\(endpoints.backup: `)) },
    });
  });

  it('an unreadable machine-wide file: no session, even with valid endpoints in the user file', async () => {
    const loaded = loadConfig({
      machinePath: MACHINE,
      userPath: USER,
      readText: (p) => {
        if (p === MACHINE) throw new Error('EACCES: permission denied');
        return 'endpoints: { primary: "mine 127.0.0.1:9999" }';
      },
    });
    const h = harness({ loaded, isPackaged: true });
    await h.core.ready;
    expect(h.sessions).toEqual([]);
    expect(h.core.session.snapshot().setup).toMatchObject({ state: 'enforced-unreadable', files: [MACHINE] });
    expect(h.core.session.snapshot().lastError?.message).toMatch(/the machine-wide file .* cannot be read \(cannot be read \(EACCES/);
  });
});

describe('the session the core assembles', () => {
  it("the admin guide's example config, packaged: its endpoints, TLS, mode and timeouts", async () => {
    const h = harness({ loaded: loadFiles({ machine: EXAMPLE }), isPackaged: true });
    await h.core.ready;
    expect(h.sessions).toHaveLength(1);
    const { options } = h.sessions[0]!;
    expect(options).toMatchObject({
      mode: 'hot',
      endpoints: [
        { name: 'tserver-east', host: 'tsrv-east.example.com', port: 3000, tls: true },
        { name: 'tserver-west', host: 'tsrv-west.example.com', port: 3000, tls: true },
      ],
      applicationName: 'AgentToolbar',
      addpTimeoutMs: 10_000,
      addpRemoteTimeoutMs: 10_000,
      requestTimeoutMs: 10_000,
      dn: '5001',
      agentId: '1001',
    });
    expect(options.reconnect.firstDelayMaxMs).toBe(1800);
    expect(h.simStarts).toEqual([]);
  });

  it('the application password: TSERVER_APP_PASSWORD first, else the keychain; both kept out of logs', async () => {
    const fromEnv = harness({ loaded: loadFiles({ machine: EXAMPLE }) }, { env: { TSERVER_APP_PASSWORD: 'env-app-secret' } });
    await fromEnv.core.ready;
    expect(fromEnv.sessions[0]!.options.applicationPassword).toBe('env-app-secret');
    expect(fromEnv.secrets.scrub('x env-app-secret')).toBe('x [redacted]');

    const credentials = new MemoryCredentialStore();
    await credentials.save('application:AgentToolbar', 'kc-app-secret');
    const fromKeychain = harness({ loaded: loadFiles({ machine: EXAMPLE }) }, { credentials });
    await fromKeychain.core.ready;
    expect(fromKeychain.sessions[0]!.options.applicationPassword).toBe('kc-app-secret');
    expect(fromKeychain.secrets.scrub('kc-app-secret')).toBe('[redacted]');
    // The session scrubs what it puts out with the same secrets.
    expect(fromKeychain.sessions[0]!.options.scrub!('echo kc-app-secret')).toBe('echo [redacted]');
  });

  it('the agent password for re-logins: the keychain, else TSERVER_AGENT_PASSWORD where the host passes it', async () => {
    const credentials = new MemoryCredentialStore();
    const h = harness({ loaded: loadFiles({ machine: EXAMPLE }) }, { credentials, env: { TSERVER_AGENT_PASSWORD: 'env-agent-secret' } });
    await h.core.ready;
    const ask = h.sessions[0]!.options.agentPassword!;
    expect(await ask()).toBe('env-agent-secret');
    await credentials.save('1001', 'kc-agent-secret');
    expect(await ask()).toBe('kc-agent-secret');
    expect(h.secrets.scrub('env-agent-secret')).toBe('[redacted]');
  });

  it('a keychain that is not available: the session opens without an application password, and the log says why', async () => {
    const broken = { save: async () => undefined, read: () => Promise.reject(new Error('no D-Bus session bus')), delete: async () => false };
    const h = harness({ loaded: loadFiles({ machine: EXAMPLE }) }, { credentials: broken });
    await h.core.ready;
    expect(h.sessions[0]!.options.applicationPassword).toBeUndefined();
    expect(h.lines.find((l) => l.level === 'warn')).toMatchObject({ fields: { err: 'no D-Bus session bus' }, msg: expect.stringMatching(/application password not available from the keychain/) });
  });

  it('the window is served while the keychain is read: waiting-for-keychain, then the session, seq always rising', async () => {
    const read = deferred<string | null>();
    const credentials = { save: async () => undefined, read: () => read.promise, delete: async () => false };
    const h = harness({ loaded: loadFiles({ machine: EXAMPLE }) }, { credentials });
    const seen: ConnectivitySnapshot[] = [];
    h.core.session.onSnapshot((s) => void seen.push(s));
    h.core.session.start();
    await Promise.resolve();
    expect(h.core.session.snapshot()).toMatchObject({ phase: 'connecting', setup: { state: 'waiting-for-keychain' }, lastError: null });
    const refused = await call(handlersOf(h.core), 'agentReady');
    expect(refused).toMatchObject({ ok: false, error: { kind: 'failed', retryable: true, message: expect.stringMatching(/^The toolbar is starting \(waiting for the system keychain/) } });
    expect(h.sessions).toEqual([]);

    read.resolve('kc-app-secret');
    await h.core.ready;
    expect(h.sessions).toHaveLength(1);
    expect(h.sessions[0]!.session.calls).toEqual([['start']]); // started because the host had asked already
    expect(h.core.setup()).toBeNull();
    h.sessions[0]!.session.emitSnapshot({ phase: 'online' });
    const seqs = seen.map((s) => s.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seen.at(-1)).toMatchObject({ phase: 'online' });
    expect(seen.at(-1)!.setup ?? null).toBeNull();
  });

  it('the keychain is read only once the host says its window is on screen', async () => {
    const shown = deferred<void>();
    const reads: string[] = [];
    const read = async (account: string) => {
      reads.push(account);
      return null;
    };
    const credentials = { save: async () => undefined, read, delete: async () => false };
    const h = harness({ loaded: loadFiles({ machine: EXAMPLE }) }, { credentials, beforeKeychain: () => shown.promise });
    await new Promise((r) => setTimeout(r, 10));
    expect(reads).toEqual([]);
    expect(h.core.session.snapshot().setup?.state).toBe('waiting-for-keychain');
    shown.resolve();
    await h.core.ready;
    expect(reads).toEqual(['application:AgentToolbar']);
    expect(h.sessions).toHaveLength(1);
  });

  it('the CLIs: their endpoints and flags over the built-in config, the connect floor following a short timeout', async () => {
    const h = harness({
      loaded: configWithoutFiles(),
      endpoints: [
        { name: 'x', host: '10.0.0.1', port: 3000 },
        { name: 'y', host: '10.0.0.2', port: 3000 },
        { name: 'z', host: '10.0.0.3', port: 3000 },
      ],
      overrides: { mode: 'warm', dn: '7001', agentId: null, applicationName: 'agent-toolbar-watch', addpTimeoutMs: 2000, connectTimeoutMs: 700, reconnect: { maxDelayMs: 9000 } },
      initialAgentState: { state: 'not-ready', reasonCode: '42' },
    });
    await h.core.ready;
    expect(h.simStarts).toEqual([]);
    expect(h.sessions[0]!.options).toMatchObject({
      mode: 'warm',
      dn: '7001',
      agentId: null,
      applicationName: 'agent-toolbar-watch',
      addpTimeoutMs: 2000,
      addpRemoteTimeoutMs: 2000,
      requestTimeoutMs: 10_000,
      initialAgentState: { state: 'not-ready', reasonCode: '42' },
    });
    expect(h.sessions[0]!.options.endpoints.map((e) => e.name)).toEqual(['x', 'y', 'z']);
    expect(h.sessions[0]!.options.reconnect).toMatchObject({ connectTimeoutMs: 700, minConnectTimeoutMs: 700, maxDelayMs: 9000 });
  });

  it('stop while the keychain is read: no session is ever started, the simulator is closed', async () => {
    const read = deferred<string | null>();
    const credentials = { save: async () => undefined, read: () => read.promise, delete: async () => false };
    const h = harness({ loaded: loadFiles() }, { credentials });
    h.core.session.start();
    await new Promise((r) => setTimeout(r, 0));
    await h.core.stop();
    expect(h.simClosed).toEqual([1]);
    read.resolve(null);
    await h.core.ready;
    expect(h.sessions).toEqual([]);
  });

  it('a simulator that cannot start rejects ready (the host reports it)', async () => {
    const h = harness({ loaded: loadFiles() }, { startSimulator: () => Promise.reject(new Error('listen EADDRINUSE 127.0.0.1:7001')) });
    await expect(h.core.ready).rejects.toThrow(/EADDRINUSE/);
  });
});

describe('chooseTarget', () => {
  it('in order: block, host endpoints, config endpoints, simulator (source tree or flag), not configured', () => {
    const none = loadFiles();
    expect(chooseTarget({ loaded: none, isPackaged: false }, true)).toEqual({ kind: 'simulator' });
    expect(chooseTarget({ loaded: none, isPackaged: true }, true)).toMatchObject({ kind: 'closed', setup: { state: 'not-configured' } });
    expect(chooseTarget({ loaded: none, isPackaged: true, developerSimulator: true }, true)).toEqual({ kind: 'simulator' });
    expect(chooseTarget({ loaded: none, isPackaged: false }, false)).toMatchObject({ kind: 'closed' });
    expect(chooseTarget({ loaded: configWithoutFiles(), isPackaged: true }, false)).toEqual({ kind: 'closed', setup: { state: 'not-configured', files: [], problems: [] } });
    const endpoints = [{ name: 'x', host: 'h', port: 1 }];
    expect(chooseTarget({ loaded: none, isPackaged: true, endpoints }, true)).toEqual({ kind: 'endpoints', endpoints });
    const blocked = loadFiles({ user: 'endpoints: { primary: "x" }' });
    expect(chooseTarget({ loaded: blocked, isPackaged: false, endpoints }, true)).toMatchObject({ kind: 'closed', setup: { state: 'endpoints-invalid' } });
  });
});
