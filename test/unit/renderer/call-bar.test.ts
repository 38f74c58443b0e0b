import { describe, expect, it } from 'vitest';
import {
  ACTIONS_FOR,
  callBlocker,
  callForShortcut,
  callInProgress,
  callRows,
  callsTick,
  callsWaitingReason,
  endedUnheardNote,
  moreCalls,
  pendingCallNote,
} from '../../../app/renderer/lib/call-bar.ts';
import { noteKey, selectNote } from '../../../app/renderer/lib/agent-note.ts';
import { CALL_REQUESTS, CALL_STATES } from '../../../app/shared/connectivity.ts';
import type { CallView, ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';
import { DEFAULT_NOT_READY_REASONS } from '../../../app/shared/ui-config.ts';
import { makeCall } from '../../support/snapshots.ts';
import { agent, snapshot } from './fixtures.ts';

const NOW = 1_000_000;
const call = (over: Partial<CallView> = {}) => makeCall({ since: NOW - 65_000, ...over });
const withCalls = (calls: CallView[], over: Partial<ConnectivitySnapshot> = {}) => snapshot({ calls, ...over });
const R = DEFAULT_NOT_READY_REASONS;

describe('call rows', () => {
  it('an established call: party readable, direction, time in call, Hold and Release on', () => {
    const [row] = callRows(withCalls([call()]), NOW, false);
    expect(row).toMatchObject({ state: 'established', ringing: false, stateLabel: 'On call', party: '+1 555 123 4567', direction: 'Inbound', time: '1:05', lastKnown: false });
    expect(row!.buttons.map((b) => [b.action, b.label, b.name, b.control.enabled, b.shortcut])).toEqual([
      ['hold', 'Hold', 'Hold the call with +1 555 123 4567', true, true],
      ['release', 'Release', 'Release the call with +1 555 123 4567', true, true],
    ]);
  });

  it('each state offers its own controls, and every state and direction has words', () => {
    expect(ACTIONS_FOR).toEqual({ ringing: ['answer'], dialing: ['release'], established: ['hold', 'release'], held: ['retrieve', 'release'] });
    for (const state of CALL_STATES) {
      for (const direction of ['inbound', 'outbound', 'internal', 'unknown'] as const) {
        const [row] = callRows(withCalls([call({ state, direction })]), NOW, false);
        expect(row!.stateLabel).toMatch(/^[A-Z]/);
        expect(row!.direction).toMatch(/^[A-Z]/);
        expect(row!.buttons.map((b) => b.action)).toEqual(ACTIONS_FOR[state]);
      }
    }
    expect(callRows(withCalls([call({ state: 'ringing' })]), NOW, false)[0]!.ringing).toBe(true);
  });

  it('an unnamed party, and a start the switch did not give: no clock rather than a wrong one', () => {
    const [row] = callRows(withCalls([call({ otherDN: null, since: null })]), NOW, false);
    expect(row).toMatchObject({ party: 'Unknown number', time: null });
  });

  it('last known: no clock, marked, controls waiting for the calls (even once the agent is heard again)', () => {
    const s = withCalls([call({ confidence: 'last-known', controllable: false })]);
    const [row] = callRows(s, NOW, false);
    expect(row).toMatchObject({ lastKnown: true, time: null });
    expect(row!.buttons.every((b) => !b.control.enabled && b.control.reason === 'Paused until the phone system confirms your calls')).toBe(true);
    expect(callsWaitingReason(callRows(s, NOW, false))).toBe('Paused until the phone system confirms your calls');
    expect(callsWaitingReason(callRows(withCalls([call()]), NOW, false))).toBeNull();
  });

  it('disabled with the connection\'s reason first: link down, no session, checking, failed', () => {
    const off = (over: Partial<ConnectivitySnapshot>) => callBlocker(withCalls([], over), call({ confidence: 'last-known', controllable: false }), false);
    expect(off({ phase: 'link-down', link: 'down' })).toBe('Paused: the phone system link is down');
    expect(off({ phase: 'offline', server: null, link: 'unknown' })).toBe('Paused: the toolbar is not connected to the phone system');
    expect(off({ phase: 'reconnecting', server: null, link: 'unknown' })).toBe('Paused: the toolbar is not connected to the phone system');
    expect(off({ phase: 'checking' })).toBe('Paused while the toolbar checks the connection');
    expect(off({ phase: 'failed', server: null })).toBe("Paused: the toolbar can't connect");
  });

  it('a pending request, a request in flight, or a call the session says cannot be controlled: paused, each with its reason', () => {
    const s = withCalls([]);
    expect(callBlocker(s, call({ controllable: false, pending: { request: 'answer', since: 1 } }), false)).toBe('Waiting to hear whether your last call request went through');
    expect(callBlocker(s, call(), true)).toBe('Waiting for the phone system to answer…');
    expect(callBlocker(s, call({ controllable: false }), false)).toBe('Paused: the phone system does not allow this right now');
    expect(callBlocker(s, call(), false)).toBeNull();
  });

  it('the clock ticks only for a current call with a known start', () => {
    expect(callsTick(withCalls([call()]))).toBe(true);
    expect(callsTick(withCalls([call({ since: null })]))).toBe(false);
    expect(callsTick(withCalls([call({ confidence: 'last-known' })]))).toBe(false);
    expect(callsTick(withCalls([]))).toBe(false);
    expect(callsTick(null)).toBe(false);
  });
});

describe('which call a shortcut and a banner mean', () => {
  const held = call({ connId: 'held1', state: 'held' });
  const ringing = call({ connId: 'ring1', state: 'ringing' });
  const live = call({ connId: 'live1', state: 'established', otherDN: '5012' });
  const dialing = call({ connId: 'dial1', state: 'dialing' });

  it('Answer the ringing call, Hold the live one, Retrieve the held one, Release the live one first', () => {
    const s = withCalls([held, ringing, live]);
    expect(callForShortcut(s, 'answer')?.connId).toBe('ring1');
    expect(callForShortcut(s, 'hold')?.connId).toBe('live1');
    expect(callForShortcut(s, 'retrieve')?.connId).toBe('held1');
    expect(callForShortcut(s, 'release')?.connId).toBe('live1');
    expect(callForShortcut(withCalls([held, dialing]), 'release')?.connId).toBe('dial1');
    expect(callForShortcut(withCalls([held]), 'release')?.connId).toBe('held1');
    expect(callForShortcut(withCalls([live]), 'answer')).toBeNull();
  });

  it('with two calls, only the shortcut\'s call carries it', () => {
    const rows = callRows(withCalls([held, live]), NOW, false);
    expect(rows.map((r) => r.buttons.find((b) => b.action === 'release')!.shortcut)).toEqual([false, true]);
    expect(new Set(rows.flatMap((r) => r.buttons.map((b) => b.name))).size).toBe(4);
  });

  it('the call in progress is the established one, then held, then dialing — never one still ringing', () => {
    expect(callInProgress(withCalls([held, live]))?.connId).toBe('live1');
    expect(callInProgress(withCalls([ringing, held]))?.connId).toBe('held1');
    expect(callInProgress(withCalls([ringing, dialing]))?.connId).toBe('dial1');
    expect(callInProgress(withCalls([ringing]))).toBeNull();
  });
});

describe('call notes', () => {
  it('every call request pending reads as sent and waiting, never failed', () => {
    for (const request of CALL_REQUESTS) {
      const text = pendingCallNote(withCalls([call({ controllable: false, pending: { request, since: 1 } })]));
      expect(text).toMatch(/^(Answer|Hold|Retrieve|Release) sent — waiting to hear from the phone system\.$/);
      expect(text).not.toMatch(/fail/i);
    }
    expect(pendingCallNote(withCalls([call({ controllable: false, pending: { request: 'answer', since: 1 } })]))).toBe('Answer sent — waiting to hear from the phone system.');
    expect(pendingCallNote(withCalls([call()]))).toBeNull();
  });

  it('the newest call that ended unheard, named', () => {
    const s = withCalls([], { callsEndedUnheard: [{ connId: 'x', otherDN: '5012', at: 5 }, { connId: 'y', otherDN: '+15551234567', at: 9 }] });
    expect(endedUnheardNote(s)).toEqual({ at: 9, text: 'Your call with \u2068+1\u00a0555\u00a0123\u00a04567\u2069 ended while the toolbar could not hear the phone system.' });
    expect(endedUnheardNote(withCalls([], { callsEndedUnheard: [{ connId: 'x', otherDN: null, at: 5 }] }))?.text).toBe('Your call with an unknown number ended while the toolbar could not hear the phone system.');
    expect(endedUnheardNote(withCalls([]))).toBeNull();
  });

  it('the one note: the agent\'s pending request first, then a call\'s, then the rest; an ended call until dismissed', () => {
    const pendingCall = call({ controllable: false, pending: { request: 'hold', since: 1 } });
    const s = withCalls([pendingCall], { callsEndedUnheard: [{ connId: 'x', otherDN: '5012', at: 5 }] });
    expect(selectNote(s, null, null, null, R)?.kind).toBe('call-pending');
    const both = { ...s, agent: agent({ pending: { request: 'ready', reasonCode: null, since: 1 } }) };
    expect(selectNote(both, null, null, null, R)?.kind).toBe('pending');
    const ended = withCalls([], { callsEndedUnheard: [{ connId: 'x', otherDN: '5012', at: 5 }] });
    expect(selectNote(ended, null, null, null, R)).toEqual({ kind: 'ended-unheard', text: 'Your call with \u20685012\u2069 ended while the toolbar could not hear the phone system.', error: false, at: 5 });
    expect(selectNote(ended, null, null, null, R, 5)).toBeNull();
  });

  it("a note about a call goes once the call's state changed (the key follows the calls)", () => {
    const before = noteKey(withCalls([call()]));
    expect(noteKey(withCalls([call({ state: 'held' })]))).not.toBe(before);
    expect(noteKey(withCalls([call({ since: 5 })]))).toBe(before);
    const action = { text: "Hold didn't go through.", error: true, key: before };
    expect(selectNote(withCalls([call()]), action, null, null, R)?.kind).toBe('action');
    expect(selectNote(withCalls([call({ state: 'held' })]), action, null, null, R)).toBeNull();
  });
});

describe('the short window\'s "+N more" marker', () => {
  const two = callRows(withCalls([call(), call({ connId: '006f02a4c5d1e002', state: 'held', otherDN: '5012', direction: 'internal' })]), NOW, false);

  it('counts the rows it stands for, and names them in its detail', () => {
    expect(moreCalls(two, 0)).toMatchObject({ label: '+1 more call', count: '+1', word: ' more call' });
    expect(moreCalls(two, 0)?.detail).toMatch(/^Also .*5012.*\. A taller window shows every call\.$/);
    expect(moreCalls(two.slice(0, 1), 0)).toBeNull();
  });

  it('with more calls on the line than the toolbar keeps, the count is a floor and the detail says why', () => {
    const m = moreCalls(two, 0, true)!;
    expect(m).toMatchObject({ label: '+1+ more calls', count: '+1+', word: ' more calls' });
    expect(m.detail).toMatch(/A taller window shows every call\. More calls than the toolbar can show — use the phone\.$/);
    // One row kept, the rest unknown: still a marker, never nothing.
    expect(moreCalls(two.slice(0, 1), 0, true)).toMatchObject({ label: '+ more calls', count: '+', word: ' more calls', detail: 'More calls than the toolbar can show — use the phone.' });
  });
});
