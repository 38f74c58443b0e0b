import { describe, expect, it } from 'vitest';
import { DIAL_MIN_SHOW_MS, dialingShownAt, needsClock, outageStart, selectBanner, SWITCHED_NOTICE_MS } from '../../../app/renderer/lib/banner.ts';
import type { BannerContext, BannerKind } from '../../../app/renderer/lib/banner.ts';
import { PHASES } from '../../../app/shared/connectivity.ts';
import type { ConnectivitySnapshot, FailoverInfo, Phase } from '../../../app/shared/connectivity.ts';
import { DEFAULT_ALARM_GRACE_MS } from '../../../app/shared/ui-config.ts';
import { agent, snapshot } from './fixtures.ts';
import { makeCall } from '../../support/snapshots.ts';

const NOW = 2_000_000;
const ctx: BannerContext = { now: NOW, dismissedFailoverAt: null };
const recentFailover: FailoverInfo = { at: NOW - 1_000, from: 'a', to: 'b', restored: true, result: { outcome: 'restored', agentId: 'a1001', state: 'not-ready', reasonCode: 'Lunch' } };
const badPassword = { code: 119, message: 'Invalid password', retryable: false, server: 'a' };

/** The banner each phase gets when everything else is as bad as it can be. */
const WORST_FIRST: Record<Phase, BannerKind | null> = {
  failed: 'failed',
  offline: 'offline',
  reconnecting: 'reconnecting',
  'link-down': 'link-down',
  checking: 'checking',
  online: 'switched',
  connecting: null,
};

function kindOf(s: ConnectivitySnapshot, c = ctx): BannerKind | null {
  return selectBanner(s, c)?.kind ?? null;
}

