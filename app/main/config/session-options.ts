// From a validated ToolbarConfig to what the HA session takes.
import { EndpointAddressError, parseHostPort, serverNameProblem } from '../tserver/endpoint-address.ts';
import type { CoreLogger } from '../tserver/core-logger.ts';
import type { EndpointConfig, SessionOptions } from '../tserver/session/api.ts';
import type { ToolbarConfig } from './schema.ts';

const ENDPOINT_SHAPE = 'expected "name host:port [tls]", e.g. "east tsrv1.example.com:3000 tls"';

/**
 * Parses a config endpoint `name host:port [tls]`; the schema validates with
 * it too. Throws EndpointAddressError saying what is wrong (without repeating
 * the whole text, which the config report adds).
 */
export function parseEndpoint(text: string): EndpointConfig {
  const match = /^(\S+)\s+(\S+?)(\s+tls)?$/.exec(text.trim());
  if (!match) throw new EndpointAddressError(ENDPOINT_SHAPE);
  const [, name, address, tls] = match as unknown as [string, string, string, string | undefined];
  const nameProblem = serverNameProblem(name);
  if (nameProblem) throw new EndpointAddressError(nameProblem);
  const endpoint: EndpointConfig = { name, ...parseHostPort(address) };
  if (tls) endpoint.tls = true;
  return endpoint;
}

/** What the host adds to the config: secrets, the keychain hooks, its logger. */
export interface SessionHostInputs {
  /** From the keychain or TSERVER_APP_PASSWORD; never from a config file. */
  applicationPassword?: string | undefined;
  agentPassword?: () => Promise<string | undefined>;
  onStoredPasswordRejected?: (agentId: string) => void;
  /** A child of the host's logger (`log.child({ component: 'session' })`): injected, never global. */
  logger?: CoreLogger;
}

export function toSessionOptions(config: ToolbarConfig, host: SessionHostInputs = {}): SessionOptions {
  const endpoints = [parseEndpoint(config.endpoints.primary)];
  if (config.endpoints.backup) endpoints.push(parseEndpoint(config.endpoints.backup));
  const options: SessionOptions = {
    mode: config.mode,
    endpoints,
    applicationName: config.applicationName,
    applicationPassword: host.applicationPassword,
    addpTimeoutMs: config.addp.timeoutMs,
    addpRemoteTimeoutMs: config.addp.remoteTimeoutMs,
    requestTimeoutMs: config.requestTimeoutMs,
    dn: config.dn,
    agentId: config.agentId,
    reconnect: { ...config.reconnect },
  };
  if (host.agentPassword) options.agentPassword = host.agentPassword;
  if (host.onStoredPasswordRejected) options.onStoredPasswordRejected = host.onStoredPasswordRejected;
  if (host.logger) options.logger = host.logger;
  return options;
}
