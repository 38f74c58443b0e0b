import { describe, expect, it } from 'vitest';
import { buildDiagnosticsText } from '../../../app/main/logging/diagnostics.ts';
import { DEFAULT_LOG_TAIL_LINES, LogTail, TRUNCATED_MARK } from '../../../app/main/logging/log-tail.ts';
import { createToolbarLogger } from '../../../app/main/logging/logger.ts';
import { SecretValues } from '../../../app/main/logging/redact.ts';
import { makeSnapshot } from '../../support/snapshots.ts';

function collector() {
  const lines: string[] = [];
  return { lines, write: (line: string) => void lines.push(...line.split('\n').filter(Boolean)) };
}

const msgs = (lines: readonly string[]) => lines.map((l) => (JSON.parse(l) as { msg: string }).msg);

describe('LogTail', () => {
  it('keeps the last 500 lines by default, oldest first', () => {
    const tail = new LogTail();
    expect(tail.capacity).toBe(DEFAULT_LOG_TAIL_LINES);
    expect(DEFAULT_LOG_TAIL_LINES).toBe(500);
    for (let i = 0; i < 1_234; i++) tail.write(`line ${i}\n`);
    const lines = tail.lines();
    expect(lines).toHaveLength(500);
    expect(lines[0]).toBe('line 734');
    expect(lines.at(-1)).toBe('line 1233');
    expect(lines).toEqual(Array.from({ length: 500 }, (_, i) => `line ${734 + i}`));
  });

  it('splits a chunk of several lines, drops empty ones, and cuts an oversize line', () => {
    const tail = new LogTail(3, 20);
    tail.write('a\nb\n\n');
    tail.write('x'.repeat(50));
    expect(tail.lines()).toEqual(['a', 'b', `${'x'.repeat(20 - TRUNCATED_MARK.length)}${TRUNCATED_MARK}`]);
    expect(tail.lines()[2]).toHaveLength(20);
  });

  it('rejects nonsense limits', () => {
    expect(() => new LogTail(0)).toThrow(RangeError);
    expect(() => new LogTail(10, 5)).toThrow(RangeError);
  });
});

describe('createToolbarLogger with a tail', () => {
  it('keeps the info story in the tail while the console sink stays at warn', () => {
    const sink = collector();
    const tail = new LogTail();
    const log = createToolbarLogger({ level: 'warn', sink, secrets: new SecretValues(), tail });
    log.debug({}, 'debug line');
    log.info({ phase: 'online' }, 'phase changed');
    log.child({ component: 'session' }).warn({ where: 'snapshot' }, 'listener threw');
    expect(msgs(sink.lines)).toEqual(['listener threw']);
    expect(msgs(tail.lines())).toEqual(['phase changed', 'listener threw']);
    expect(JSON.parse(tail.lines()[1]!)).toMatchObject({ component: 'session', level: 40 });
  });

  it('is as verbose as the sink when the sink is more verbose than info, and keeps info when the sink is silent', () => {
    const debugTail = new LogTail();
    const debug = createToolbarLogger({ level: 'debug', sink: collector(), secrets: new SecretValues(), tail: debugTail });
    debug.debug({}, 'detail');
    expect(msgs(debugTail.lines())).toEqual(['detail']);

    const silentTail = new LogTail();
    const sink = collector();
    const silent = createToolbarLogger({ level: 'silent', sink, secrets: new SecretValues(), tail: silentTail });
    silent.debug({}, 'detail');
    silent.info({}, 'story');
    expect(sink.lines).toEqual([]);
    expect(msgs(silentTail.lines())).toEqual(['story']);
  });
});

describe('diagnostics log section', () => {
  it('holds the tail oldest first, bounded at 500 lines, after the events', () => {
    const tail = new LogTail();
    const secrets = new SecretValues();
    const log = createToolbarLogger({ level: 'info', sink: collector(), secrets, tail });
    for (let i = 0; i < 600; i++) log.info({ i }, `record ${i}`);
    const text = buildDiagnosticsText(
      { appVersion: 't', platform: 'linux', config: {}, snapshot: makeSnapshot(), events: [], logLines: tail.lines(), generatedAt: 0 },
      secrets,
    );
    const section = text.slice(text.indexOf('## Log'));
    expect(text.indexOf('## Recent events')).toBeLessThan(text.indexOf('## Log'));
    const lines = section.split('\n');
    expect(lines[0]).toBe('## Log (last 500 lines, oldest first)');
    expect(msgs(lines.slice(1))).toEqual(Array.from({ length: 500 }, (_, i) => `record ${100 + i}`));
  });
});
