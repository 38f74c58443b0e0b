// A ringing call's OS notification (issue 12): the pure policy (ring-policy.ts), the
// notifier that carries it out over a fake surface (ring-notify.ts), and Answer from
// outside the window, which asks the live snapshot again (call-answer.ts).
import { describe, expect, it } from 'vitest';
import { answerFromShell } from '../../../app/main/desktop/call-answer.ts';
import type { AnswerDeps } from '../../../app/main/desktop/call-answer.ts';
import { answerable, partyOf, ringingCalls } from '../../../app/main/desktop/call-facts.ts';
import { isAttended, notificationButtons, RingNotifier } from '../../../app/main/desktop/ring-notify.ts';
import type { RingHandlers } from '../../../app/main/desktop/ring-notify.ts';
import { callKey, DEFAULT_RING_POLICY, MORE_KEY, RingPolicy } from '../../../app/main/desktop/ring-policy.ts';
import type { RingAction, RingNotice } from '../../../app/main/desktop/ring-policy.ts';
import { SessionRequestError } from '../../../app/main/tserver/session/api.ts';
import type { CallView, ConnectivitySnapshot, RequestOutcome } from '../../../app/shared/connectivity.ts';
import { makeSnapshot } from '../../support/snapshots.ts';

const call = (over: Partial<CallView> = {}): CallView => ({
  connId: 'c1', state: 'ringing', otherDN: '+15551234567', direction: 'inbound', since: 1_699_999_999_000, confidence: 'current', controllable: true, pending: null, ...over,
});
const withCalls = (...calls: CallView[]) => makeSnapshot({ calls });
const summary = (actions: RingAction[]) => actions.map((a) => (a.kind === 'close' ? `close ${a.key}` : `show ${a.notice.key}`));

describe('call facts', () => {
  it('only a current ringing call rings; Answer may act only on one that is ringing, current, controllable and not pending', () => {
    const s = withCalls(call(), call({ connId: 'c2', confidence: 'last-known' }), call({ connId: 'c3', state: 'established' }));
    expect(ringingCalls(s).map((c) => c.connId)).toEqual(['c1']);
    expect(answerable(s, 'c1')).toBe(true);
    for (const id of ['c2', 'c3', 'nope']) expect(answerable(s, id), id).toBe(false);
    expect(answerable(withCalls(call({ controllable: false })), 'c1')).toBe(false);
    expect(answerable(withCalls(call({ pending: { request: 'answer', since: 1 } })), 'c1')).toBe(false);
  });

  it('the party is cleaned of controls and bidi overrides, and cut', () => {
    expect(partyOf({ otherDN: ' \u202e+1 555\u0000 123 ' })).toBe('\u2068+1 555 123\u2069');
    expect(partyOf({ otherDN: null })).toBeNull();
    expect(partyOf({ otherDN: '\u2066\u0007' })).toBeNull();
    expect(partyOf({ otherDN: '😀'.repeat(40) })).toBe(`\u2068${'😀'.repeat(31)}…\u2069`);
  });
});

