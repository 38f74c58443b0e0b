import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const made: MockNotification[] = [];
class MockNotification extends EventEmitter {
  static supported = true;
  static isSupported() {
    return MockNotification.supported;
  }
  shown = false;
  constructor(readonly options: { title: string; body: string; silent: boolean }) {
    super();
    made.push(this);
  }
  show() {
    this.shown = true;
  }
}

vi.mock('electron', () => ({ Notification: MockNotification, Menu: {}, Tray: class {}, nativeImage: {} }));

const { MAX_LIVE_NOTIFICATIONS, liveNotificationCount, showElectronNotification } = await import('../../../app/main/desktop/electron-adapters.ts');

const notice = { kind: 'logged-out', title: 'You were logged out by the switch', body: 'Agent 1001 no longer receives calls.' } as const;

describe('showElectronNotification', () => {
  beforeEach(() => {
    // Close whatever earlier tests left on screen.
    for (const n of made.splice(0)) n.emit('close');
    MockNotification.supported = true;
  });

  it('holds the notification until clicked or closed, so its click handler survives garbage collection', () => {
    let clicks = 0;
    showElectronNotification(notice, () => void clicks++);
    showElectronNotification({ ...notice, kind: 'recovered', title: 'Connected again' }, () => undefined);
    expect(made.map((n) => [n.options.title, n.options.silent, n.shown])).toEqual([
      ['You were logged out by the switch', false, true],
      ['Connected again', true, true],
    ]);
    expect(liveNotificationCount()).toBe(2);
    made[0]!.emit('click');
    expect(clicks).toBe(1);
    expect(liveNotificationCount()).toBe(1);
    made[1]!.emit('close');
    expect(liveNotificationCount()).toBe(0);
  });

  it('holds at most the newest few (some platforms never report close)', () => {
    for (let i = 0; i < MAX_LIVE_NOTIFICATIONS + 5; i++) showElectronNotification(notice, () => undefined);
    expect(liveNotificationCount()).toBe(MAX_LIVE_NOTIFICATIONS);
    made.at(-1)!.emit('failed');
    expect(liveNotificationCount()).toBe(MAX_LIVE_NOTIFICATIONS - 1);
  });

  it('shows nothing where notifications are not supported', () => {
    MockNotification.supported = false;
    showElectronNotification(notice, () => undefined);
    expect(made).toEqual([]);
    expect(liveNotificationCount()).toBe(0);
  });
});
