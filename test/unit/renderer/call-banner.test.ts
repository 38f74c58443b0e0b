// Call-aware banners and what screen readers hear about calls (issue 12).
import { describe, expect, it } from 'vitest';
import { selectNote } from '../../../app/renderer/lib/agent-note.ts';
import { announcement, callNews, holdAlarm, news } from '../../../app/renderer/lib/announce.ts';
import { selectBanner } from '../../../app/renderer/lib/banner.ts';
import type { BannerContext } from '../../../app/renderer/lib/banner.ts';
import { bannerWords } from '../../../app/renderer/lib/banner-words.ts';
import type { CallView, ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';
import { DEFAULT_NOT_READY_REASONS } from '../../../app/shared/ui-config.ts';
import { makeCall } from '../../support/snapshots.ts';
import { agent, snapshot } from './fixtures.ts';

const R = DEFAULT_NOT_READY_REASONS;
const NOW = 1_000_000;
const ctx: BannerContext = { now: NOW, dismissedFailoverAt: null, outageSince: null };
const live = (over: Partial<CallView> = {}) => makeCall(over);
const unheard = (over: Partial<CallView> = {}) => makeCall({ confidence: 'last-known', controllable: false, ...over });
const away = agent({ confidence: 'last-known', asOf: NOW - 5_000 });
const linkDown = (calls: CallView[]): ConnectivitySnapshot => snapshot({ phase: 'link-down', link: 'down', agent: away, calls });
const noSession = (phase: 'offline' | 'reconnecting', calls: CallView[]): ConnectivitySnapshot =>
  snapshot({ phase, server: null, link: 'unknown', nextAttemptAt: NOW + 3_000, agent: away, calls });
const body = (s: ConnectivitySnapshot, c: BannerContext = ctx) => bannerWords(selectBanner(s, c)!, R).body;

describe('banners name the call in progress', () => {
  it('link down with a call: the issue\'s sentence, word for word', () => {
    expect(selectBanner(linkDown([unheard()]), ctx)).toEqual({ kind: 'link-down', severity: 'warning', call: { otherDN: '+15551234567' } });
    expect(body(linkDown([unheard()]))).toBe("Your call with \u2068+1\u00a0555\u00a0123\u00a04567\u2069 continues. You can't hold or transfer it until the phone system reconnects.");
  });

  it('link down with no call (or only one still ringing): new calls may not reach the agent', () => {
    const words = 'Calls in progress are fine. New calls may not reach you, and call controls are paused until the phone system reconnects.';
    expect(body(linkDown([]))).toBe(words);
    expect(body(linkDown([unheard({ state: 'ringing' })]))).toBe(words);
    expect(selectBanner(linkDown([]), ctx)).toEqual({ kind: 'link-down', severity: 'warning' });
  });

  it('offline, reconnecting, the calm first moments and checking: the call continues, its controls paused', () => {
    const held = [unheard({ state: 'held', otherDN: '5012' })];
    expect(body(noSession('offline', held))).toBe('Your call with \u20685012\u2069 continues, but call controls are paused. Check your network; if this lasts, call IT support.');
    expect(body(noSession('reconnecting', held))).toBe('Your call with \u20685012\u2069 continues, but call controls are paused until the toolbar is back.');
    expect(body(noSession('reconnecting', held), { ...ctx, outageSince: NOW - 100 })).toBe('Your call with \u20685012\u2069 continues; call controls are paused for a moment.');
    const checking = snapshot({ phase: 'checking', silence: { server: 'a', since: NOW - 3_000 }, agent: away, calls: held });
    expect(body(checking)).toBe('No answer for 3 s. Your call with \u20685012\u2069 continues; call controls are paused while the toolbar checks.');
    // What is spoken has no ticking age in it.
    expect(bannerWords(selectBanner(checking, ctx)!, R).spoken).toBe('Checking the connection… Your call with \u20685012\u2069 continues; call controls are paused while the toolbar checks.');
  });

  it('without a call, every outage banner keeps its words', () => {
    expect(body(noSession('offline', []))).toBe('Calls on your phone continue. Check your network; if this lasts, call IT support.');
    expect(body(noSession('reconnecting', []))).toBe("Calls on your phone continue. Your state can't be changed until the toolbar is back.");
  });

  it('an unnamed party reads as "an unknown number"', () => {
    expect(body(linkDown([unheard({ otherDN: null })]))).toBe("Your call with an unknown number continues. You can't hold or transfer it until the phone system reconnects.");
  });
});

describe('what screen readers hear about calls', () => {
  const online = (calls: CallView[], over: Partial<ConnectivitySnapshot> = {}) => snapshot({ calls, ...over });
  const ringing = live({ state: 'ringing' });

  it('a call that starts ringing: assertive, once — not again for a newer picture of the same call, nor after a failover', () => {
    expect(callNews(online([]), online([ringing]))).toEqual({ text: 'Incoming call from \u2068+1\u00a0555\u00a0123\u00a04567\u2069.', urgent: true });
    expect(callNews(null, online([ringing]))).toEqual({ text: 'Incoming call from \u2068+1\u00a0555\u00a0123\u00a04567\u2069.', urgent: true });
    expect(callNews(online([ringing]), online([ringing], { seq: 9 }))).toBeNull();
    expect(callNews(online([unheard({ state: 'ringing' })]), online([ringing]))).toBeNull();
    // A second call ringing in is news of its own.
    expect(callNews(online([ringing]), online([ringing, live({ connId: 'b2', state: 'ringing', otherDN: '5012' })]))?.text).toBe('Incoming call from \u20685012\u2069.');
  });

  it('a known call answered, held or retrieved is confirmed politely, once', () => {
    expect(callNews(online([ringing]), online([live()]))).toEqual({ text: 'On call with \u2068+1\u00a0555\u00a0123\u00a04567\u2069.', urgent: false });
    expect(callNews(online([live()]), online([live({ state: 'held' })]))).toEqual({ text: 'Call with \u2068+1\u00a0555\u00a0123\u00a04567\u2069 on hold.', urgent: false });
    expect(callNews(online([live({ state: 'held' })]), online([live()]))?.text).toBe('On call with \u2068+1\u00a0555\u00a0123\u00a04567\u2069.');
    expect(callNews(online([live()]), online([live()]))).toBeNull();
    // A call first seen already established (a window opened mid-call) is not news.
    expect(callNews(online([]), online([live()]))).toBeNull();
  });

  it('an unknown outcome is said as sent and waiting, once', () => {
    const pending = live({ controllable: false, pending: { request: 'release', since: 7 } });
    expect(callNews(online([live()]), online([pending]))).toEqual({ text: 'Release sent — waiting to hear from the phone system.', urgent: false });
    expect(callNews(online([pending]), online([pending]))).toBeNull();
  });

  it('a call that ended while heard; one that ended unheard — each said once, never both', () => {
    expect(callNews(online([live()]), online([]))).toEqual({ text: 'Your call with \u2068+1\u00a0555\u00a0123\u00a04567\u2069 ended.', urgent: false });
    const ended = online([], { callsEndedUnheard: [{ connId: makeCall().connId, otherDN: '+15551234567', at: 5 }] });
    expect(callNews(online([unheard()]), ended)).toEqual({ text: 'Your call with \u2068+1\u00a0555\u00a0123\u00a04567\u2069 ended while the toolbar could not hear the phone system.', urgent: false });
    expect(callNews(ended, ended)).toBeNull();
    // Gone from a picture while no server is heard: nothing is concluded.
    expect(callNews(noSession('offline', [unheard()]), noSession('offline', []))).toBeNull();
  });

  it('more calls than the toolbar keeps: said once, politely, and the note stays while it lasts', () => {
    const over = online([live()], { callsIncomplete: true });
    const words = 'More calls than the toolbar can show — use the phone.';
    expect(callNews(online([live()]), over)).toEqual({ text: words, urgent: false });
    expect(callNews(over, over)).toBeNull();
    expect(selectNote(over, null, null, null, R)).toEqual({ kind: 'calls-incomplete', text: words, error: false });
    expect(selectNote(online([live()]), null, null, null, R)).toBeNull();
  });

  it('the link going down during a call is announced with the call\'s words', () => {
    expect(announcement(online([live()]), linkDown([unheard()]), R)).toEqual({
      text: "Phone system link down. Your call with \u2068+1\u00a0555\u00a0123\u00a04567\u2069 continues. You can't hold or transfer it until the phone system reconnects.",
      urgent: true,
    });
  });

  it('a call ringing during the calm grace of an outage is not held back', () => {
    const before = online([]);
    const lost = noSession('reconnecting', [unheard({ state: 'ringing' })]);
    const banner = selectBanner(lost, { ...ctx, outageSince: NOW - 100 });
    expect(banner?.kind).toBe('lost');
    expect(holdAlarm(news(before, lost, R), banner, false)).toEqual({ say: { text: 'Incoming call from \u2068+1\u00a0555\u00a0123\u00a04567\u2069.', urgent: true }, owed: true });
  });
});
