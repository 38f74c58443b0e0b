import { describe, expect, it } from 'vitest';
import { needsClock, selectBanner, SWITCHED_NOTICE_MS } from '../../../app/renderer/lib/banner.ts';
import type { BannerContext, BannerKind } from '../../../app/renderer/lib/banner.ts';
import { PHASES } from '../../../app/shared/connectivity.ts';
import type { ConnectivitySnapshot, Phase } from '../../../app/shared/connectivity.ts';
import { snapshot } from './fixtures.ts';

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
            const s = snapshot({ phase, link, lastFailover, lastError, linkError: link === 'down' ? { code: 109, message: 'CTI link lost' } : null });
            let expected: BannerKind | null;
            if (phase === 'failed' || phase === 'offline' || phase === 'reconnecting') expected = phase;
            else if (phase === 'link-down' || link === 'down') expected = 'link-down';
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
      const s = snapshot({ phase, lastFailover: recentFailover, lastError: phase === 'failed' ? badPassword : null });
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
  });
});