describe('RingPolicy', () => {
  it('a call ringing while the agent is not looking: one notification, closed when it is answered', () => {
    const p = new RingPolicy({ actions: true });
    const shown = p.plan(withCalls(call()), false, 0);
    expect(shown).toEqual([
      { kind: 'show', notice: { key: 'call:c1', connId: 'c1', title: 'Incoming call', body: '\u2068+1 555 123 4567\u2069 is calling.', answer: 'Answer' } },
    ]);
    expect(p.plan(withCalls(call()), false, 10)).toEqual([]); // at most one per ConnID
    expect(summary(p.plan(withCalls(call({ state: 'established' })), false, 20))).toEqual(['close call:c1']);
    expect(p.openKeys()).toEqual([]);
  });

  it('closed when the call is released, gone, or only last known', () => {
    const p = new RingPolicy();
    p.plan(withCalls(call(), call({ connId: 'c2' }), call({ connId: 'c3' })), false, 0);
    expect(p.openKeys()).toEqual(['call:c1', 'call:c2', 'call:c3']);
    // c1 released (gone), c2 only last known (the link dropped), c3 still ringing.
    expect(summary(p.plan(withCalls(call({ connId: 'c2', confidence: 'last-known' }), call({ connId: 'c3' })), false, 10))).toEqual(['close call:c1', 'close call:c2']);
    // The calls re-learned and c2 still ringing: it may be raised again (it was closed by us, not the agent).
    expect(summary(p.plan(withCalls(call({ connId: 'c2' }), call({ connId: 'c3' })), false, 20))).toEqual(['show call:c2']);
  });

  it('not raised while the agent looks at the window; raised once they look away and it still rings', () => {
    const p = new RingPolicy();
    expect(p.plan(withCalls(call()), true, 0)).toEqual([]);
    expect(summary(p.plan(withCalls(call()), false, 5))).toEqual(['show call:c1']);
    // Looking back at the window does not pull it away (the agent may be about to press it).
    expect(p.plan(withCalls(call()), true, 6)).toEqual([]);
    expect(p.openKeys()).toEqual(['call:c1']);
  });

  it('one the agent dismissed or clicked is not raised again while that call rings, even through a spell of last known', () => {
    const p = new RingPolicy();
    p.plan(withCalls(call()), false, 0);
    p.closed(callKey('c1'));
    expect(p.plan(withCalls(call()), false, 10)).toEqual([]);
    expect(p.plan(withCalls(call({ confidence: 'last-known' })), false, 20)).toEqual([]);
    expect(p.plan(withCalls(call()), false, 30)).toEqual([]);
    // A later ringing episode of another call is announced as usual.
    expect(summary(p.plan(withCalls(call({ connId: 'c2' })), false, 40))).toEqual(['show call:c2']);
    p.closed('call:unknown'); // a key it never opened: ignored
  });

  it('without notification buttons the body says a click opens the toolbar, and there is no Answer', () => {
    const [action] = new RingPolicy({ actions: false }).plan(withCalls(call({ otherDN: null })), false, 0);
    expect(action).toEqual({ kind: 'show', notice: { key: 'call:c1', connId: 'c1', title: 'Incoming call', body: 'A call is ringing. Open the toolbar to answer.', answer: null } });
  });

  it('a flood of ringing calls: a few of their own, the rest coalesced into one, whatever the count', () => {
    const p = new RingPolicy({ actions: true });
    const flood = withCalls(...Array.from({ length: 1000 }, (_, n) => call({ connId: `f${n}` })));
    const actions = p.plan(flood, false, 0);
    expect(summary(actions)).toEqual(['show call:f0', 'show call:f1', 'show call:f2', `show ${MORE_KEY}`]);
    const more = actions.at(-1) as { notice: RingNotice };
    expect(more.notice).toEqual({ key: 'more', connId: null, title: 'More calls are ringing', body: 'Open the toolbar to see them.', answer: null });
    expect(p.plan(flood, false, 1)).toEqual([]);
    // f0 answered: f3 gets its own; the others are still coalesced.
    const rest = withCalls(...Array.from({ length: 999 }, (_, n) => call({ connId: `f${n + 1}` })));
    expect(summary(p.plan(rest, false, 2))).toEqual(['close call:f0', 'show call:f3']);
    // Down to the ones with their own: the coalesced one goes.
    expect(summary(p.plan(withCalls(call({ connId: 'f1' }), call({ connId: 'f2' }), call({ connId: 'f3' })), false, 3))).toEqual([`close ${MORE_KEY}`]);
  });

  it('a server that rings and hangs up without end: at most maxNewPerWindow notifications per window, the rest wait', () => {
    const p = new RingPolicy();
    const { maxNewPerWindow, windowMs } = DEFAULT_RING_POLICY;
    let shown = 0;
    for (let n = 0; n < 100; n++) {
      shown += p.plan(withCalls(call({ connId: `x${n}` })), false, n * 10).filter((a) => a.kind === 'show').length;
    }
    expect(shown).toBe(maxNewPerWindow);
    // The last one still rings and waits for the window to free up; dueAt says when.
    expect(p.dueAt()).toBe(windowMs);
    expect(summary(p.plan(withCalls(call({ connId: 'x99' })), false, windowMs))).toEqual(['show call:x99']);
    expect(p.dueAt()).toBeNull();
  });

  it('reset closes everything on screen', () => {
    const p = new RingPolicy();
    p.plan(withCalls(call(), call({ connId: 'c2' })), false, 0);
    expect(summary(p.reset())).toEqual(['close call:c1', 'close call:c2']);
    expect(p.openKeys()).toEqual([]);
  });
});

