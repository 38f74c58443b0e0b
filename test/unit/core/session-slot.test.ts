import { describe, expect, it } from 'vitest';
import { SessionSlot } from '../../../app/main/core/session-slot.ts';
import type { ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';
import { FakeSession, makeEvent } from '../ipc/fixtures.ts';

const identity = { mode: 'hot' as const, dn: '5001', agentId: '1001' };

describe('SessionSlot', () => {
  it('before a session: a connecting snapshot, requests refused as retryable, hints ignored', async () => {
    const slot = new SessionSlot(identity, null, () => 5);
    expect(slot.snapshot()).toMatchObject({ seq: 0, t: 5, phase: 'connecting', setup: null, lastError: null, agent: { dn: '5001', agentId: '1001', confidence: 'last-known' } });
    await expect(slot.agentLogin('1001', 'pw')).rejects.toMatchObject({ retryable: true, message: 'The toolbar is starting; try again in a moment.' });
    expect(slot.checkNow('user')).toBe(false);
    expect(slot.wake('resume')).toBe(false);
  });

  it('forwards to the attached session: snapshots renumbered above the slot\'s own, events, requests, hints', async () => {
    const slot = new SessionSlot(identity, null);
    const snapshots: ConnectivitySnapshot[] = [];
    const events: unknown[] = [];
    slot.onSnapshot((s) => void snapshots.push(s));
    slot.onEvent((e) => void events.push(e));
    slot.hold({ state: 'waiting-for-keychain', files: [], problems: [] });
    const real = new FakeSession();
    slot.attach(real);
    real.emitSnapshot({ phase: 'online' });
    real.emitEvent(makeEvent());
    expect(snapshots.map((s) => [s.seq, s.phase])).toEqual([
      [1, 'connecting'],
      // The real session's own 1 and 2 (FakeSession starts at 1), moved above everything the slot showed.
      [3, 'online'],
      [4, 'online'],
    ]);
    expect(events).toHaveLength(1);
    expect(await slot.agentReady()).toEqual({ outcome: 'done' });
    expect(slot.checkNow('user')).toBe(true);
    expect(real.calls).toEqual([['agentReady'], ['checkNow', 'user']]);
    expect(() => slot.hold(null)).toThrow(/already attached/);
    expect(() => slot.attach(new FakeSession())).toThrow(/already attached/);
  });

  it('starts the session it is handed when start() came first, and stops a session handed after stop()', async () => {
    const slot = new SessionSlot(identity, null);
    slot.start();
    const first = new FakeSession();
    slot.attach(first);
    expect(first.calls).toEqual([['start']]);
    await slot.stop();
    expect(first.calls).toEqual([['start'], ['stop']]);

    const late = new SessionSlot(identity, null);
    await late.stop();
    const session = new FakeSession();
    late.attach(session);
    expect(session.calls).toEqual([['stop']]);
    expect(late.attached).toBe(false);
  });

  it('a throwing listener is reported and the others still hear', () => {
    const errors: unknown[] = [];
    const slot = new SessionSlot(identity, null, Date.now, (e) => void errors.push(e));
    const heard: number[] = [];
    slot.onSnapshot(() => {
      throw new Error('boom');
    });
    slot.onSnapshot((s) => void heard.push(s.seq));
    slot.hold({ state: 'not-configured', files: ['/etc/agent-toolbar/config.yaml'], problems: [] });
    expect(heard).toEqual([1]);
    expect(errors).toHaveLength(1);
  });
});
