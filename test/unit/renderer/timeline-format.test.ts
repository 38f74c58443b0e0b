import { describe, expect, it } from 'vitest';
import { attributeSummary, eventLabel, localTime, timelineRows } from '../../../app/renderer/lib/timeline-format.ts';
import { event } from './fake-toolbar.ts';

describe('timeline formatting', () => {
  it('shows local wall-clock time', () => {
    expect(localTime(new Date(2024, 0, 2, 9, 5, 3).getTime())).toBe('09:05:03');
    expect(localTime(new Date(2024, 0, 2, 23, 59, 59, 999).getTime())).toBe('23:59:59');
  });

  it.each([
    ['EventLinkDisconnected', 'Link disconnected'],
    ['EventServerConnected', 'Server connected'],
    ['EventAgentNotReady', 'Agent not ready'],
    ['EventPrimaryChanged', 'Primary changed'],
    ['EventDN', 'Dn'],
    ['Custom', 'Custom'],
  ])('%s → %s', (name, label) => {
    expect(eventLabel(name)).toBe(label);
  });

  it('summarises the attributes a person needs, skipping objects', () => {
    expect(attributeSummary({ ErrorCode: 109, ErrorMessage: 'CTI link lost', TimeinSecs: 5, Extensions: { a: 1 } })).toBe('ErrorCode=109 · ErrorMessage=CTI link lost');
    expect(attributeSummary({})).toBe('');
  });

  it('lists the newest first with stable keys', () => {
    const rows = timelineRows([
      { id: 1, event: event(new Date(2024, 0, 1, 8, 0, 0).getTime(), 'EventLinkDisconnected') },
      { id: 2, event: event(new Date(2024, 0, 1, 8, 0, 5).getTime(), 'EventLinkConnected') },
    ]);
    expect(rows.map((r) => [r.key, r.time, r.label])).toEqual([
      ['2', '08:00:05', 'Link connected'],
      ['1', '08:00:00', 'Link disconnected'],
    ]);
  });
});
