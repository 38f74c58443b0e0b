import { describe, expect, it } from 'vitest';
import { Notifier } from '../../../app/main/desktop/notify.ts';
import { NotificationPolicy } from '../../../app/main/desktop/notify-policy.ts';
import type { Notice } from '../../../app/main/desktop/notify-policy.ts';
import { selectBanner } from '../../../app/renderer/lib/banner.ts';
import { bannerWords } from '../../../app/renderer/lib/banner-words.ts';
import type { ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';
import { makeCall, makeSnapshot } from '../../support/snapshots.ts';

/** A fake clock with a timer queue, so the Notifier runs exactly as with real timers. */
class FakeClock {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;
  now = () => this.t;
  schedule = (fn: () => void, ms: number) => {
    const id = this.nextId++;
    this.timers.push({ at: this.t + ms, fn, id });
    return () => void (this.timers = this.timers.filter((x) => x.id !== id));
  };
  advanceTo(target: number): void {
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
    }
    this.t = target;
  }
  pending(): number {
    return this.timers.length;
  }
}

const online = makeSnapshot();
const linkDown = makeSnapshot({ phase: 'link-down', link: 'down' });
const reconnecting = makeSnapshot({ phase: 'reconnecting', server: null, nextServer: 'b', attempt: 1 });

function setup() {
  const clock = new FakeClock();
  const shown: (Notice & { at: number })[] = [];
  let clicks = 0;
  let clickLast = () => {};
  const notifier = new Notifier({
    show: (n, onClick) => {
      shown.push({ ...n, at: clock.t });
      clickLast = onClick;
    },
    onClick: () => void clicks++,
    now: clock.now,
    schedule: clock.schedule,
    enabled: true,
  });
  const at = (t: number, s: ConnectivitySnapshot) => {
    clock.advanceTo(t);
    notifier.update(s);
  };
  return { clock, shown, notifier, at, clicks: () => clicks, click: () => clickLast() };
}

describe('notification debounce (fake clock)', () => {
  it('a link flapping every 500 ms for 10 s gives at most one degrade + recovery pair', () => {
    const { shown, at, clock } = setup();
    at(0, online);
    for (let t = 0; t < 10_000; t += 500) at(t, (t / 500) % 2 === 0 ? linkDown : online);
    at(10_000, online);
    clock.advanceTo(60_000);
    expect(shown.filter((n) => n.kind === 'degraded').length).toBeLessThanOrEqual(1);
    expect(shown.filter((n) => n.kind === 'recovered').length).toBeLessThanOrEqual(1);
    expect(shown.length % 2).toBe(0); // a degrade is always followed by its recovery
  });

  it('a link flapping with long downs for 10 s gives exactly one pair, and the last notice matches reality', () => {
    const { shown, at, clock } = setup();
    at(0, online);
    // down 3.5 s, up 1 s, repeated for 10 s
    const pattern: [number, ConnectivitySnapshot][] = [
      [1_000, linkDown], [4_500, online], [5_500, linkDown], [9_000, online], [9_500, reconnecting], [10_000, online],
    ];
    for (const [t, s] of pattern) at(t, s);
    clock.advanceTo(60_000);
    expect(shown.map((n) => `${n.at} ${n.kind}: ${n.title}`)).toEqual(['4000 degraded: Phone system link down', '15000 recovered: Connected again']);
  });

  it('a lasting outage after a recovery is announced after the minimum gap, not dropped', () => {
    const { shown, at, clock } = setup();
    at(0, online);
    at(1_000, reconnecting); // degraded at 4 s
    at(5_000, online); // recovered at 10 s
    at(11_000, reconnecting); // settles at 14 s, but min gap from 10 s → 30 s
    clock.advanceTo(60_000);
    expect(shown.map((n) => `${n.at} ${n.kind}`)).toEqual(['4000 degraded', '10000 recovered', '30000 degraded']);
    expect(shown[2]!.body).toBe('Connection lost, reconnecting · Agent 1001: Ready');
  });

  it('startup connecting is not a degradation; a failed login is', () => {
    const { shown, at, clock } = setup();
    at(0, makeSnapshot({ phase: 'connecting', server: null }));
    at(6_000, online);
    clock.advanceTo(20_000);
    expect(shown).toEqual([]);
    at(20_000, makeSnapshot({ phase: 'failed', server: null, lastError: { code: 119, message: 'Bad application password', retryable: false, server: 'a' } }));
    clock.advanceTo(30_000);
    // The catalogue's words for 119, not the server's message.
    expect(shown.map((n) => `${n.title}: ${n.body}`)).toEqual(["Can't connect: The toolbar's application password was refused. Call IT support. Open the toolbar for what to do."]);
  });

  it('clicking a notification shows the window; disabled notifications show nothing; dispose cancels timers', () => {
    const s = setup();
    s.at(0, online);
    s.at(1_000, linkDown);
    s.clock.advanceTo(5_000);
    expect(s.shown).toHaveLength(1);
    s.click();
    expect(s.clicks()).toBe(1);
    s.at(6_000, online);
    expect(s.clock.pending()).toBe(1);
    s.notifier.dispose();
    expect(s.clock.pending()).toBe(0);

    const quiet = new Notifier({ show: () => { throw new Error('must not show'); }, onClick: () => {}, now: () => 10_000, schedule: () => () => {}, enabled: false });
    quiet.update(linkDown);
  });

  it('the recovery notice says, in the catalogue\'s words, what the restore after a switchover came to', () => {
    const policy = new NotificationPolicy({ degradeSettleMs: 0, recoverSettleMs: 0, minGapMs: 0, reasons: [{ code: 'R7', label: 'Lunch' }] });
    policy.observe(online, 0);
    expect(policy.observe(reconnecting, 1).map((n) => n.kind)).toEqual(['degraded']);
    const back = makeSnapshot({
      t: 2,
      server: { name: 'b', role: 'primary' },
      lastFailover: { at: 2, from: 'a', to: 'b', restored: true, result: { outcome: 'relogged-in', agentId: '1001', state: 'not-ready', reasonCode: 'R7' } },
    });
    expect(policy.observe(back, 2)).toEqual([
      { kind: 'recovered', title: 'Connected again', body: 'Connected to the phone system. You were logged back in, as Not Ready (Lunch).' },
    ]);
  });
});

