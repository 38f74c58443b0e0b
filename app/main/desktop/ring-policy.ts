// When a ringing call gets an OS notification, and when that notification goes away.
// Pure: the snapshot, whether the agent is looking at the window, and the time are
// passed in; what to show and close comes out. The Electron side (ring-notify.ts,
// electron-adapters.ts) only carries the plan out.
//
// - A call rings (ringing, current: call-facts.ts) while the agent is not looking at
//   the window (hidden, minimised or not focused): one notification for it, at most one
//   per ConnID. Looking at the window raises none (the window rings and announces it).
// - It is closed as soon as the call stops ringing — answered here or on the handset,
//   released, gone from the snapshot, or only last known (the toolbar cannot hear the
//   switch, so "ringing" may be untrue; the last-known call bar says so in the window).
// - One the agent dismissed (or clicked) is not raised again while that call rings.
// - Bounded against a server that rings without end: at most `maxCallNotices` calls have
//   their own notification; the others are coalesced into one "more calls are ringing";
//   and at most `maxNewPerWindow` notifications are created per `windowMs` — past that,
//   new ones wait (dueAt) rather than churn the notification centre.
// Words: the one catalogue (app/shared/messages).
import type { CallView, ConnectivitySnapshot } from '../../shared/connectivity.ts';
import { WORDS } from '../../shared/messages/index.ts';
import { partyOf, ringingCalls } from './call-facts.ts';

export interface RingPolicyOptions {
  maxCallNotices: number;
  maxNewPerWindow: number;
  windowMs: number;
  /** The OS shows notification buttons (ring-notify.ts `notificationButtons`): offer Answer on it. */
  actions: boolean;
}

export const DEFAULT_RING_POLICY: Omit<RingPolicyOptions, 'actions'> = { maxCallNotices: 3, maxNewPerWindow: 6, windowMs: 60_000 };

/** The key of the coalesced notification; a call's own is `call:<connId>`. */
export const MORE_KEY = 'more';
export const callKey = (connId: string): string => `call:${connId}`;

/** Dismissed ConnIDs remembered (pruned to calls still ringing; bounded however many ring). */
const MAX_DISMISSED = 64;

export interface RingNotice {
  key: string;
  /** The call Answer acts on; null for the coalesced notice (it only opens the window). */
  connId: string | null;
  title: string;
  body: string;
  /** The Answer button's label, or null: no button. */
  answer: string | null;
}

export type RingAction = { kind: 'show'; notice: RingNotice } | { kind: 'close'; key: string };

const N = WORDS.notify;

export class RingPolicy {
  /** Notifications on screen: key → ConnID (null for the coalesced one). */
  private readonly open = new Map<string, string | null>();
  private readonly dismissed = new Set<string>();
  private moreDismissed = false;
  /** When each notification of the current window was created. */
  private created: number[] = [];
  /** Something would have been shown but for the rate bound. */
  private held = false;
  private readonly options: RingPolicyOptions;

  constructor(options: Partial<RingPolicyOptions> = {}) {
    this.options = { ...DEFAULT_RING_POLICY, actions: false, ...options };
  }

  /** What to show and close for this snapshot; closes come first. */
  plan(snapshot: ConnectivitySnapshot, attended: boolean, now: number): RingAction[] {
    const actions: RingAction[] = [];
    const ringing = ringingCalls(snapshot);
    const ringIds = new Set(ringing.map((c) => c.connId));
    // A dismissal lasts while the call rings, even through a spell of last known.
    const stillRinging = new Set(snapshot.calls.filter((c) => c.state === 'ringing').map((c) => c.connId));
    for (const id of this.dismissed) if (!stillRinging.has(id)) this.dismissed.delete(id);

    for (const [key, connId] of this.open) {
      if (connId !== null && !ringIds.has(connId)) {
        this.open.delete(key);
        actions.push({ kind: 'close', key });
      }
    }

    this.created = this.created.filter((t) => t > now - this.options.windowMs);
    this.held = false;
    let own = [...this.open.values()].filter((id) => id !== null).length;
    let overflow = 0;
    for (const call of ringing) {
      if (this.open.has(callKey(call.connId)) || this.dismissed.has(call.connId)) continue;
      if (own >= this.options.maxCallNotices) {
        overflow++;
        continue;
      }
      if (attended) continue;
      if (!this.budget()) {
        this.held = true;
        continue;
      }
      this.open.set(callKey(call.connId), call.connId);
      this.created.push(now);
      own++;
      actions.push({ kind: 'show', notice: this.callNotice(call) });
    }

    if (overflow === 0) {
      this.moreDismissed = false;
      if (this.open.delete(MORE_KEY)) actions.push({ kind: 'close', key: MORE_KEY });
    } else if (!this.open.has(MORE_KEY) && !this.moreDismissed && !attended) {
      if (this.budget()) {
        this.open.set(MORE_KEY, null);
        this.created.push(now);
        actions.push({ kind: 'show', notice: { key: MORE_KEY, connId: null, title: N.moreRinging, body: N.moreRingingBody, answer: null } });
      } else this.held = true;
    }
    return actions;
  }

  /**
   * The notification went away by the agent's hand (dismissed, clicked, Answer) or the
   * OS's: it is not raised again while its call rings. Unknown keys (ours, closed by
   * plan) are ignored.
   */
  closed(key: string): void {
    if (!this.open.has(key)) return;
    const connId = this.open.get(key) ?? null;
    this.open.delete(key);
    if (connId === null) {
      this.moreDismissed = true;
      return;
    }
    this.dismissed.add(connId);
    if (this.dismissed.size > MAX_DISMISSED) this.dismissed.delete(this.dismissed.values().next().value!);
  }

  /** When a notification held back by the rate bound may be shown; null when none waits. */
  dueAt(): number | null {
    return this.held && this.created.length > 0 ? this.created[0]! + this.options.windowMs : null;
  }

  /** Keys of the notifications on screen (for tests and dispose). */
  openKeys(): string[] {
    return [...this.open.keys()];
  }

  /** Everything closes (the app is quitting, or notifications were turned off). */
  reset(): RingAction[] {
    const keys = this.openKeys();
    this.open.clear();
    this.dismissed.clear();
    this.moreDismissed = false;
    this.held = false;
    return keys.map((key) => ({ kind: 'close', key }));
  }

  private budget(): boolean {
    return this.created.length < this.options.maxNewPerWindow;
  }

  private callNotice(call: CallView): RingNotice {
    const said = N.ringingBody(partyOf(call));
    // Without a button, the body says what a click does: it opens the toolbar, it does not answer.
    return this.options.actions
      ? { key: callKey(call.connId), connId: call.connId, title: N.ringing, body: said, answer: N.answer }
      : { key: callKey(call.connId), connId: call.connId, title: N.ringing, body: `${said} ${N.openToAnswer}`, answer: null };
  }
}
