// Command-line flags of `npm run sim` (docs/simulator.md "CLI"), parsed without side effects.
import { parseArgs } from 'node:util';
import { EndpointAddressError, parseHostPort } from '../app/main/tserver/endpoint-address.ts';
import { DEFAULTS } from './options.ts';
import type { SimEndpointOptions, SimMode, SimulatorOptions } from './types.ts';

export const USAGE = `usage: npm run sim -- [--mode warm|hot] [--a HOST:PORT] [--b HOST:PORT]
                      [--control HOST:PORT|off] [--promote-delay MS]
                      [--logout-on-disconnect MS] [--app-password X]
defaults: --mode hot --a ${DEFAULTS.a.host}:${DEFAULTS.a.port} --b ${DEFAULTS.b.host}:${DEFAULTS.b.port} --control ${DEFAULTS.control.host}:${DEFAULTS.control.port}`;

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

export function parseCli(argv: string[]): SimulatorOptions {
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
  if (values.a !== undefined) opts.a = endpoint('a', values.a);
  if (values.b !== undefined) opts.b = endpoint('b', values.b);
  if (values.control !== undefined) opts.control = values.control === 'off' ? false : endpoint('control', values.control);
  if (values['promote-delay'] !== undefined) opts.promoteDelayMs = ms('promote-delay', values['promote-delay']);
  if (values['logout-on-disconnect'] !== undefined) opts.logoutOnDisconnectMs = ms('logout-on-disconnect', values['logout-on-disconnect']);
  if (values['app-password'] !== undefined) opts.applicationPassword = values['app-password'];
  return opts;
}
