// Event and snapshot lines of the watch CLI (app/main/cli/watch-format.ts).
import { describe, expect, it } from 'vitest';
import { LinePrinter, droppedLine, eventRecord, eventText, snapshotText, timelineEventOf } from '../../../app/main/cli/watch-format.ts';
import type { LineSink } from '../../../app/main/cli/watch-format.ts';
import { SecretValues } from '../../../app/main/logging/redact.ts';
import type { ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';
import { makeMessage } from '../../../app/main/tserver/protocol/index.ts';
import { makeSnapshot } from '../../support/snapshots.ts';

const T = Date.UTC(2025, 0, 2, 3, 4, 5, 678);

/** Collects lines as the CLI's output would write them (snapshots rendered at once). */
function collect(): { lines: string[]; sink: LineSink } {
  const lines: string[] = [];
  return { lines, sink: { event: (l) => void lines.push(l), snapshot: (render) => void lines.push(render()) } };
}

describe('eventRecord', () => {
  it('puts t/kind/event/server first and every attribute at top level by T-Library name', () => {
    const e = timelineEventOf(makeMessage('EventLinkDisconnected', { ServerRole: 2, TimeinSecs: 5, ErrorCode: 109, ErrorMessage: 'down', SessionID: 7 }), 'b', T);
    const r = eventRecord(e);
    expect(Object.keys(r).slice(0, 4)).toEqual(['t', 'kind', 'event', 'server']);
    expect(r).toEqual({ t: T, kind: 'event', event: 'EventLinkDisconnected', server: 'b', ServerRole: 'backup', TimeinSecs: 5, ErrorCode: 109, ErrorMessage: 'down', SessionID: 7 });
  });

  it('ServerRole names, unknown roles kept as numbers', () => {
    expect(eventRecord(timelineEventOf(makeMessage('EventServerInfo', { ServerRole: 1 }), 'a', T)).ServerRole).toBe('primary');
    expect(eventRecord(timelineEventOf(makeMessage('EventServerInfo', { ServerRole: 9 }), 'a', T)).ServerRole).toBe(9);
  });

  it('binary as base64; key-value lists as objects, nested, repeated keys as arrays', () => {
    const msg = makeMessage('EventRegistered', {
      ThisDN: '5001',
      Extensions: [
        ['blob', new Uint8Array([1, 2, 255])],
        ['inner', [['k', 'v'], ['n', 3]]],
        ['tag', 'x'],
        ['tag', 'y'],
        ['tag', 'z'],
        ['empty', []],
      ],
      '#1500': new Uint8Array([0]),
    });
    const r = eventRecord(timelineEventOf(msg, 'a', T));
    expect(r.Extensions).toEqual({ blob: 'AQL/', inner: { k: 'v', n: 3 }, tag: ['x', 'y', 'z'], empty: {} });
    expect(r['#1500']).toBe('AA==');
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});

describe('text lines', () => {
  it('one line per event with time, server, name and attributes', () => {
    const e = timelineEventOf(makeMessage('EventLinkDisconnected', { ServerRole: 1, TimeinSecs: 5, ErrorMessage: 'CTI link down' }), 'a', T);
    expect(eventText(e)).toBe('03:04:05.678 a EventLinkDisconnected ServerRole=primary TimeinSecs=5 ErrorMessage="CTI link down"');
  });

  it('snapshot summary', () => {
    const s: ConnectivitySnapshot = makeSnapshot({
      seq: 17,
      t: T,
      mode: 'hot',
      phase: 'reconnecting',
      server: null,
      link: 'unknown',
      linkError: null,
      standby: { name: 'b', ready: false },
      attempt: 3,
      nextAttemptAt: T + 1000,
      nextServer: 'b',
      lastError: { code: 119, message: 'bad password', retryable: false, server: 'a' },
      agent: { ...makeSnapshot().agent, state: 'not-ready', reasonCode: '42', confidence: 'last-known' },
    });
    expect(snapshotText(s)).toBe(
      '03:04:05.678 snapshot #17 reconnecting server=none link=unknown standby=b:not-ready attempt=3 next=03:04:06.678@b lastError="119 bad password (not retryable)" agent=5001/1001:not-ready(42)',
    );
    const { lines, sink } = collect();
    new LinePrinter(true, sink).snapshot(s);
    expect(JSON.parse(lines[0]!)).toEqual({ kind: 'snapshot', ...s });
  });

  it('LinePrinter writes exactly one line per call, JSON or text', () => {
    const { lines, sink } = collect();
    const e = timelineEventOf(makeMessage('EventServerConnected', { ServerName: 'a' }), 'a', T);
    new LinePrinter(true, sink).event(e);
    new LinePrinter(false, sink).event(e);
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ kind: 'event', event: 'EventServerConnected', server: 'a' });
    expect(lines[1]).not.toContain('\n');
  });
});

describe('dropped lines', () => {
  it('say how many events were not printed, JSON or text', () => {
    expect(JSON.parse(droppedLine(true, 1234, T))).toEqual({ t: T, kind: 'dropped', events: 1234 });
    expect(droppedLine(false, 1234, T)).toBe('03:04:05.678 dropped events=1234');
  });
});

describe('secrets in what the server sends', () => {
  const secrets = new SecretValues();
  secrets.add('s3cr3t-app');
  secrets.add('4711');

  it('are scrubbed from event values, key-value keys and exact numbers, and the line stays valid JSON', () => {
    const { lines, sink } = collect();
    const msg = makeMessage('EventError', {
      ErrorCode: 119,
      ErrorMessage: 'password "s3cr3t-app" does not match',
      ReferenceID: 4711,
      EventSequenceNumber: 147_110,
      Extensions: [['s3cr3t-app', 'x'], ['echo', [['pin', '4711']]]],
    });
    new LinePrinter(true, sink, secrets).event(timelineEventOf(msg, 'a', T));
    new LinePrinter(false, sink, secrets).event(timelineEventOf(msg, 'a', T));
    for (const line of lines) {
      expect(line).not.toContain('s3cr3t-app');
      expect(line).not.toMatch(/\b4711\b/);
    }
    expect(JSON.parse(lines[0]!)).toMatchObject({
      ErrorMessage: 'password "[redacted]" does not match',
      ReferenceID: '[redacted]',
      // A number that merely contains the PIN is data, not the PIN.
      EventSequenceNumber: 147_110,
      Extensions: { '[redacted]': 'x', echo: { pin: '[redacted]' } },
    });
  });

  it('are scrubbed from snapshots (the server\'s ErrorMessage in lastError / linkError)', () => {
    const { lines, sink } = collect();
    const s = makeSnapshot({ phase: 'link-down', link: 'down', linkError: { code: 109, message: 'link down for s3cr3t-app' }, lastError: { code: null, message: 'echo s3cr3t-app', retryable: true, server: 'a' } });
    new LinePrinter(true, sink, secrets).snapshot(s);
    new LinePrinter(false, sink, secrets).snapshot(s);
    expect(lines.join('\n')).not.toContain('s3cr3t-app');
    expect(JSON.parse(lines[0]!)).toMatchObject({ linkError: { message: 'link down for [redacted]' }, lastError: { message: 'echo [redacted]' } });
    // Values with no secret are untouched.
    expect(JSON.parse(lines[0]!).agent).toEqual(s.agent);
  });

  it('a password that looks like JSON syntax cannot break the line', () => {
    const odd = new SecretValues();
    odd.add('null');
    odd.add('":"');
    const { lines, sink } = collect();
    new LinePrinter(true, sink, odd).snapshot(makeSnapshot({ lastError: { code: null, message: 'null', retryable: true, server: 'a' } }));
    const parsed = JSON.parse(lines[0]!);
    expect(parsed).toMatchObject({ linkError: null, lastFailover: null, lastError: { message: '[redacted]' } });
  });
});