/** A notification surface that records what is on screen and lets the test press things. */
function fakeSurface() {
  const open = new Map<string, { notice: RingNotice; handlers: RingHandlers }>();
  const log: string[] = [];
  return {
    surface: {
      show: (notice: RingNotice, handlers: RingHandlers) => {
        log.push(`show ${notice.key}`);
        open.set(notice.key, { notice, handlers });
      },
      close: (key: string) => {
        log.push(`close ${key}`);
        open.delete(key);
      },
    },
    open,
    log,
    /** The agent (or the OS) acts on a notification: it leaves the screen, then the handler runs. */
    press: (key: string, what: keyof RingHandlers) => {
      const n = open.get(key)!;
      open.delete(key);
      n.handlers[what]();
    },
  };
}

function notifierSetup(options: { enabled?: boolean; attended?: boolean } = {}) {
  const f = fakeSurface();
  const state = { attended: options.attended ?? false, t: 0, timers: [] as { at: number; fn: () => void }[] };
  const events: string[] = [];
  const notifier = new RingNotifier({
    surface: f.surface,
    attended: () => state.attended,
    answer: (connId) => void events.push(`answer ${connId}`),
    showWindow: () => void events.push('show window'),
    now: () => state.t,
    schedule: (fn, ms) => {
      const timer = { at: state.t + ms, fn };
      state.timers.push(timer);
      return () => void (state.timers = state.timers.filter((x) => x !== timer));
    },
    enabled: options.enabled ?? true,
    policy: { actions: true },
  });
  return { f, state, events, notifier };
}

describe('RingNotifier', () => {
  it('a click shows the window and never answers; Answer answers that call; both take the notification away for good', () => {
    const { f, events, notifier } = notifierSetup();
    notifier.update(withCalls(call(), call({ connId: 'c2' })));
    f.press('call:c1', 'click');
    f.press('call:c2', 'answer');
    expect(events).toEqual(['show window', 'answer c2']);
    notifier.update(withCalls(call(), call({ connId: 'c2' })));
    expect(f.log).toEqual(['show call:c1', 'show call:c2']); // not raised again
  });

  it('Answer on the coalesced one only opens the window', () => {
    const { f, events, notifier } = notifierSetup();
    notifier.update(withCalls(...['a', 'b', 'c', 'd'].map((connId) => call({ connId }))));
    f.press(MORE_KEY, 'answer');
    expect(events).toEqual(['show window']);
  });

  it('raised when the window is hidden, minimised or loses the focus while the call rings', () => {
    const { f, state, notifier } = notifierSetup({ attended: true });
    notifier.update(withCalls(call()));
    expect(f.log).toEqual([]);
    state.attended = false;
    notifier.attentionChanged();
    expect(f.log).toEqual(['show call:c1']);
    notifier.update(withCalls());
    expect(f.log).toEqual(['show call:c1', 'close call:c1']);
  });

  it('a notification held back by the rate bound is shown when its time comes, if the call still rings', () => {
    const { f, state, notifier } = notifierSetup();
    for (let n = 0; n < DEFAULT_RING_POLICY.maxNewPerWindow; n++) {
      notifier.update(withCalls(call({ connId: `x${n}` })));
      state.t += 10;
    }
    notifier.update(withCalls(call({ connId: 'late' })));
    expect(f.open.has('call:late')).toBe(false);
    expect(state.timers).toHaveLength(1);
    state.t = state.timers[0]!.at;
    state.timers.shift()!.fn();
    expect(f.open.has('call:late')).toBe(true);
  });

  it('shows nothing when notifications are turned off; dispose closes what is on screen and cancels the wait', () => {
    const off = notifierSetup({ enabled: false });
    off.notifier.update(withCalls(call()));
    expect(off.f.log).toEqual([]);

    const { f, state, notifier } = notifierSetup();
    for (let n = 0; n < 7; n++) notifier.update(withCalls(call({ connId: `x${n}` })));
    expect(state.timers).toHaveLength(1);
    notifier.dispose();
    expect(f.open.size).toBe(0);
    expect(state.timers).toHaveLength(0);
    notifier.update(withCalls(call({ connId: 'after' })));
    expect(f.open.size).toBe(0);
  });

  it('the OS shows buttons on macOS and Windows only; attention needs shown, not minimised and focused', () => {
    expect((['darwin', 'win32', 'linux', 'freebsd'] as const).map(notificationButtons)).toEqual([true, true, false, false]);
    const win = (over: Partial<Record<'destroyed' | 'visible' | 'minimized' | 'focused', boolean>>) => {
      const w = { destroyed: false, visible: true, minimized: false, focused: true, ...over };
      return { isDestroyed: () => w.destroyed, isVisible: () => w.visible, isMinimized: () => w.minimized, isFocused: () => w.focused };
    };
    expect(isAttended(win({}))).toBe(true);
    for (const over of [{ visible: false }, { minimized: true }, { focused: false }, { destroyed: true }]) expect(isAttended(win(over)), JSON.stringify(over)).toBe(false);
    expect(isAttended(null)).toBe(false);
  });
});

