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

  it.each([
    [['--port', 'x'], /--port/],
    [['--port', '70000'], /--port/],
    [['--port'], /--port/],
    [['--mode', 'cold'], /--mode/],
    [['--servers', 'nonsense'], /NAME=HOST:PORT/],
    [['--json'], /--json/],
    [['--bogus'], /bogus/],
  ])('rejects %j with a clear message', (argv, message) => {
    expect(() => parsePreviewArgs(argv as string[])).toThrow(message);
  });

  it('asks for help', () => {
    expect(parsePreviewArgs(['-h']).help).toBe(true);
  });
});
