import { describe, expect, it } from 'vitest';
import { announcement, holdAlarm, news, settleAlarm } from '../../../app/renderer/lib/announce.ts';
import { selectBanner } from '../../../app/renderer/lib/banner.ts';
import { PHASES } from '../../../app/shared/connectivity.ts';
import { DEFAULT_NOT_READY_REASONS } from '../../../app/shared/ui-config.ts';
import { agent, snapshot } from './fixtures.ts';

const R = DEFAULT_NOT_READY_REASONS;
const say = (prev: Parameters<typeof announcement>[0], next: Parameters<typeof announcement>[1]) => announcement(prev, next, R);

describe('screen-reader announcements', () => {
  it('announces the first state politely, without server names or roles', () => {
    expect(say(null, snapshot())).toEqual({ text: 'Connected to the phone system. Your state: Ready.', urgent: false });
  });

  it('announces every phase change, urgently when it got worse', () => {
    for (const from of PHASES) {
      for (const to of PHASES) {
        if (from === to) continue;
        const a = say(snapshot({ phase: from }), snapshot({ phase: to, seq: 2 }));
        expect(a, `${from} → ${to}`).not.toBeNull();
        expect(a!.urgent).toBe(['link-down', 'reconnecting', 'offline', 'failed'].includes(to));
      }
    }
  });

  it("says each banner's headline, the same words the banner shows", () => {
    expect(say(snapshot(), snapshot({ phase: 'link-down', link: 'down' }))?.text).toBe(
      'Phone system link down. Calls in progress are fine. New calls may not reach you, and call controls are paused until the phone system reconnects.',
    );
    expect(say(snapshot(), snapshot({ phase: 'offline', server: null }))?.text).toBe(
      "Can't reach the phone system. Calls on your phone continue. Check your network; if this lasts, call IT support.",
    );
  });

  it('announces link changes within a phase', () => {
    expect(say(snapshot(), snapshot({ link: 'down' }))).toMatchObject({ urgent: true, text: expect.stringMatching(/^Phone system link down\./) });
    expect(say(snapshot({ link: 'down' }), snapshot())).toEqual({ urgent: false, text: 'The phone system link is back. Call controls work again.' });
  });

  it('announces a failover with what the restore came to, once — not the state a second time', () => {
    const before = snapshot({ phase: 'reconnecting', server: null, agent: agent({ confidence: 'last-known' }) });
    const after = snapshot({
      server: { name: 'b', role: 'backup' },
      agent: agent({ state: 'not-ready', reasonCode: 'Lunch' }),
      lastFailover: { at: 5, from: 'a', to: 'b', restored: true, result: { outcome: 'restored', state: 'not-ready', reasonCode: 'Lunch' } },
    });
    expect(say(before, after)?.text).toBe('Reconnected. Your state was restored: Not Ready (Lunch).');
  });

  it('announces agent state and reason changes, with the configured labels', () => {
    const ready = snapshot();
    const lunch = snapshot({ agent: agent({ state: 'not-ready', reasonCode: 'L1' }) });
    expect(announcement(ready, lunch, [{ code: 'L1', label: 'Long lunch' }])).toEqual({ text: 'Your state: Not Ready (Long lunch).', urgent: false });
    expect(announcement(ready, lunch, [])?.text).toBe('Your state: Not Ready (L1).');
  });

  it('stays quiet when nothing the agent cares about changed', () => {
    expect(say(snapshot(), snapshot({ seq: 2, attempt: 1 }))).toBeNull();
  });

  it('says why the toolbar stopped retrying, in the catalogue words', () => {
    const a = say(snapshot(), snapshot({ phase: 'failed', lastError: { code: 123, message: 'no DN', retryable: false, server: 'a' } }));
    expect(a?.text).toBe("The toolbar can't connect. The phone system does not know your phone extension. Check it or call IT support.");
    expect(a?.urgent).toBe(true);
  });

  it('says a silent server is being checked, politely, and that it answered', () => {
    const checking = snapshot({ phase: 'checking', silence: { server: 'a', since: 999_000 }, agent: agent({ confidence: 'last-known' }) });
    expect(say(snapshot(), checking)).toEqual({ text: 'Checking the connection… Calls in progress are fine.', urgent: false });
    expect(say(checking, snapshot())).toEqual({ text: 'Connected to the phone system.', urgent: false });
  });

  it('says nothing about the agent when only the confidence changes', () => {
    expect(say(snapshot(), snapshot({ agent: agent({ confidence: 'last-known' }) }))).toBeNull();
  });

  it('says a request is pending, then confirms the state once the switch was asked (changed or not)', () => {
    const notReady = agent({ state: 'not-ready', reasonCode: 'Lunch' });
    const pending = snapshot({ agent: { ...notReady, pending: { request: 'ready', reasonCode: null, since: 990_000 } } });
    expect(say(snapshot({ agent: notReady }), pending)).toEqual({ text: 'No answer from the phone system yet — checking whether Ready went through.', urgent: false });
    expect(say(pending, { ...pending, seq: 2 })).toBeNull();
    expect(say(pending, snapshot({ agent: notReady }))).toEqual({ text: 'Your state: Not Ready (Lunch).', urgent: false });
    expect(say(pending, snapshot())).toEqual({ text: 'Your state: Ready.', urgent: false });
  });

  it('says once, politely, that the state was changed while the link was down', () => {
    const before = snapshot({ phase: 'link-down', link: 'down', agent: agent({ confidence: 'last-known' }) });
    const after = snapshot({ agent: agent({ state: 'not-ready', reasonCode: 'Meeting', changedWhileAway: { at: 995_000, from: { state: 'ready', reasonCode: null }, during: 'link-down' } }) });
    expect(say(before, after)).toEqual({ text: 'Connected to the phone system. Your state was changed to Not Ready (Meeting) while the phone system link was down.', urgent: false });
    expect(say(after, { ...after, seq: 3 })).toBeNull();
  });

  it('says assertively that the switch logged the agent out', () => {
    const out = snapshot({ agent: agent({ state: 'logged-out', loggedOutBySwitch: { at: 995_000 } }) });
    expect(say(snapshot(), out)).toEqual({ text: "You were logged out by the phone system. You won't get calls until you log in again.", urgent: true });
    expect(say(out, { ...out, seq: 2 })).toBeNull();
    // Opening the window on it is news too, but not an interruption.
    expect(say(null, out)?.urgent).toBe(false);
  });

  describe('the outage waits out the grace period: said once, urgently, or not at all', () => {
    const NOW = 1_000_000;
    const lost = snapshot({ phase: 'reconnecting', server: null, link: 'unknown', nextServer: 'b', agent: agent({ confidence: 'last-known' }) });
    const heard = news(snapshot(), lost, R);
    const calm = selectBanner(lost, { now: NOW, dismissedFailoverAt: null, outageSince: NOW });
    const red = selectBanner(lost, { now: NOW + 1_000, dismissedFailoverAt: null, outageSince: NOW });
    const sentence = "Connection lost. Reconnecting… Calls on your phone continue. Your state can't be changed until the toolbar is back.";

    it('says nothing about the loss during the grace, and owes it', () => {
      expect(heard.connection).toEqual({ text: sentence, urgent: true, outage: true });
      expect(holdAlarm(heard, calm, false)).toEqual({ say: null, owed: true });
    });

    it("still says the agent's own news during the grace, politely", () => {
      const withPending = news(snapshot(), { ...lost, agent: { ...lost.agent, pending: { request: 'ready', reasonCode: null, since: 1 } } }, R);
      expect(holdAlarm(withPending, calm, false)).toEqual({ say: { text: 'No answer from the phone system yet — checking whether Ready went through.', urgent: false }, owed: true });
    });

    it('says it urgently, once, when the red banner comes', () => {
      expect(settleAlarm(true, calm, lost, R)).toEqual({ say: null, owed: true });
      expect(settleAlarm(true, red, lost, R)).toEqual({ say: { text: sentence, urgent: true }, owed: false });
      expect(settleAlarm(false, red, lost, R)).toEqual({ say: null, owed: false });
    });

    it('says only "Reconnected…" when the session came back within the grace', () => {
      const back = snapshot({ server: { name: 'b', role: 'primary' }, lastFailover: { at: NOW + 300, from: 'a', to: 'b', restored: true, result: { outcome: 'restored', state: 'ready', reasonCode: null } } });
      const banner = selectBanner(back, { now: NOW + 300, dismissedFailoverAt: null, outageSince: null });
      expect(holdAlarm(news(lost, back, R), banner, true)).toEqual({ owed: true, say: { text: 'Reconnected. Your state was restored: Ready.', urgent: false } });
      expect(settleAlarm(true, banner, back, R)).toEqual({ say: null, owed: false });
    });

    it('passes urgent news straight through when no grace applies, settling what was owed', () => {
      expect(holdAlarm(heard, red, true)).toEqual({ say: { text: sentence, urgent: true }, owed: false });
      expect(holdAlarm({ connection: null, agent: null, calls: null }, calm, true)).toEqual({ say: null, owed: true });
    });
  });
});