describe('answer from outside the window', () => {
  function deps(snapshot: ConnectivitySnapshot, reply: () => Promise<RequestOutcome>) {
    const seen: string[] = [];
    const lines: string[] = [];
    const d: AnswerDeps = {
      snapshot: () => snapshot,
      answerCall: (connId) => {
        seen.push(connId);
        return reply();
      },
      showWindow: () => void seen.push('show window'),
      log: { info: (f, m) => void lines.push(`${m} ${JSON.stringify(f)}`), warn: (f, m) => void lines.push(`${m} ${JSON.stringify(f)}`) },
    };
    return { d, seen, lines };
  }

  it('answers a call that still rings and is controllable', async () => {
    const { d, seen } = deps(withCalls(call()), async () => ({ outcome: 'done' }));
    expect(await answerFromShell(d, 'c1', 'notification')).toBe('answered');
    expect(seen).toEqual(['c1']);
  });

  it('never answers a stale picture: answered elsewhere, released, last known, not controllable, pending — only shows the window', async () => {
    const stale = [
      withCalls(call({ state: 'established' })),
      withCalls(),
      withCalls(call({ confidence: 'last-known', controllable: false })),
      withCalls(call({ controllable: false })),
      withCalls(call({ pending: { request: 'answer', since: 1 } })),
    ];
    for (const s of stale) {
      const { d, seen } = deps(s, async () => {
        throw new Error('must not be sent');
      });
      expect(await answerFromShell(d, 'c1', 'tray')).toBe('not-ringing');
      expect(seen).toEqual(['show window']);
    }
  });

  it('asks the snapshot at the press, not before', async () => {
    let now = withCalls(call());
    const { d, seen } = deps(now, async () => ({ outcome: 'done' }));
    d.snapshot = () => now;
    now = withCalls(call({ state: 'established' })); // answered on the handset since the button was drawn
    expect(await answerFromShell(d, 'c1', 'notification')).toBe('not-ringing');
    expect(seen).toEqual(['show window']);
  });

  it('an unknown outcome or a refusal shows the window; the log has the code, never the server\'s words', async () => {
    const unknown = deps(withCalls(call()), async () => ({ outcome: 'unknown' }));
    expect(await answerFromShell(unknown.d, 'c1', 'tray')).toBe('unknown');
    expect(unknown.seen).toEqual(['c1', 'show window']);
    const refused = deps(withCalls(call()), async () => {
      throw new SessionRequestError('SERVER-SAID password=hunter2', 1712, false);
    });
    expect(await answerFromShell(refused.d, 'c1', 'tray')).toBe('refused');
    expect(refused.seen).toEqual(['c1', 'show window']);
    expect(refused.lines.join('\n')).toMatch(/"code":1712/);
    expect(refused.lines.join('\n')).not.toMatch(/SERVER-SAID|hunter2/);
  });
});