describe('selectBanner: one banner, worst first', () => {
  // Every phase × link × failover notice × last error combination.
  const links = ['up', 'down', 'unknown'] as const;
  const failovers = [null, recentFailover];
  const errors = [null, badPassword, { code: 57, message: 'timeout', retryable: true, server: 'b' }];
  for (const phase of PHASES) {
    for (const link of links) {
      for (const lastFailover of failovers) {
        for (const lastError of errors) {
          it(`phase ${phase}, link ${link}, failover ${lastFailover ? 'recent' : 'none'}, error ${lastError?.code ?? 'none'}`, () => {
            const silence = phase === 'checking' ? { server: 'a', since: NOW - 4_000 } : null;
            const s = snapshot({ phase, link, lastFailover, lastError, silence, linkError: link === 'down' ? { code: 109, message: 'CTI link lost' } : null });
            let expected: BannerKind | null;
            if (phase === 'failed' || phase === 'offline' || phase === 'reconnecting') expected = phase;
            else if (phase === 'link-down' || link === 'down') expected = 'link-down';
            else if (phase === 'checking') expected = 'checking';
            else if (phase === 'online' && lastFailover) expected = 'switched';
            else expected = null;
            expect(kindOf(s)).toBe(expected);
          });
        }
      }
    }
  }

  it('ranks phases in the agreed order', () => {
    for (const phase of PHASES) {
      const s = snapshot({ phase, lastFailover: recentFailover, lastError: phase === 'failed' ? badPassword : null, silence: phase === 'checking' ? { server: 'a', since: NOW } : null });
      expect(kindOf(s)).toBe(WORST_FIRST[phase]);
    }
  });

  it('shows nothing when online and quiet', () => {
    expect(selectBanner(snapshot(), ctx)).toBeNull();
  });

  it('treats a down link as link down even before the phase says so; its server and message are Details, not the banner', () => {
    const s = snapshot({ phase: 'connecting', link: 'down', linkError: { code: 109, message: 'Link down' } });
    expect(selectBanner(s, ctx)).toEqual({ kind: 'link-down', severity: 'warning' });
  });

  it('does not call the link down while no server carries the session', () => {
    expect(kindOf(snapshot({ phase: 'connecting', server: null, link: 'down' }))).toBeNull();
  });

  it('a not-retryable stop carries its code (the words are banner-words.ts)', () => {
    expect(selectBanner(snapshot({ phase: 'failed', server: null, lastError: badPassword }), ctx)).toEqual({ kind: 'failed', severity: 'error', code: 119, atField: false });
    expect(selectBanner(snapshot({ phase: 'failed', server: null, lastError: null }), ctx)).toEqual({ kind: 'failed', severity: 'error', code: null, atField: false });
  });

  it('a refused credential is "at the field" only while the login form shows it', () => {
    const refused = { code: 1705, message: 'AgentLogin: bad password', retryable: false, server: 'b' };
    expect(selectBanner(snapshot({ phase: 'failed', server: null, lastError: refused, agent: agent({ state: 'logged-out' }) }), ctx)).toMatchObject({ atField: true });
    expect(selectBanner(snapshot({ phase: 'failed', server: null, lastError: refused, agent: agent({ state: 'unknown' }) }), ctx)).toMatchObject({ atField: false });
  });

  it('gives reconnecting its countdown, and nothing about servers or attempts', () => {
    const s = snapshot({ phase: 'reconnecting', server: null, link: 'unknown', attempt: 3, nextServer: 'b', nextAttemptAt: NOW + 6_500 });
    expect(selectBanner(s, ctx)).toEqual({ kind: 'reconnecting', severity: 'error', countdown: { kind: 'waiting', remainingMs: 6_500, clock: '0:07' } });
  });

  describe('reconnected notice', () => {
    const online = (f = recentFailover) => snapshot({ server: { name: 'b', role: 'backup' }, lastFailover: f });

    it('carries the failover and what the restore came to', () => {
      expect(selectBanner(online(), ctx)).toEqual({ kind: 'switched', severity: 'info', failover: recentFailover });
    });

    it('fades after the notice time when everything was restored', () => {
      const f = { ...recentFailover, at: NOW - SWITCHED_NOTICE_MS + 1 };
      expect(kindOf(online(f))).toBe('switched');
      expect(kindOf(online({ ...f, at: NOW - SWITCHED_NOTICE_MS }))).toBeNull();
    });

    it('stays until dismissed when something could not be restored', () => {
      const f: FailoverInfo = { ...recentFailover, at: NOW - 60_000, restored: false, result: { outcome: 'deferred-link-down', state: 'not-ready', reasonCode: 'Lunch' } };
      expect(kindOf(online(f))).toBe('switched');
      expect(kindOf(online(f), { now: NOW, dismissedFailoverAt: f.at })).toBeNull();
    });

    it('comes back for a newer failover after one was dismissed', () => {
      expect(kindOf(online(), { now: NOW, dismissedFailoverAt: recentFailover.at - 10_000 })).toBe('switched');
    });
  });

  it('needs a ticking clock only for countdowns and timed notices', () => {
    expect(needsClock(null, ctx)).toBe(false);
    expect(needsClock(snapshot(), ctx)).toBe(false);
    expect(needsClock(snapshot({ phase: 'link-down', link: 'down' }), ctx)).toBe(false);
    expect(needsClock(snapshot({ phase: 'reconnecting', server: null }), ctx)).toBe(true);
    expect(needsClock(snapshot({ phase: 'offline', server: null }), ctx)).toBe(true);
    expect(needsClock(snapshot({ lastFailover: recentFailover }), ctx)).toBe(true);
    expect(needsClock(snapshot({ phase: 'checking', silence: { server: 'a', since: NOW } }), ctx)).toBe(true);
  });

  describe('checking a silent server', () => {
    const checking = (since = NOW - 4_200) => snapshot({ phase: 'checking', silence: { server: 'a', since } });

    it('is a quiet caution, never red, with the silence in whole seconds', () => {
      expect(selectBanner(checking(), ctx)).toEqual({ kind: 'checking', severity: 'caution', silentFor: '4 s' });
      expect(selectBanner(checking(NOW - 75_000), ctx)).toMatchObject({ silentFor: '1 min' });
    });

    it('leaves a down link to the link-down banner (the server said so last)', () => {
      expect(kindOf(snapshot({ phase: 'checking', link: 'down', silence: { server: 'a', since: NOW } }))).toBe('link-down');
    });

    it('outranks the forced-logout and failover notices', () => {
      const s = snapshot({ phase: 'checking', silence: { server: 'a', since: NOW }, lastFailover: recentFailover, agent: agent({ state: 'logged-out', loggedOutBySwitch: { at: NOW - 10 } }) });
      expect(kindOf(s)).toBe('checking');
    });
  });

  describe('logged out by the switch', () => {
    const forced = { at: NOW - 5_000 };

    it('is an error banner while the agent is logged out', () => {
      expect(selectBanner(snapshot({ agent: agent({ state: 'logged-out', loggedOutBySwitch: forced }) }), ctx)).toEqual({ kind: 'logged-out', severity: 'error', at: forced.at, onPhone: false });
    });

    it('knows a call is on the phone (ringing there, or in progress), so its words never say no calls come', () => {
      for (const state of ['ringing', 'established'] as const) {
        const s = snapshot({ agent: agent({ state: 'logged-out', loggedOutBySwitch: forced }), calls: [makeCall({ state })] });
        expect(selectBanner(s, ctx)).toMatchObject({ kind: 'logged-out', onPhone: true });
      }
    });

    it('goes as soon as the agent is logged in again, whoever did it', () => {
      expect(kindOf(snapshot({ agent: agent({ state: 'ready', loggedOutBySwitch: forced }) }))).toBeNull();
    });

    it('gives way to connection banners and outranks the switched notice', () => {
      const a = agent({ state: 'logged-out', loggedOutBySwitch: forced });
      expect(kindOf(snapshot({ phase: 'link-down', link: 'down', agent: a }))).toBe('link-down');
      expect(kindOf(snapshot({ phase: 'reconnecting', server: null, link: 'unknown', agent: { ...a, confidence: 'last-known' } }))).toBe('reconnecting');
      expect(kindOf(snapshot({ agent: a, lastFailover: recentFailover }))).toBe('logged-out');
    });
  });

  describe('grace before red (configurable, default 400 ms)', () => {
    const lost = snapshot({ phase: 'reconnecting', server: null, link: 'unknown', nextServer: 'b', attempt: 1 });

    it('shows a calm "Reconnecting…" for the first moments of an outage, then the red banner', () => {
      expect(DEFAULT_ALARM_GRACE_MS).toBe(400);
      const since = NOW - DEFAULT_ALARM_GRACE_MS + 1;
      expect(selectBanner(lost, { ...ctx, outageSince: since })).toEqual({ kind: 'lost', severity: 'caution' });
      expect(selectBanner(lost, { ...ctx, outageSince: NOW - DEFAULT_ALARM_GRACE_MS })).toMatchObject({ kind: 'reconnecting', severity: 'error' });
      expect(selectBanner({ ...lost, phase: 'offline' }, { ...ctx, outageSince: since })?.kind).toBe('lost');
      expect(needsClock(lost, { ...ctx, outageSince: since })).toBe(true);
    });

    it('takes the grace from config', () => {
      expect(kindOf(lost, { ...ctx, outageSince: NOW - 900, graceMs: 1_000 })).toBe('lost');
      expect(kindOf(lost, { ...ctx, outageSince: NOW - 900, graceMs: 0 })).toBe('reconnecting');
    });

    it('does not delay a not-retryable stop', () => {
      expect(kindOf(snapshot({ phase: 'failed', server: null, lastError: badPassword }), { ...ctx, outageSince: NOW })).toBe('failed');
    });

    it('starts when the window sees the session lost, and keeps that start through the outage', () => {
      const up = snapshot();
      expect(outageStart(up, lost, NOW, null)).toBe(NOW);
      expect(outageStart(lost, { ...lost, phase: 'offline' }, NOW + 500, NOW)).toBe(NOW);
      expect(outageStart(lost, up, NOW + 800, NOW)).toBeNull();
      expect(outageStart(up, snapshot({ phase: 'link-down', link: 'down' }), NOW, null)).toBeNull();
    });

    it('has no grace for an outage already under way when the window opened', () => {
      const since = outageStart(null, lost, NOW, null);
      expect(selectBanner(lost, { ...ctx, outageSince: since })?.kind).toBe('reconnecting');
    });
  });

  describe('no per-attempt flash of "Trying now…"', () => {
    const waiting = (at: number | null) => snapshot({ phase: 'offline', server: null, link: 'unknown', nextAttemptAt: at });

    it('once shown, "dialing" stays DIAL_MIN_SHOW_MS even if the next wait is already known', () => {
      // The attempt starts (no time set) at NOW: shown from NOW.
      let shownAt = dialingShownAt(null, waiting(null), NOW);
      expect(shownAt).toBe(NOW);
      // 10 ms later the dial failed and the next wait is known: still "Trying now…".
      shownAt = dialingShownAt(shownAt, waiting(NOW + 5_000), NOW + 10);
      expect(shownAt).toBe(NOW);
      expect(selectBanner(waiting(NOW + 5_000), { ...ctx, now: NOW + 10, dialingSince: shownAt })).toMatchObject({ countdown: { kind: 'dialing' } });
      // After the hold, the countdown.
      shownAt = dialingShownAt(shownAt, waiting(NOW + 5_000), NOW + DIAL_MIN_SHOW_MS);
      expect(shownAt).toBeNull();
      expect(selectBanner(waiting(NOW + 5_000), { ...ctx, now: NOW + DIAL_MIN_SHOW_MS, dialingSince: shownAt })).toMatchObject({ countdown: { kind: 'waiting', clock: '0:04' } });
    });

    it('is forgotten once the outage is over', () => {
      expect(dialingShownAt(NOW, snapshot(), NOW + 1)).toBeNull();
      expect(dialingShownAt(null, null, NOW)).toBeNull();
    });
  });
});
