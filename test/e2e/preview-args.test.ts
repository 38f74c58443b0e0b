// Flags of `npm run preview` (no browser needed; lives with the preview e2e tests).
import { describe, expect, it } from 'vitest';
import { parsePreviewArgs, PREVIEW_DEFAULTS } from '../../app/main/preview/preview-args.ts';

describe('preview flags', () => {
  it('runs the simulator with the defaults when no flag is given', () => {
    expect(parsePreviewArgs([])).toMatchObject({ help: false, watch: null, ...PREVIEW_DEFAULTS, port: 0, addpTimeoutMs: null });
  });

  it('takes the watch flags for real servers', () => {
    const o = parsePreviewArgs(['--servers', 'a=127.0.0.1:7001,b=127.0.0.1:7002', '--mode', 'warm', '--dn', '5003', '--agent', '1004', '--port=8080']);
    expect(o.watch?.servers).toEqual([
      { name: 'a', host: '127.0.0.1', port: 7001 },
      { name: 'b', host: '127.0.0.1', port: 7002 },
    ]);
    expect(o).toMatchObject({ mode: 'warm', dn: '5003', agentId: '1004', port: 8080 });
  });

  it('applies --mode, --dn and --agent to the simulator too', () => {
    expect(parsePreviewArgs(['--mode', 'warm', '--dn', '5002', '--addp', '1.5'])).toMatchObject({ watch: null, mode: 'warm', dn: '5002', agentId: '1001', addpTimeoutMs: 1500 });
  });

  it('takes reconnect backoff overrides in seconds', () => {
    expect(parsePreviewArgs([]).reconnect).toEqual({});
    expect(parsePreviewArgs(['--reconnect-initial', '20', '--reconnect-max=40']).reconnect).toEqual({ initialDelayMs: 20_000, maxDelayMs: 40_000 });
    expect(parsePreviewArgs(['--reconnect-initial', '0.25']).reconnect).toEqual({ initialDelayMs: 250, maxDelayMs: 30_000 });
    expect(parsePreviewArgs(['--reconnect-initial=45']).reconnect).toEqual({ initialDelayMs: 45_000, maxDelayMs: 45_000 });
  });

  it.each([
    [['--reconnect-initial', '0'], /--reconnect-initial/],
    [['--reconnect-initial', 'soon'], /--reconnect-initial/],
    [['--reconnect-max'], /--reconnect-max/],
    [['--reconnect-initial', '10', '--reconnect-max', '5'], /at least --reconnect-initial/],
    [['--port', 'x'], /--port/],
    [['--port', '70000'], /--port/],
    [['--port'], /--port/],
    [['--mode', 'cold'], /--mode/],
    [['--servers', 'nonsense'], /NAME=HOST:PORT/],
    [['--json'], /--json/],
    [['--log-level', 'info'], /--log-level is a watch flag.*PREVIEW_LOG_LEVEL/],
    [['--bogus'], /bogus/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parsePreviewArgs(argv as string[])).toThrow(message);
  });

  it('asks for help', () => {
    expect(parsePreviewArgs(['-h']).help).toBe(true);
  });
});
