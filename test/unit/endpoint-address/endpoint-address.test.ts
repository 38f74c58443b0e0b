import { describe, expect, it } from 'vitest';
import { EndpointAddressError, parseHostPort, serverNameProblem } from '../../../app/main/tserver/endpoint-address.ts';

function problem(text: string, options?: { allowPortZero?: boolean }): string {
  try {
    parseHostPort(text, options);
  } catch (err) {
    expect(err).toBeInstanceOf(EndpointAddressError);
    return (err as Error).message;
  }
  throw new Error(`${text} was accepted`);
}

describe('parseHostPort', () => {
  it('reads IPv4, host names and localhost', () => {
    expect(parseHostPort('127.0.0.1:7001')).toEqual({ host: '127.0.0.1', port: 7001 });
    expect(parseHostPort('localhost:3000')).toEqual({ host: 'localhost', port: 3000 });
    expect(parseHostPort('tsrv-1.example.com:1')).toEqual({ host: 'tsrv-1.example.com', port: 1 });
  });

  it('reads IPv6 only in brackets, and returns it without them', () => {
    expect(parseHostPort('[::1]:7001')).toEqual({ host: '::1', port: 7001 });
    expect(parseHostPort('[fe80::1:2]:65535')).toEqual({ host: 'fe80::1:2', port: 65535 });
    expect(problem('::1:7001')).toBe('an IPv6 address needs brackets, e.g. [::1]:7001');
    expect(problem('[nonsense]:7001')).toMatch(/"\[nonsense\]" is not an IPv6 address in brackets/);
    expect(problem('[::1:7001')).toMatch(/is not an IPv6 address in brackets/);
    expect(problem('[::1]')).toBe('missing ":PORT" after the host');
  });

  it('takes ports 1-65535, and 0 only for listen addresses', () => {
    expect(parseHostPort('h:65535').port).toBe(65535);
    expect(problem('h:65536')).toBe('port 65536 is out of range (must be 1-65535)');
    expect(problem('h:0')).toBe('port 0 is out of range (must be 1-65535)');
    expect(parseHostPort('h:0', { allowPortZero: true })).toEqual({ host: 'h', port: 0 });
    expect(problem('h:65536', { allowPortZero: true })).toBe('port 65536 is out of range (must be 0-65535)');
  });

  it('says what is missing or wrong', () => {
    expect(problem('localhost')).toBe('missing ":PORT" after the host');
    expect(problem('127.0.0.1:')).toBe('port "" is not a number (must be 1-65535)');
    expect(problem('h:7001x')).toBe('port "7001x" is not a number (must be 1-65535)');
    expect(problem('h:-1')).toBe('port "-1" is not a number (must be 1-65535)');
    expect(problem('h:123456')).toMatch(/is not a number/);
    expect(problem(':7001')).toBe('missing host before ":PORT"');
    expect(problem('my host:7001')).toMatch(/^bad host "my host" \(a host name or IPv4 address/);
    expect(problem('h\u0000:1')).toMatch(/^bad host/);
    expect(problem('')).toBe('missing ":PORT" after the host');
    expect(problem(`${'a'.repeat(254)}:1`)).toMatch(/^bad host/);
  });
});

describe('serverNameProblem', () => {
  it('accepts 1-64 letters, digits, _ . - starting with a letter or digit', () => {
    for (const name of ['a', 'B', '0', 'tserver-east', 'ts_1.b', 'x'.repeat(64)]) expect(serverNameProblem(name)).toBeNull();
  });

  it('names the rule for anything else', () => {
    for (const name of ['', '-a', '.a', '_a', 'a b', 'a=b', 'a:b', 'x'.repeat(65), 'é']) {
      expect(serverNameProblem(name)).toBe(`bad server name ${JSON.stringify(name)} (1-64 letters, digits, _ . -, starting with a letter or digit)`);
    }
  });
});