const checking = makeSnapshot({ phase: 'checking', silence: { server: 'a', since: 0 } });
const agentWith = (overrides: Partial<ConnectivitySnapshot['agent']>) => ({ ...online.agent, ...overrides });
const forcedOut = (at: number, calls: ConnectivitySnapshot['calls'] = []) => makeSnapshot({ agent: agentWith({ state: 'logged-out', loggedOutBySwitch: { at } }), calls });
const loggedIn = makeSnapshot({ agent: agentWith({ state: 'ready', loggedOutBySwitch: null }) });

describe('checking is a quiet state', () => {
  it('a silent server that answers again, even after 10 s, is never announced', () => {
    const { shown, at, clock } = setup();
    at(0, online);
    at(1_000, checking);
    at(11_000, online);
    at(20_000, checking);
    clock.advanceTo(60_000);
    expect(shown).toEqual([]);
  });

  it('does not restart the recovery wait, nor reword a pending degradation', () => {
    const { shown, at, clock } = setup();
    at(0, online);
    at(1_000, linkDown); // degraded at 4 s
    at(2_000, checking); // the server fell silent meanwhile: still the link-down notice
    clock.advanceTo(5_000);
    at(5_000, online); // recovery due 5 s later
    at(7_000, checking);
    at(7_100, online);
    clock.advanceTo(60_000);
    expect(shown.map((n) => `${n.at} ${n.kind}: ${n.title}`)).toEqual(['4000 degraded: Phone system link down', '10000 recovered: Connected again']);
  });

  it('a silence that ends in a loss is announced as the loss, from when it was lost', () => {
    const { shown, at, clock } = setup();
    at(0, online);
    at(1_000, checking);
    at(11_000, reconnecting);
    clock.advanceTo(60_000);
    expect(shown.map((n) => `${n.at} ${n.title}`)).toEqual(['14000 Connection lost']);
  });
});

