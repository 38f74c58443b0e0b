// The one composition root (issue 10). The Electron entry, the browser preview host
// and the watch CLI all assemble the core here, so the preview and the CLI run the
// same product as the desktop app: the same decision on what to connect to (a
// packaged app fails closed), the same password sources, the same session options
// from the config (request timeout, reconnect settings, ADDP), the same log lines.
// The hosts differ only in what they pass in: the config (from disk, or the built-in
// defaults plus their flags), whether they are packaged, the keychain, the logger,
// and whether a simulator may be started at all.
//
// It returns at once, with a session slot the host wires to its window, tray or
// printer right away; the real session is attached when `ready` resolves. So the
// desktop window is open while the keychain is read (a locked keyring shows its
// unlock prompt over a window that says "Waiting for the keychain…", not over nothing).
import type { HaMode, SetupInfo } from '../../shared/connectivity.ts';
import type { LoadedConfig } from '../config/load.ts';
import { BUILTIN_DEFAULTS } from '../config/defaults.ts';
import type { ToolbarConfig } from '../config/schema.ts';
import { parseEndpoint, toSessionOptions } from '../config/session-options.ts';
import { AgentPasswordKeychain } from '../credentials/agent-password.ts';
import { applicationAccount } from '../credentials/store.ts';
import type { CredentialStore } from '../credentials/store.ts';
import { RecentEvents, createRequestHandlers } from '../ipc/request-handlers.ts';
import type { RequestHandlerDeps } from '../ipc/request-handlers.ts';
import type { RequestHandlers } from '../ipc/ipc-server.ts';
import type { SecretValues } from '../logging/redact.ts';
import { listenerErrorLogger } from '../tserver/core-logger.ts';
import type { CoreLogger } from '../tserver/core-logger.ts';
import { createToolbarSession } from '../tserver/session/index.ts';
import type { EndpointConfig, SessionOptions, ToolbarSession } from '../tserver/session/api.ts';
import { withHostOverrides } from './host-overrides.ts';
import type { HostOverrides } from './host-overrides.ts';
import { SessionSlot } from './session-slot.ts';
import { setupMessage } from './setup-snapshot.ts';

/** What the core needs of the embedded simulator (sim/'s Simulator fits): the host starts it, on ports of its choosing. */
export interface EmbeddedSimulator {
  servers: Record<'a' | 'b', { host: string; port: number }>;
  controlUrl: string | null;
  close(): Promise<void>;
}
export type StartSimulator = (options: { mode: HaMode }) => Promise<EmbeddedSimulator>;

/** The host's logger: pino's Logger fits (`child` gives the session and keychain their components). */
export interface CoreHostLogger extends CoreLogger {
  error(fields: Record<string, unknown>, message: string): void;
  child(bindings: Record<string, unknown>): CoreLogger;
}

export interface ToolbarCoreInput {
  /** The config as the host has it: loadConfigFromDisk(), or configWithoutFiles() for the CLIs. */
  loaded: LoadedConfig;
  /** Electron's app.isPackaged; the preview and the CLI run from the source tree (false). */
  isPackaged: boolean;
  /**
   * An explicit developer flag (the desktop app's `--simulator`): the simulator may run in a
   * packaged app too. Never over endpoints a file set, and never over a blocked config.
   */
  developerSimulator?: boolean;
  /** The CLIs' --servers: these endpoints instead of the config's (they may be more than two). */
  endpoints?: readonly EndpointConfig[] | null;
  /** The CLIs' flags (mode, DN, agent, ADDP, timeouts, backoff). */
  overrides?: HostOverrides;
  /** The watch CLI's --agent / --not-ready: the state to put the agent in after the first login. */
  initialAgentState?: SessionOptions['initialAgentState'];
}

export interface ToolbarCoreDeps {
  log: CoreHostLogger;
  /** Every password the core learns is registered here, so no log line or diagnostics shows it. */
  secrets: SecretValues;
  /** The OS keychain (desktop) or a store in memory (preview, CLI). */
  credentials: CredentialStore;
  /**
   * The environment the host lets the core read: TSERVER_APP_PASSWORD (the application
   * password when the keychain has none) and TSERVER_AGENT_PASSWORD (the CLIs: the agent's
   * password for the session's own logins when the keychain has none).
   */
  env: Readonly<Record<string, string | undefined>>;
  /** Absent: this host can never start the simulator (a packaged app's is never called). */
  startSimulator?: StartSimulator;
  /**
   * Awaited before the keychain is read (the desktop app: its window is on screen), so an
   * unlock prompt the read may raise appears over a window that says why, not over nothing.
   */
  beforeKeychain?: () => Promise<void>;
  /** Injected by tests; createToolbarSession otherwise. */
  createSession?: (options: SessionOptions) => ToolbarSession;
  /** Jitter source for the reconnect loop (tests pin it). */
  random?: () => number;
  now?: () => number;
}

