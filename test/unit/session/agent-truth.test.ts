// Known vs last known (issue 8): when the agent's state may be called current, its age, and the
// one-time report of a change that happened while the switch could not be heard.
import { describe, expect, it } from 'vitest';
import { AgentTruth } from '../../../app/main/tserver/session/agent-truth.ts';
import type { AgentObserved } from '../../../app/main/tserver/session/agent-state.ts';

const ready: AgentObserved = { agentId: '1001', state: 'ready', reasonCode: null };
const meeting: AgentObserved = { agentId: '1001', state: 'not-ready', reasonCode: 'Meeting' };
const out: AgentObserved = { agentId: null, state: 'logged-out', reasonCode: null };

describe('AgentTruth', () => {
  it('is last known until the state has been read, then current while online', () => {
    const t = new AgentTruth();
    t.follow('online', ready, 10, null);
    expect(t.current).toBe(false);
    t.settled(ready, 11);
    t.follow('online', ready, 12, null);
    expect([t.current, t.since]).toEqual([true, 12]);
  });

  it('checking: last known as of the last frame heard; heard again, the state is read again before it is current', () => {
    const t = new AgentTruth();
    t.settled(ready, 1);
    t.follow('online', ready, 2, null);
    t.follow('checking', ready, 50, 40);
    expect([t.current, t.since]).toEqual([false, 40]);
    t.follow('online', ready, 60, null);
    expect(t.current).toBe(false); // a stalled server may have dropped the events of its silence
    t.settled(meeting, 61);
    t.follow('online', meeting, 61, null);
    expect(t.current).toBe(true);
    expect(t.changedWhileAway).toMatchObject({ from: { state: 'ready' } });
  });

  it('link down: must be re-read; a different state then is reported once, with what it was', () => {
    const t = new AgentTruth();
    t.settled(ready, 1);
    t.follow('online', ready, 2, null);
    t.follow('link-down', ready, 5, null);
    expect([t.current, t.since]).toEqual([false, 5]);
    t.follow('online', ready, 9, null); // link back, re-read not done yet
    expect(t.current).toBe(false);
    t.settled(meeting, 10);
    t.follow('online', meeting, 10, null);
    expect(t.current).toBe(true);
    expect(t.changedWhileAway).toEqual({ at: 10, from: { state: 'ready', reasonCode: null }, during: 'link-down' });
    t.agentActed();
    expect(t.changedWhileAway).toBeNull();
  });

  it('a state re-read while still disconnected sticks (warm: the restore runs before the hand-over)', () => {
    const t = new AgentTruth();
    t.settled(ready, 1);
    t.follow('online', ready, 2, null);
    t.follow('reconnecting', ready, 3, null);
    t.settled(ready, 4);
    t.follow('reconnecting', ready, 4, null);
    t.follow('online', ready, 5, null);
    expect(t.current).toBe(true);
    expect(t.changedWhileAway).toBeNull();
  });

  it('link down then disconnected counts as disconnected; logged out meanwhile is a logout by the switch', () => {
    const t = new AgentTruth();
    t.settled(ready, 1);
    t.follow('online', ready, 2, null);
    t.follow('link-down', ready, 3, null);
    t.follow('reconnecting', ready, 4, null);
    t.settled(out, 6);
    expect(t.changedWhileAway?.during).toBe('disconnected');
    expect(t.loggedOutBySwitch).toEqual({ at: 6 });
    t.loggedIn();
    expect(t.loggedOutBySwitch).toBeNull();
  });

  it('a hot move must re-read on the new server before the state is current again', () => {
    const t = new AgentTruth();
    t.settled(ready, 1);
    t.follow('online', ready, 2, null);
    t.reread(ready);
    t.follow('online', ready, 3, null);
    expect(t.current).toBe(false);
    t.settled(ready, 4);
    t.follow('online', ready, 4, null);
    expect(t.current).toBe(true);
  });
});
