import { describe, expect, it } from 'vitest';
import { formatAge } from '../../../app/renderer/lib/age.ts';
import { agentBadge, badgeTicks } from '../../../app/renderer/lib/agent-badge.ts';
import { localTime } from '../../../app/renderer/lib/timeline-format.ts';
import { agent } from './fixtures.ts';

const NOW = 5_000_000;

describe('formatAge', () => {
  it.each([
    [0, '1 s'],
    [200, '1 s'],
    [1_999, '1 s'],
    [12_000, '12 s'],
    [59_999, '59 s'],
    [60_000, '1 min'],
    [119_999, '1 min'],
    [59 * 60_000, '59 min'],
    [60 * 60_000, '1 h'],
    [125 * 60_000, '2 h 5 min'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatAge(ms)).toBe(text);
  });
});

describe('agent badge: known vs last known', () => {
  it('shows the state plainly while the switch is heard', () => {
    expect(agentBadge(agent({ state: 'not-ready', reasonCode: 'Meeting' }), NOW)).toEqual({ label: 'Not Ready (Meeting)', lastKnown: false, detail: null, qualifier: null });
  });

  it('greys a state the switch cannot confirm, saying when it was last heard', () => {
    const asOf = NOW - 12_000;
    const b = agentBadge(agent({ state: 'not-ready', reasonCode: 'Meeting', confidence: 'last-known', asOf }), NOW);
    expect(b).toEqual({
      label: 'Not Ready (Meeting)',
      lastKnown: true,
      detail: `Last known state, heard at ${localTime(asOf)} (12 s ago). It may have changed since.`,
      qualifier: 'last known · 12 s ago',
    });
  });

  it('ages with the injected clock', () => {
    const a = agent({ confidence: 'last-known', asOf: NOW });
    expect(agentBadge(a, NOW + 90_000).qualifier).toBe('last known · 1 min ago');
  });

  it('does not call a never-heard state "last known"', () => {
    expect(agentBadge(agent({ state: 'unknown', confidence: 'last-known', asOf: null }), NOW)).toEqual({ label: 'State unknown', lastKnown: false, detail: null, qualifier: null });
  });

  it('stays last known without an age when the time is missing', () => {
    expect(agentBadge(agent({ confidence: 'last-known', asOf: null }), NOW)).toMatchObject({ lastKnown: true, detail: null, qualifier: 'last known' });
  });

  it('needs the clock only while an age is shown', () => {
    expect(badgeTicks(undefined)).toBe(false);
    expect(badgeTicks(agent())).toBe(false);
    expect(badgeTicks(agent({ confidence: 'last-known', asOf: NOW }))).toBe(true);
    expect(badgeTicks(agent({ confidence: 'last-known', asOf: null }))).toBe(false);
    expect(badgeTicks(agent({ state: 'unknown', confidence: 'last-known', asOf: NOW }))).toBe(false);
  });
});
