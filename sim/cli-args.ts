// Command-line flags of `npm run sim` (docs/simulator.md "CLI"), parsed without
// side effects but for reading the TLS key and certificate files named by flags.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EndpointAddressError, parseHostPort } from '../app/main/tserver/endpoint-address.ts';
import { DEFAULTS, MAX_CALLS_PER_DN } from './options.ts';
import type { SimEndpointOptions, SimMode, SimServerName, SimTlsOptions, SimulatorOptions } from './types.ts';

export const USAGE = `usage: npm run sim -- [--mode warm|hot] [--a HOST:PORT] [--b HOST:PORT]
                      [--control HOST:PORT|off] [--promote-delay MS]
                      [--logout-on-disconnect MS] [--app-password X]
                      [--acw-dns DN,DN…] [--max-calls-per-dn N]
                      [--a-tls-cert FILE --a-tls-key FILE] [--b-tls-cert FILE --b-tls-key FILE]
defaults: --mode hot --a ${DEFAULTS.a.host}:${DEFAULTS.a.port} --b ${DEFAULTS.b.host}:${DEFAULTS.b.port} --control ${DEFAULTS.control.host}:${DEFAULTS.control.port} --max-calls-per-dn ${DEFAULTS.maxCallsPerDn}, plain TCP, no after-call work
TLS: a server given a PEM certificate (chain) and private key serves TLS on its port`;

/** Reads a file named by a flag; injectable so parsing can be tested without files. */
export type ReadFile = (path: string) => Buffer;

/** A bad flag; an empty message means --help. */
export class UsageError extends Error {}

function endpoint(flag: string, value: string): SimEndpointOptions {
  try {
    // The simulator listens: port 0 asks the OS for a free port.
    return parseHostPort(value, { allowPortZero: true });
  } catch (err) {
    if (!(err instanceof EndpointAddressError)) throw err;
    throw new UsageError(`--${flag} expects HOST:PORT, got ${JSON.stringify(value)}: ${err.message}`);
  }
}

function ms(flag: string, value: string): number {
  if (!/^\d{1,10}$/.test(value) || Number(value) > 2 ** 31 - 1) throw new UsageError(`--${flag} expects milliseconds (a whole number), got ${JSON.stringify(value)}`);
  return Number(value);
}

/** `--a-tls-cert` and `--a-tls-key` come together or not at all. */
function tlsOf(server: SimServerName, cert: string | undefined, key: string | undefined, readFile: ReadFile): SimTlsOptions | undefined {
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined) throw new UsageError(`--${server}-tls-cert and --${server}-tls-key go together`);
  const read = (flag: string, path: string): Buffer => {
    try {
      return readFile(path);
    } catch (err) {
      throw new UsageError(`--${flag}: cannot read ${JSON.stringify(path)}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  return { cert: read(`${server}-tls-cert`, cert), key: read(`${server}-tls-key`, key) };
}

export function parseCli(argv: string[], readFile: ReadFile = (path) => readFileSync(path)): SimulatorOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        mode: { type: 'string' },
        a: { type: 'string' },
        b: { type: 'string' },
        control: { type: 'string' },
        'promote-delay': { type: 'string' },
        'logout-on-disconnect': { type: 'string' },
        'app-password': { type: 'string' },
        'acw-dns': { type: 'string' },
        'max-calls-per-dn': { type: 'string' },
        'a-tls-cert': { type: 'string' },
        'a-tls-key': { type: 'string' },
        'b-tls-cert': { type: 'string' },
        'b-tls-key': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) throw new UsageError('');
  const opts: SimulatorOptions = {};
  if (values.mode !== undefined) {
    if (values.mode !== 'warm' && values.mode !== 'hot') throw new UsageError(`--mode expects warm or hot, got ${JSON.stringify(values.mode)}`);
    opts.mode = values.mode as SimMode;
  }
  for (const server of ['a', 'b'] as const) {
    const address = values[server];
    const tls = tlsOf(server, values[`${server}-tls-cert`], values[`${server}-tls-key`], readFile);
    if (address !== undefined || tls !== undefined) opts[server] = { ...(address === undefined ? {} : endpoint(server, address)), ...(tls ? { tls } : {}) };
  }
  if (values.control !== undefined) opts.control = values.control === 'off' ? false : endpoint('control', values.control);
  if (values['promote-delay'] !== undefined) opts.promoteDelayMs = ms('promote-delay', values['promote-delay']);
  if (values['logout-on-disconnect'] !== undefined) opts.logoutOnDisconnectMs = ms('logout-on-disconnect', values['logout-on-disconnect']);
  if (values['app-password'] !== undefined) opts.applicationPassword = values['app-password'];
  if (values['acw-dns'] !== undefined) {
    const dns = values['acw-dns'].split(',').map((dn) => dn.trim());
    if (dns.some((dn) => dn === '')) throw new UsageError(`--acw-dns expects DNs separated by commas, got ${JSON.stringify(values['acw-dns'])}`);
    opts.afterCallWorkDns = dns;
  }
  if (values['max-calls-per-dn'] !== undefined) {
    const n = values['max-calls-per-dn'];
    if (!/^\d{1,2}$/.test(n) || Number(n) < 1 || Number(n) > MAX_CALLS_PER_DN) throw new UsageError(`--max-calls-per-dn expects 1 to ${MAX_CALLS_PER_DN}, got ${JSON.stringify(n)}`);
    opts.maxCallsPerDn = Number(n);
  }
  return opts;
}