/** What the host adds to the request handlers: its version and platform, log tail, window config, clipboard. */
export type HostHandlerInputs = Pick<RequestHandlerDeps, 'uiConfig' | 'clipboard'> & {
  diagnostics: Omit<RequestHandlerDeps['diagnostics'], 'config'>;
};

export interface ToolbarCore {
  /** The session the host wires up: the same object before and after the real session exists. */
  session: ToolbarSession;
  /** The config in effect: with the host's overrides, and the simulator's endpoints once it runs. */
  readonly config: ToolbarConfig;
  /** What the session dials (empty while none runs). */
  readonly endpoints: readonly EndpointConfig[];
  /** The embedded simulator, once started; null when none runs. */
  readonly sim: EmbeddedSimulator | null;
  /** Why no session runs (shown in the window, the snapshot and diagnostics); null once one does. */
  setup(): SetupInfo | null;
  recent: RecentEvents;
  /** Settles once the session is attached (or the core has settled on running none); rejects when the simulator cannot start. */
  ready: Promise<void>;
  /** The request handlers over this core, for either IPC transport. */
  handlers(host: HostHandlerInputs): RequestHandlers;
  /** Config summary for Copy diagnostics: holds no secret. */
  configSummary(): Record<string, unknown>;
  /** Stops the session and the simulator; idempotent, and safe while still starting. */
  stop(): Promise<void>;
}

/** What the session will be pointed at. */
export type CoreTarget =
  | { kind: 'endpoints'; endpoints: EndpointConfig[] }
  | { kind: 'simulator' }
  | { kind: 'closed'; setup: SetupInfo };

/**
 * The fail-closed decision (DESIGN.md §8), pure. In order: a blocked config runs nothing;
 * the host's endpoints; the config's; with none set, the simulator — only from the source
 * tree (or the developer flag) and only where the host can start one; else not configured.
 */
export function chooseTarget(input: ToolbarCoreInput, canStartSimulator: boolean): CoreTarget {
  const { loaded } = input;
  if (loaded.blocked) return { kind: 'closed', setup: { state: loaded.blocked.state, files: [loaded.blocked.file], problems: structuredClone(loaded.blocked.problems) } };
  if (input.endpoints && input.endpoints.length > 0) return { kind: 'endpoints', endpoints: input.endpoints.map((e) => ({ ...e })) };
  if (!loaded.builtinEndpoints) {
    const endpoints = [parseEndpoint(loaded.config.endpoints.primary)];
    if (loaded.config.endpoints.backup) endpoints.push(parseEndpoint(loaded.config.endpoints.backup));
    return { kind: 'endpoints', endpoints };
  }
  if (canStartSimulator && (!input.isPackaged || input.developerSimulator === true)) return { kind: 'simulator' };
  const files = loaded.files ? [loaded.files.machine, loaded.files.user] : [];
  return { kind: 'closed', setup: { state: 'not-configured', files, problems: [] } };
}

/** The config a host without config files runs (the CLIs): the built-in defaults, nothing read. */
export function configWithoutFiles(): LoadedConfig {
  return { config: structuredClone(BUILTIN_DEFAULTS), problems: [], ignoredUserKeys: [], builtinEndpoints: true, sources: [], files: null, blocked: null };
}

const endpointText = (e: EndpointConfig): string => `${e.name} ${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}${e.tls ? ' tls' : ''}`;

