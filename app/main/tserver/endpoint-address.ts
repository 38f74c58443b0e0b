// The one set of rules for endpoint text shared by the config file
// (`name host:port [tls]`), the watch/preview CLIs (`NAME=HOST:PORT`) and the
// simulator CLI (`HOST:PORT`). Pure, Electron-free; errors say what is wrong.
// Decisions: IPv6 only in brackets (`[::1]:7001`, so the port is unambiguous);
// other hosts are names or IPv4 addresses (letters, digits, . -, up to 253);
// ports are 1-65535, and 0 only where the caller listens (the simulator).
import { isIPv6 } from 'node:net';

/** Server names appear in events, logs and the UI: short, no spaces or separators. */
export const SERVER_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const SERVER_NAME_RULE = '1-64 letters, digits, _ . -, starting with a letter or digit';

/** A host name or IPv4 address as written (resolved later by the socket). */
const HOST_NAME = /^[A-Za-z0-9.-]{1,253}$/;

/** Text that is not a valid address, name or port; the message is shown as is. */
export class EndpointAddressError extends Error {
  override readonly name = 'EndpointAddressError';
}

export interface HostPort {
  /** Without brackets: `::1`, not `[::1]`. */
  host: string;
  port: number;
}

export interface HostPortOptions {
  /** Listen addresses may ask for port 0 (any free port); connect addresses may not. */
  allowPortZero?: boolean;
}

/** Why `name` is not a server name, or null when it is one. */
export function serverNameProblem(name: string): string | null {
  return SERVER_NAME_PATTERN.test(name) ? null : `bad server name ${JSON.stringify(name)} (${SERVER_NAME_RULE})`;
}

/**
 * `HOST:PORT` where HOST is a host name, an IPv4 address or an IPv6 address in
 * brackets (`[::1]:7001`). Throws EndpointAddressError; its message names the
 * wrong part but not the whole text, which every caller already shows.
 */
export function parseHostPort(text: string, options: HostPortOptions = {}): HostPort {
  const colon = text.lastIndexOf(':');
  // `[::1]` has colons but no port.
  if (colon < 0 || text.endsWith(']')) throw new EndpointAddressError('missing ":PORT" after the host');
  const rawHost = text.slice(0, colon);
  const portText = text.slice(colon + 1);
  const host = hostOf(rawHost);
  const min = options.allowPortZero ? 0 : 1;
  if (!/^\d{1,5}$/.test(portText)) throw new EndpointAddressError(`port ${JSON.stringify(portText)} is not a number (must be ${min}-65535)`);
  const port = Number(portText);
  if (port < min || port > 65535) throw new EndpointAddressError(`port ${port} is out of range (must be ${min}-65535)`);
  return { host, port };
}

function hostOf(rawHost: string): string {
  if (rawHost.startsWith('[')) {
    const inner = rawHost.endsWith(']') ? rawHost.slice(1, -1) : '';
    if (!isIPv6(inner)) throw new EndpointAddressError(`${JSON.stringify(rawHost)} is not an IPv6 address in brackets`);
    return inner;
  }
  if (rawHost.includes(':')) throw new EndpointAddressError('an IPv6 address needs brackets, e.g. [::1]:7001');
  if (rawHost === '') throw new EndpointAddressError('missing host before ":PORT"');
  if (!HOST_NAME.test(rawHost)) throw new EndpointAddressError(`bad host ${JSON.stringify(rawHost)} (a host name or IPv4 address: letters, digits, . -)`);
  return rawHost;
}
