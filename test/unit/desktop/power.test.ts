import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { watchPowerAndNetwork } from '../../../app/main/desktop/power.ts';
import { FakeSession } from '../ipc/fixtures.ts';

describe('power and network hints', () => {
  it('resume, unlock and offline→online are each a wake hint for the session (issue 15)', () => {
    const powerMonitor = new EventEmitter();
    const session = new FakeSession();
    let online = true;
    let tick = () => {};
    let stopped = false;
    const stop = watchPowerAndNetwork({
      powerMonitor,
      isOnline: () => online,
      session,
      every: (fn, ms) => {
        expect(ms).toBe(2_000);
        tick = fn;
        return () => void (stopped = true);
      },
    });
    powerMonitor.emit('resume');
    powerMonitor.emit('unlock-screen');
    tick(); // still online: nothing
    online = false;
    tick(); // went offline: nothing to check
    tick();
    online = true;
    tick(); // back online
    tick();
    expect(session.calls).toEqual([
      ['wake', 'resume'],
      ['wake', 'unlock-screen'],
      ['wake', 'network-back'],
    ]);
    stop();
    expect(stopped).toBe(true);
    powerMonitor.emit('resume');
    expect(powerMonitor.listenerCount('resume') + powerMonitor.listenerCount('unlock-screen')).toBe(0);
    expect(session.calls).toHaveLength(3);
  });
});
