// Watch CLI flags (app/main/cli/watch-args.ts).
import { describe, expect, it } from 'vitest';
import { UsageError, parseServers, parseWatchArgs } from '../../../app/main/cli/watch-args.ts';

const base = ['--servers', 'a=127.0.0.1:7001,b=127.0.0.1:7002', '--dn', '5001'];

describe('parseWatchArgs', () => {
  it('defaults', () => {
    expect(parseWatchArgs(base)).toEqual({
      help: false,
      json: false,
      servers: [
        { name: 'a', host: '127.0.0.1', port: 7001 },
        { name: 'b', host: '127.0.0.1', port: 7002 },
      ],
      mode: 'hot',
      dn: '5001',
      agentId: null,
      notReadyReason: null,
      addpTimeoutMs: 2000,
      addpRemoteTimeoutMs: 10_000,
      connectTimeoutMs: 4000,
      applicationName: 'agent-toolbar-watch',
      logLevel: 'warn',
    });
  });

  it('--log-level: pino levels the CLI offers, warn by default', () => {
    for (const level of ['silent', 'error', 'warn', 'info', 'debug']) expect(parseWatchArgs([...base, '--log-level', level]).logLevel).toBe(level);
    expect(parseWatchArgs([...base, '--log-level=info']).logLevel).toBe('info');
  });

  it('every flag, both --flag value and --flag=value', () => {
    const o = parseWatchArgs([...base, '--mode=warm', '--agent', '1001', '--not-ready', '42', '--addp', '0.5', '--connect-timeout=1.5', '--app-name', 'ops', '--json']);
    expect(o).toMatchObject({ mode: 'warm', agentId: '1001', notReadyReason: '42', addpTimeoutMs: 500, connectTimeoutMs: 1500, applicationName: 'ops', json: true });
    expect(parseWatchArgs([...base, '--addp', '0']).addpTimeoutMs).toBe(0);
    // The remote ADDP defaults to the app's (10 s), so the server drops a frozen watch like a frozen app.
    expect(parseWatchArgs([...base, '--addp-remote', '3']).addpRemoteTimeoutMs).toBe(3000);
    expect(parseWatchArgs([...base, '--addp-remote=0']).addpRemoteTimeoutMs).toBe(0);
    expect(() => parseWatchArgs([...base, '--addp-remote', 'soon'])).toThrow(/--addp-remote/);
  });

  it('--help needs nothing else', () => {
    expect(parseWatchArgs(['--help']).help).toBe(true);
    expect(parseWatchArgs(['-h']).help).toBe(true);
  });

  it('servers: IPv6 in brackets, host names', () => {
    expect(parseServers('x=[::1]:7001,y=tserver.example.com:7002')).toEqual([
      { name: 'x', host: '::1', port: 7001 },
      { name: 'y', host: 'tserver.example.com', port: 7002 },
    ]);
  });

  it.each([
    [['--dn', '5001'], /--servers is required/],
    [['--servers', 'a=h:1'], /--dn is required/],
    [[...base, '--bogus'], /Unknown option/],
    [[...base, 'extra'], /positional/i],
    [[...base, '--mode', 'cold'], /--mode must be warm or hot/],
    [[...base, '--addp', 'soon'], /--addp/],
    [[...base, '--addp', '-1'], /--addp/],
    [[...base, '--addp', ''], /--addp/],
    [[...base, '--connect-timeout', '0'], /--connect-timeout/],
    [[...base, '--not-ready', '42'], /--not-ready needs --agent/],
    [[...base, '--agent'], /argument missing/],
    [[...base, '--json=yes'], /does not take an argument/],
    [[...base, '--log-level', 'loud'], /--log-level must be one of silent, error, warn, info, debug, not "loud"/],
    [[...base, '--log-level', ''], /--log-level must be one of/],
    [['--servers', 'a=127.0.0.1', '--dn', '1'], /not NAME=HOST:PORT/],
    [['--servers', '127.0.0.1:7001', '--dn', '1'], /not NAME=HOST:PORT/],
    [['--servers', 'a=h:0', '--dn', '1'], /out of range/],
    [['--servers', 'a=h:70000', '--dn', '1'], /out of range/],
    [['--servers', 'a=h:1,a=h:2', '--dn', '1'], /appears twice/],
    [['--servers', 'a b=h:1', '--dn', '1'], /bad server name/],
    [['--servers', 'a=h:1,', '--dn', '1'], /not NAME=HOST:PORT/],
    [['--servers', 'a=::1:7001', '--dn', '1'], /IPv6 address needs brackets/],
    [['--servers', '.a=h:1', '--dn', '1'], /bad server name ".a" \(1-64 letters/],
  ])('%j is a usage error (%s)', (args, message) => {
    expect(() => parseWatchArgs(args)).toThrow(UsageError);
    expect(() => parseWatchArgs(args)).toThrow(message);
  });
});
