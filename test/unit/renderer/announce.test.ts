import { describe, expect, it } from 'vitest';
import { announcement, holdAlarm, settleAlarm } from '../../../app/renderer/lib/announce.ts';
import { selectBanner } from '../../../app/renderer/lib/banner.ts';
import { PHASES } from '../../../app/shared/connectivity.ts';
import { agent, snapshot } from './fixtures.ts';

describe('screen-reader announcements', () => {
  it('announces the first state politely', () => {
    expect(announcement(null, snapshot())).toEqual({ text: 'Connected to a, primary. Switch link up. Agent state: Ready.', urgent: false });
  });

  it('announces every phase change, urgently when it got worse', () => {
    for (const from of PHASES) {
      for (const to of PHASES) {
        if (from === to) continue;
        const a = announcement(snapshot({ phase: from }), snapshot({ phase: to, seq: 2 }));
        expect(a, `${from} → ${to}`).not.toBeNull();
        expect(a!.urgent).toBe(['link-down', 'reconnecting', 'offline', 'failed'].includes(to));
      }
    }
  });

  it('announces link changes within a phase', () => {
    expect(announcement(snapshot(), snapshot({ link: 'down' }))).toMatchObject({ urgent: true, text: expect.stringMatching(/Switch link down/) });
    expect(announcement(snapshot({ link: 'down' }), snapshot())).toMatchObject({ urgent: false, text: expect.stringMatching(/restored/) });
  });

  it('announces a failover with what was restored', () => {
    const before = snapshot({ phase: 'reconnecting', server: null });
    const after = snapshot({
      server: { name: 'b', role: 'backup' },
      lastFailover: { at: 5, from: 'a', to: 'b', restored: true, detail: 'Agent state restored.' },
    });
    expect(announcement(before, after)?.text).toBe('Switched to b, backup. Agent state restored.');
  });

  it('announces agent state and reason changes', () => {
    const ready = snapshot();
    const lunch = snapshot({ agent: agent({ state: 'not-ready', reasonCode: 'Lunch' }) });
    const meeting = snapshot({ agent: agent({ state: 'not-ready', reasonCode: 'Meeting' }) });
    expect(announcement(ready, lunch)).toEqual({ text: 'Agent state: Not Ready (Lunch).', urgent: false });
    expect(announcement(lunch, meeting)?.text).toBe('Agent state: Not Ready (Meeting).');
  });

  it('stays quiet when nothing the agent cares about changed', () => {
    expect(announcement(snapshot(), snapshot({ seq: 2, attempt: 1 }))).toBeNull();
  });

  it('says why the toolbar stopped retrying', () => {
    const a = announcement(snapshot(), snapshot({ phase: 'failed', lastError: { code: 123, message: 'no DN', retryable: false, server: 'a' } }));
    expect(a?.text).toMatch(/does not know your phone line/);
    expect(a?.urgent).toBe(true);
  });

  it('says a silent server is being checked, politely, and that it answered', () => {
    const checking = snapshot({ phase: 'checking', silence: { server: 'a', since: 999_000 }, agent: agent({ confidence: 'last-known' }) });
    expect(announcement(snapshot(), checking)).toEqual({ text: 'Checking the connection to a.', urgent: false });
    expect(announcement(checking, snapshot())).toEqual({ text: 'Connected to a, primary. Switch link up.', urgent: false });
  });

  it('says nothing about the agent when only the confidence changes', () => {
    expect(announcement(snapshot(), snapshot({ agent: agent({ confidence: 'last-known' }) }))).toBeNull();
  });

  it('says a request is pending, then confirms the state once the switch was asked (changed or not)', () => {
    const notReady = agent({ state: 'not-ready', reasonCode: 'Lunch' });
    const pending = snapshot({ agent: { ...notReady, pending: { request: 'ready', reasonCode: null, since: 990_000 } } });
    expect(announcement(snapshot({ agent: notReady }), pending)).toEqual({ text: 'No answer from the switch yet — checking whether Ready went through.', urgent: false });
    expect(announcement(pending, { ...pending, seq: 2 })).toBeNull();
    expect(announcement(pending, snapshot({ agent: notReady }))).toEqual({ text: 'Agent state: Not Ready (Lunch).', urgent: false });
    expect(announcement(pending, snapshot())).toEqual({ text: 'Agent state: Ready.', urgent: false });
  });

  it('says once, politely, that the state was changed while the link was down', () => {
    const before = snapshot({ phase: 'link-down', link: 'down', agent: agent({ confidence: 'last-known' }) });
    const after = snapshot({ agent: agent({ state: 'not-ready', reasonCode: 'Meeting', changedWhileAway: { at: 995_000, from: { state: 'ready', reasonCode: null }, during: 'link-down' } }) });
    expect(announcement(before, after)).toEqual({ text: 'Connected to a, primary. Switch link up. Your state was changed to Not Ready (Meeting) while the link was down.', urgent: false });
    expect(announcement(after, { ...after, seq: 3 })).toBeNull();
  });

  it('says assertively that the switch logged the agent out', () => {
    const out = snapshot({ agent: agent({ state: 'logged-out', loggedOutBySwitch: { at: 995_000 } }) });
    expect(announcement(snapshot(), out)).toEqual({ text: 'You were logged out by the switch. Log in again to take calls.', urgent: true });
    expect(announcement(out, { ...out, seq: 2 })).toBeNull();
    // Opening the window on it is news too, but not an interruption.
    expect(announcement(null, out)?.urgent).toBe(false);
  });

  describe('the assertive voice waits out the grace period too', () => {
    const NOW = 1_000_000;
    const lost = snapshot({ phase: 'reconnecting', server: null, link: 'unknown', nextServer: 'b', agent: agent({ confidence: 'last-known' }) });
    const news = announcement(snapshot(), lost);
    const calm = selectBanner(lost, { now: NOW, dismissedFailoverAt: null, outageSince: NOW });
    const red = selectBanner(lost, { now: NOW + 1_000, dismissedFailoverAt: null, outageSince: NOW });

    it('speaks politely during the grace and owes the alarm', () => {
      expect(news).toEqual({ text: 'Connection lost. Reconnecting to b.', urgent: true });
      expect(holdAlarm(news, calm, false)).toEqual({ say: { text: 'Connection lost. Reconnecting to b.', urgent: false }, owed: true });
    });

    it('says it urgently when the red banner comes', () => {
      expect(settleAlarm(true, calm, lost)).toEqual({ say: null, owed: true });
      expect(settleAlarm(true, red, lost)).toEqual({ say: { text: 'Connection lost. Reconnecting to b.', urgent: true }, owed: false });
    });

    it('says nothing more when the session came back within the grace', () => {
      const back = snapshot({ server: { name: 'b', role: 'primary' } });
      const banner = selectBanner(back, { now: NOW + 300, dismissedFailoverAt: null, outageSince: null });
      expect(holdAlarm(announcement(lost, back), banner, true)).toMatchObject({ owed: true, say: { urgent: false } });
      expect(settleAlarm(true, banner, back)).toEqual({ say: null, owed: false });
    });

    it('passes urgent news straight through when no grace applies, settling what was owed', () => {
      expect(holdAlarm(news, red, true)).toEqual({ say: news, owed: false });
      expect(holdAlarm(null, calm, true)).toEqual({ say: null, owed: true });
    });
  });
});
