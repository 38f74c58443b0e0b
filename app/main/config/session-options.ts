// From a validated ToolbarConfig to what the HA session takes.
import type { EndpointConfig, SessionOptions } from '../tserver/session/api.ts';
import { ENDPOINT_PATTERN } from './schema.ts';
import type { ToolbarConfig } from './schema.ts';

/** Parses `name host:port [tls]` (already validated by the schema). */
export function parseEndpoint(text: string): EndpointConfig {
  const match = ENDPOINT_PATTERN.exec(text.trim());
  if (!match) throw new TypeError(`endpoint ${JSON.stringify(text)}: expected "name host:port [tls]"`);
  const [, name, rawHost, port, tls] = match;
  const host = rawHost!.startsWith('[') ? rawHost!.slice(1, -1) : rawHost!;
  const endpoint: EndpointConfig = { name: name!, host, port: Number(port) };
  if (tls) endpoint.tls = true;
  return endpoint;
}

export interface SessionSecrets {
  /** From the keychain or TSERVER_APP_PASSWORD; never from a config file. */
  applicationPassword?: string | undefined;
  agentPassword?: () => Promise<string | undefined>;
}

export function toSessionOptions(config: ToolbarConfig, secrets: SessionSecrets = {}): SessionOptions {
  const endpoints = [parseEndpoint(config.endpoints.primary)];
  if (config.endpoints.backup) endpoints.push(parseEndpoint(config.endpoints.backup));
  const options: SessionOptions = {
    mode: config.mode,
    endpoints,
    applicationName: config.applicationName,
    applicationPassword: secrets.applicationPassword,
    addpTimeoutMs: config.addp.timeoutMs,
    addpRemoteTimeoutMs: config.addp.remoteTimeoutMs,
    requestTimeoutMs: config.requestTimeoutMs,
    dn: config.dn,
    agentId: config.agentId,
    reconnect: { ...config.reconnect },
  };
  if (secrets.agentPassword) options.agentPassword = secrets.agentPassword;
  return options;
}
