import { describe, expect, it } from 'vitest';
import { ALARM_GRACE_MS, needsClock, outageStart, selectBanner, SWITCHED_NOTICE_MS } from '../../../app/renderer/lib/banner.ts';
import type { BannerContext, BannerKind } from '../../../app/renderer/lib/banner.ts';
import { PHASES } from '../../../app/shared/connectivity.ts';
import type { ConnectivitySnapshot, Phase } from '../../../app/shared/connectivity.ts';
import { agent, snapshot } from './fixtures.ts';

const NOW = 2_000_000;
const ctx: BannerContext = { now: NOW, dismissedFailoverAt: null };
const recentFailover = { at: NOW - 1_000, from: 'a', to: 'b', restored: true, detail: 'Your phone line and Not Ready (Lunch) were restored.' };
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

  it('treats a down link as link down even before the phase says so', () => {
    const s = snapshot({ phase: 'connecting', link: 'down', linkError: { code: 109, message: 'Link down' } });
    expect(selectBanner(s, ctx)).toEqual({ kind: 'link-down', severity: 'warning', server: 'a', serverMessage: 'Link down', code: 109 });
  });

  it('does not call the link down while no server carries the session', () => {
    expect(kindOf(snapshot({ phase: 'connecting', server: null, link: 'down' }))).toBeNull();
  });

  it('carries the server message of the link-down event', () => {
    const b = selectBanner(snapshot({ phase: 'link-down', link: 'down', linkError: { code: 54, message: 'No connection to switch' } }), ctx);
    expect(b).toMatchObject({ kind: 'link-down', serverMessage: 'No connection to switch', code: 54 });
  });

  it('puts the not-retryable cause in plain words', () => {
    const b = selectBanner(snapshot({ phase: 'failed', server: null, lastError: badPassword }), ctx);
    expect(b).toMatchObject({ kind: 'failed', code: 119, server: 'a', error: { contact: 'it' } });
    expect(b?.kind === 'failed' && b.error.text).toBe("The toolbar's application password was refused. Call IT support.");
  });

  it('gives reconnecting the next server, attempt and countdown', () => {
    const s = snapshot({ phase: 'reconnecting', server: null, link: 'unknown', attempt: 3, nextServer: 'b', nextAttemptAt: NOW + 6_500 });
    expect(selectBanner(s, ctx)).toMatchObject({
      kind: 'reconnecting',
      attempt: 3,
      nextServer: 'b',
      countdown: { kind: 'waiting', clock: '0:07' },
    });
  });

  describe('switched-to-backup notice', () => {
    const online = (f = recentFailover) => snapshot({ server: { name: 'b', role: 'backup' }, lastFailover: f });

    it('names the server and its role', () => {
      expect(selectBanner(online(), ctx)).toMatchObject({ kind: 'switched', role: 'backup', failover: { to: 'b', restored: true } });
    });

    it('fades after the notice time when everything was restored', () => {
      const f = { ...recentFailover, at: NOW - SWITCHED_NOTICE_MS + 1 };
      expect(kindOf(online(f))).toBe('switched');
      expect(kindOf(online({ ...f, at: NOW - SWITCHED_NOTICE_MS }))).toBeNull();
    });

    it('stays until dismissed when something could not be restored', () => {
      const f = { ...recentFailover, at: NOW - 60_000, restored: false, detail: 'Could not restore Not Ready (Lunch): link down.' };
      expect(kindOf(online(f))).toBe('switched');
      expect(kindOf(online(f), { now: NOW, dismissedFailoverAt: f.at })).toBeNull();
    });

    it('comes back for a newer failover after one was dismissed', () => {
      expect(kindOf(online(), { now: NOW, dismissedFailoverAt: recentFailover.at - 10_000 })).toBe('switched');
    });

    it('reports an unknown role when the session is on another server than the failover target', () => {
      expect(selectBanner(snapshot({ lastFailover: recentFailover }), ctx)).toMatchObject({ kind: 'switched', role: null });
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
      expect(selectBanner(checking(), ctx)).toEqual({ kind: 'checking', severity: 'caution', server: 'a', silentFor: '4 s' });
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
      expect(selectBanner(snapshot({ agent: agent({ state: 'logged-out', loggedOutBySwitch: forced }) }), ctx)).toEqual({ kind: 'logged-out', severity: 'error', at: forced.at });
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

  describe('grace before red', () => {
    const lost = snapshot({ phase: 'reconnecting', server: null, link: 'unknown', nextServer: 'b', attempt: 1 });

    it('shows a calm "Reconnecting…" for the first moments of an outage, then the red banner', () => {
      const since = NOW - ALARM_GRACE_MS + 1;
      expect(selectBanner(lost, { ...ctx, outageSince: since })).toEqual({ kind: 'lost', severity: 'caution', nextServer: 'b' });
      expect(selectBanner(lost, { ...ctx, outageSince: NOW - ALARM_GRACE_MS })).toMatchObject({ kind: 'reconnecting', severity: 'error' });
      expect(selectBanner({ ...lost, phase: 'offline' }, { ...ctx, outageSince: since })?.kind).toBe('lost');
      expect(needsClock(lost, { ...ctx, outageSince: since })).toBe(true);
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
});