export function startToolbarCore(input: ToolbarCoreInput, deps: ToolbarCoreDeps): ToolbarCore {
  const { log, secrets, credentials, env } = deps;
  const now = deps.now ?? Date.now;
  const config = withHostOverrides(input.loaded.config, input.overrides ?? {});
  const { loaded } = input;
  if (loaded.sources.length > 0 || loaded.files) log.info({ sources: loaded.sources, ignoredUserKeys: loaded.ignoredUserKeys }, 'config loaded');
  for (const problem of loaded.problems) log.warn({ ...problem }, 'config problem');

  const target = chooseTarget(input, deps.startSimulator !== undefined);
  const slot = new SessionSlot({ mode: config.mode, dn: config.dn, agentId: config.agentId }, target.kind === 'closed' ? target.setup : null, now, listenerErrorLogger(log, 'core'));
  const recent = new RecentEvents();
  recent.follow(slot);

  let sim: EmbeddedSimulator | null = null;
  let endpoints: EndpointConfig[] = [];
  let stopped = false;

  const applicationPassword = async (): Promise<string | undefined> => {
    const fromEnv = env['TSERVER_APP_PASSWORD'] || undefined;
    if (fromEnv) return fromEnv;
    slot.hold({ state: 'waiting-for-keychain', files: [], problems: [] });
    // The host's wait is a courtesy to the agent: whatever becomes of it, the keychain is read.
    await deps.beforeKeychain?.().catch(() => undefined);
    try {
      return (await credentials.read(applicationAccount(config.applicationName))) ?? undefined;
    } catch (err) {
      log.warn({ err: err instanceof Error ? err.message : String(err) }, 'application password not available from the keychain; opening without one');
      return undefined;
    }
  };

  const assemble = async (): Promise<void> => {
    if (target.kind === 'closed') {
      log.error({ setup: target.setup }, `no session started: ${setupMessage(target.setup)}`);
      return;
    }
    if (target.kind === 'simulator') {
      const started = await deps.startSimulator!({ mode: config.mode });
      if (stopped) return void (await started.close());
      sim = started;
      endpoints = (['a', 'b'] as const).map((name) => ({ name, host: started.servers[name].host, port: started.servers[name].port }));
      if (input.isPackaged) log.warn({ controlUrl: started.controlUrl }, 'developer flag: the embedded simulator runs in a packaged app; no real switch is connected');
    } else {
      endpoints = target.endpoints;
    }
    const [primary, backup] = endpoints;
    config.endpoints = { primary: endpointText(primary!), ...(backup ? { backup: endpointText(backup) } : {}) };
    if (sim) log.info({ endpoints: config.endpoints, controlUrl: sim.controlUrl }, 'embedded simulator started');

    const appPassword = await applicationPassword();
    secrets.add(appPassword);
    const envAgentPassword = env['TSERVER_AGENT_PASSWORD'] || undefined;
    secrets.add(envAgentPassword);
    if (stopped) return;
    // The session asks for the password of the agent it logs back in (its snapshot names them;
    // `session` is only read when the hook runs, after start) and reports one the switch refused.
    const keychain = new AgentPasswordKeychain(credentials, log.child({ component: 'keychain' }));
    const hooks = keychain.sessionHooks(() => slot.snapshot().agent.agentId ?? config.agentId);
    const options: SessionOptions = {
      ...toSessionOptions(config, {
        applicationPassword: appPassword,
        agentPassword: async () => (await hooks.agentPassword()) ?? envAgentPassword,
        onStoredPasswordRejected: hooks.onStoredPasswordRejected,
        logger: log.child({ component: 'session' }),
      }),
      // The simulator's or the host's endpoints, which may be more than the config's two.
      endpoints,
      // Every password this host knows, out of every snapshot and event the session puts out.
      scrub: (text) => secrets.scrub(text),
      ...(input.initialAgentState ? { initialAgentState: input.initialAgentState } : {}),
      ...(deps.random ? { random: deps.random } : {}),
    };
    slot.attach((deps.createSession ?? createToolbarSession)(options));
  };
  const ready = assemble();
  // The host awaits `ready` for errors; this keeps an unawaited rejection from crashing it first.
  ready.catch(() => undefined);

  return {
    session: slot,
    get config() {
      return config;
    },
    get endpoints() {
      return endpoints;
    },
    get sim() {
      return sim;
    },
    setup: () => slot.setupState,
    recent,
    ready,
    handlers: (host) =>
      createRequestHandlers({
        session: slot,
        credentials,
        recentEvents: () => recent.list(),
        secrets,
        log,
        ...(host.uiConfig ? { uiConfig: host.uiConfig } : {}),
        ...(host.clipboard ? { clipboard: host.clipboard } : {}),
        diagnostics: { ...host.diagnostics, config: () => summary() },
      }),
    configSummary: () => summary(),
    stop: async () => {
      stopped = true;
      await slot.stop();
      const running = sim;
      sim = null;
      await running?.close();
    },
  };

  function summary(): Record<string, unknown> {
    return {
      mode: config.mode,
      endpoints: endpoints.map(endpointText),
      dn: config.dn,
      agentId: config.agentId,
      packaged: input.isPackaged,
      simulator: sim?.controlUrl ?? (sim ? 'running' : null),
      setup: slot.setupState,
      files: loaded.files,
      sources: loaded.sources,
      problems: loaded.problems,
      ignoredUserKeys: loaded.ignoredUserKeys,
    };
  }
}
