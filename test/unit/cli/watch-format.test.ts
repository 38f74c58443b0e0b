// Event and snapshot lines of the watch CLI (app/main/cli/watch-format.ts).
import { describe, expect, it } from 'vitest';
import { LinePrinter, eventRecord, eventText, snapshotText, timelineEventOf } from '../../../app/main/cli/watch-format.ts';
import type { ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';
import { makeMessage } from '../../../app/main/tserver/protocol/index.ts';

const T = Date.UTC(2025, 0, 2, 3, 4, 5, 678);

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
    const s: ConnectivitySnapshot = {
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
      agent: { dn: '5001', agentId: '1001', state: 'not-ready', reasonCode: '42' },
      lastFailover: null,
    };
    expect(snapshotText(s)).toBe(
      '03:04:05.678 snapshot #17 reconnecting server=none link=unknown standby=b:not-ready attempt=3 next=03:04:06.678@b lastError="119 bad password (not retryable)" agent=5001/1001:not-ready(42)',
    );
    const lines: string[] = [];
    new LinePrinter(true, (l) => lines.push(l)).snapshot(s);
    expect(JSON.parse(lines[0]!)).toEqual({ kind: 'snapshot', ...s });
  });

  it('LinePrinter writes exactly one line per call, JSON or text', () => {
    const lines: string[] = [];
    const e = timelineEventOf(makeMessage('EventServerConnected', { ServerName: 'a' }), 'a', T);
    new LinePrinter(true, (l) => lines.push(l)).event(e);
    new LinePrinter(false, (l) => lines.push(l)).event(e);
    expect(lines).toHaveLength(2);
    expect(JSON.parse(lines[0]!)).toMatchObject({ kind: 'event', event: 'EventServerConnected', server: 'a' });
    expect(lines[1]).not.toContain('\n');
  });
});
