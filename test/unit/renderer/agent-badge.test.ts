import { describe, expect, it } from 'vitest';
import { formatAge } from '../../../app/renderer/lib/age.ts';
import { agentBadge, badgeTicks, trackStateSince } from '../../../app/renderer/lib/agent-badge.ts';
import { DEFAULT_NOT_READY_REASONS } from '../../../app/shared/ui-config.ts';
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
  const R = DEFAULT_NOT_READY_REASONS;
  it('shows the state plainly while the switch is heard', () => {
    expect(agentBadge(agent({ state: 'not-ready', reasonCode: 'Meeting' }), NOW, R)).toEqual({ label: 'Not Ready (Meeting)', lastKnown: false, detail: null, qualifier: null, since: null });
  });

  it('labels the reason as IT configured it', () => {
    expect(agentBadge(agent({ state: 'not-ready', reasonCode: 'C7' }), NOW, [{ code: 'C7', label: 'Coaching session' }]).label).toBe('Not Ready (Coaching session)');
  });

  it('greys a state the switch cannot confirm, saying when it was last heard', () => {
    const asOf = NOW - 12_000;
    const b = agentBadge(agent({ state: 'not-ready', reasonCode: 'Meeting', confidence: 'last-known', asOf }), NOW, R);
    expect(b).toEqual({
      label: 'Not Ready (Meeting)',
      lastKnown: true,
      detail: `Last known state, heard at ${localTime(asOf)} (12 s ago). It may have changed since.`,
      qualifier: 'last known · 12 s ago',
      since: null,
    });
  });

  it('ages with the injected clock', () => {
    const a = agent({ confidence: 'last-known', asOf: NOW });
    expect(agentBadge(a, NOW + 90_000, R).qualifier).toBe('last known · 1 min ago');
  });

  it('does not call a never-heard state "last known"', () => {
    expect(agentBadge(agent({ state: 'unknown', confidence: 'last-known', asOf: null }), NOW, R)).toEqual({ label: 'State unknown', lastKnown: false, detail: null, qualifier: null, since: null });
  });

  it('stays last known without an age when the time is missing', () => {
    expect(agentBadge(agent({ confidence: 'last-known', asOf: null }), NOW, R)).toMatchObject({ lastKnown: true, detail: null, qualifier: 'last known' });
  });

  it('needs the clock only while an age or a time in state is shown', () => {
    expect(badgeTicks(undefined, null)).toBe(false);
    expect(badgeTicks(agent(), null)).toBe(false);
    expect(badgeTicks(agent({ confidence: 'last-known', asOf: NOW }), null)).toBe(true);
    expect(badgeTicks(agent({ confidence: 'last-known', asOf: null }), null)).toBe(false);
    expect(badgeTicks(agent({ state: 'unknown', confidence: 'last-known', asOf: NOW }), null)).toBe(false);
    expect(badgeTicks(agent({ stateSince: NOW }), null)).toBe(true);
    expect(badgeTicks(agent({ state: 'logged-out', stateSince: NOW }), null)).toBe(false);
  });
});

describe('time in state: only when it is known', () => {
  const R = DEFAULT_NOT_READY_REASONS;
  it("uses the session's stateSince when it gives one", () => {
    expect(agentBadge(agent({ stateSince: NOW - 125_000 }), NOW, R).since).toBe('2:05');
    expect(agentBadge(agent({ stateSince: NOW - 3_725_000 }), NOW, R).since).toBe('1:02:05');
  });

  it('otherwise counts from a change this window saw while the switch was heard', () => {
    const ready = agent();
    const lunch = agent({ state: 'not-ready', reasonCode: 'Lunch' });
    const first = trackStateSince(null, null, ready, NOW);
    expect(first).toEqual({ key: 'ready|', since: null }); // the first picture: since when, nobody here knows
    expect(agentBadge(ready, NOW + 5_000, R, first).since).toBeNull();
    const changed = trackStateSince(first, ready, lunch, NOW + 10_000);
    expect(changed).toEqual({ key: 'not-ready|Lunch', since: NOW + 10_000 });
    expect(agentBadge(lunch, NOW + 17_400, R, changed).since).toBe('0:07');
    expect(trackStateSince(changed, lunch, { ...lunch, asOf: NOW + 20_000 }, NOW + 20_000)).toBe(changed);
  });

  it('a change found on a re-read (the toolbar could not hear it happen) has no known start', () => {
    const before = agent({ confidence: 'last-known' });
    const after = agent({ state: 'not-ready', reasonCode: 'Meeting' });
    expect(trackStateSince({ key: 'ready|', since: NOW - 60_000 }, before, after, NOW)).toEqual({ key: 'not-ready|Meeting', since: null });
  });

  it('a state heard again after a time out of earshot has no known start, even the same state', () => {
    const seen = { key: 'ready|', since: NOW - 60_000 };
    const away = agent({ confidence: 'last-known' });
    expect(trackStateSince(seen, agent(), away, NOW)).toBe(seen);
    expect(trackStateSince(seen, away, agent(), NOW + 5_000)).toEqual({ key: 'ready|', since: null });
  });

  it('never shows a time in state for a last-known, unknown or logged-out agent', () => {
    const seen = { key: 'ready|', since: NOW - 1_000 };
    expect(agentBadge(agent({ confidence: 'last-known', asOf: NOW }), NOW, R, seen).since).toBeNull();
    expect(agentBadge(agent({ state: 'unknown', stateSince: NOW }), NOW, R).since).toBeNull();
    expect(agentBadge(agent({ state: 'logged-out', stateSince: NOW }), NOW, R).since).toBeNull();
  });
});