describe('forced logout notice', () => {
  it('tells the agent the switch logged them out, once per logout, after the settle time', () => {
    const { shown, at, clock } = setup();
    at(0, online);
    at(1_000, forcedOut(900));
    at(2_000, forcedOut(900)); // same logout, newer snapshot
    clock.advanceTo(60_000);
    expect(shown).toEqual([
      { at: 4_000, kind: 'logged-out', title: 'You were logged out by the phone system', body: 'Agent 1001 no longer gets calls. Open the toolbar to log in again.' },
    ]);
  });

  it('is not shown when the agent logged in again within the settle time', () => {
    const { shown, at, clock } = setup();
    at(0, online);
    at(1_000, forcedOut(1_000));
    at(2_500, loggedIn);
    clock.advanceTo(60_000);
    expect(shown).toEqual([]);
  });

  it('repeated logouts are spaced by the minimum gap, deferred not dropped', () => {
    const { shown, at, clock } = setup();
    at(0, online);
    at(1_000, forcedOut(1_000)); // shown at 4 s
    at(6_000, loggedIn);
    at(8_000, forcedOut(8_000)); // settles at 11 s, gap from 4 s → 24 s
    clock.advanceTo(60_000);
    expect(shown.map((n) => `${n.at} ${n.kind}`)).toEqual(['4000 logged-out', '24000 logged-out']);
  });

  it('comes besides a connection notice due at the same time, neither swallowing the other', () => {
    const { shown, at, clock } = setup();
    at(0, online);
    at(1_000, makeSnapshot({ phase: 'link-down', link: 'down', agent: agentWith({ state: 'logged-out', loggedOutBySwitch: { at: 1_000 } }) }));
    clock.advanceTo(60_000);
    expect(shown.map((n) => `${n.at} ${n.kind}`)).toEqual(['4000 degraded', '4000 logged-out']);
  });

  // The banner's with-call sentence, word for word (the catalogue test pins its text), then the way back.
  const noCallBody = 'Agent 1001 no longer gets calls. Open the toolbar to log in again.';
  const withCallBody = "You won't get calls from the queue until you log in again. Calls to your phone still ring here. Open the toolbar to log in again.";

  it('with a call in progress, says the phone still rings instead of "no longer gets calls"', () => {
    const { shown, at, clock } = setup();
    at(0, online);
    at(1_000, forcedOut(900, [makeCall()]));
    clock.advanceTo(60_000);
    expect(shown).toEqual([{ at: 4_000, kind: 'logged-out', title: 'You were logged out by the phone system', body: withCallBody }]);
  });

  it('a ringing call counts as a call on the phone, as in the banner', () => {
    const { shown, at, clock } = setup();
    at(0, online);
    at(1_000, forcedOut(900, [makeCall({ state: 'ringing', otherDN: null })]));
    clock.advanceTo(60_000);
    expect(shown.map((n) => n.body)).toEqual([withCallBody]);
  });

  it('is worded from the latest snapshot when it becomes due, not the one that brought the logout', () => {
    const ended = setup();
    ended.at(0, online);
    ended.at(1_000, forcedOut(900, [makeCall()]));
    ended.at(2_000, forcedOut(900)); // the call ended before the settle time was up
    ended.clock.advanceTo(60_000);
    expect(ended.shown.map((n) => n.body)).toEqual([noCallBody]);

    const rang = setup();
    rang.at(0, online);
    rang.at(1_000, forcedOut(900));
    rang.at(2_000, makeSnapshot({ ...forcedOut(900, [makeCall({ state: 'ringing' })]), phase: 'checking', silence: { server: 'a', since: 1_500 } }));
    rang.clock.advanceTo(60_000);
    expect(rang.shown.map((n) => n.body)).toEqual([withCallBody]);
  });

  it("says what the window's banner says, with a call and without", () => {
    for (const calls of [[], [makeCall()], [makeCall({ state: 'ringing' })], [makeCall({ state: 'held', confidence: 'last-known' })]]) {
      const s = forcedOut(900, calls);
      const banner = selectBanner(s, { now: s.t, dismissedFailoverAt: null, outageSince: null });
      expect(banner?.kind).toBe('logged-out');
      const policy = new NotificationPolicy({ degradeSettleMs: 0, recoverSettleMs: 0, minGapMs: 0 });
      const [notice] = policy.observe(s, 0);
      // Without a call the notification names the agent (the banner says "you"): only the with-call sentence is shared.
      expect(notice!.body.startsWith(`${bannerWords(banner!, []).body} `), `${calls.length} call(s)`).toBe(calls.length > 0);
    }
  });
});
