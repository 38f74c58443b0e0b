import { EventEmitter } from 'node:events';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const made: MockNotification[] = [];
class MockNotification extends EventEmitter {
  static supported = true;
  static isSupported() {
    return MockNotification.supported;
  }
  shown = false;
  closes = 0;
  constructor(readonly options: { title: string; body: string; silent: boolean; actions?: { type: string; text: string }[]; timeoutType?: string; urgency?: string }) {
    super();
    made.push(this);
  }
  show() {
    this.shown = true;
  }
  /** As Electron on Windows: a programmatic close() emits `close` too. */
  close() {
    this.closes++;
    this.emit('close', {});
  }
}

/** nativeImage as far as trayImage uses it: a 4×4 dot read from a path, made again from a bitmap. */
const images: { from: string; bytes?: number[]; size?: { width: number; height: number } }[] = [];
const nativeImage = {
  createFromPath: (path: string) => {
    const img = { from: path, isEmpty: () => path.includes('missing'), getSize: () => ({ width: 4, height: 4 }), toBitmap: () => Buffer.alloc(64, 0x40) };
    images.push(img);
    return img;
  },
  createFromBitmap: (buffer: Buffer, size: { width: number; height: number }) => {
    const img = { from: 'bitmap', bytes: [...buffer], size };
    images.push(img);
    return img;
  },
};

vi.mock('electron', () => ({ Notification: MockNotification, Menu: {}, Tray: class {}, nativeImage }));

const { RingNotifier } = await import('../../../app/main/desktop/ring-notify.ts');
const { answerFromShell } = await import('../../../app/main/desktop/call-answer.ts');
const { makeSnapshot } = await import('../../support/snapshots.ts');
const { MAX_LIVE_NOTIFICATIONS, MAX_LIVE_RINGING, electronRingSurface, liveNotificationCount, showElectronNotification, trayImage } = await import('../../../app/main/desktop/electron-adapters.ts');

const notice = { kind: 'logged-out', title: 'You were logged out by the switch', body: 'Agent 1001 no longer receives calls.' } as const;

describe('showElectronNotification', () => {
  beforeEach(() => {
    // Close whatever earlier tests left on screen.
    for (const n of made.splice(0)) n.emit('close');
    MockNotification.supported = true;
  });

  it('does not answer anything: it has no Answer button', () => {
    showElectronNotification(notice, () => undefined);
    expect(made[0]!.options.actions).toBeUndefined();
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

describe('electronRingSurface', () => {
  const ring = { key: 'call:c1', connId: 'c1', title: 'Incoming call', body: '+15551234567 is calling.', answer: 'Answer' };
  function handlers() {
    const seen: string[] = [];
    return { seen, h: { click: () => void seen.push('click'), answer: () => void seen.push('answer'), closed: () => void seen.push('closed') } };
  }
  beforeEach(() => {
    made.splice(0);
    MockNotification.supported = true;
  });

  it('an Answer button where offered, heard, and kept on screen until the call stops ringing', () => {
    const surface = electronRingSurface();
    surface.show(ring, handlers().h);
    surface.show({ ...ring, key: 'call:c2', answer: null }, handlers().h);
    expect(made.map((n) => n.options)).toEqual([
      { title: 'Incoming call', body: '+15551234567 is calling.', silent: false, timeoutType: 'never', urgency: 'critical', actions: [{ type: 'button', text: 'Answer' }] },
      { title: 'Incoming call', body: '+15551234567 is calling.', silent: false, timeoutType: 'never', urgency: 'critical' },
    ]);
    expect(made.every((n) => n.shown)).toBe(true);
  });

  it('held while on screen; our own close is not taken for the agent dismissing it', () => {
    const surface = electronRingSurface();
    const { seen, h } = handlers();
    surface.show(ring, h);
    expect(surface.liveCount()).toBe(1);
    surface.close('call:c1');
    expect(made[0]!.closes).toBe(1);
    expect(surface.liveCount()).toBe(0);
    expect(seen).toEqual([]);
    surface.close('call:c1'); // twice: nothing more
    expect(made[0]!.closes).toBe(1);
  });

  it('click, the Answer action (Electron 45 details and the deprecated index), a dismissal: each reported once, and dropped', () => {
    const surface = electronRingSurface();
    const a = handlers();
    surface.show(ring, a.h);
    made[0]!.emit('click', {});
    made[0]!.emit('click', {});
    expect(a.seen).toEqual(['click']); // the close() after it is ours: no `closed`
    expect(made[0]!.closes).toBe(1);

    const b = handlers();
    surface.show({ ...ring, key: 'call:c2' }, b.h);
    made[1]!.emit('action', { actionIndex: 1 }, 1); // not our button
    expect(b.seen).toEqual([]);
    made[1]!.emit('action', undefined, 0);
    expect(b.seen).toEqual(['answer']);

    const c = handlers();
    surface.show({ ...ring, key: 'call:c3' }, c.h);
    made[2]!.emit('close', { reason: 'userCanceled' });
    expect(c.seen).toEqual(['closed']);
    expect(surface.liveCount()).toBe(0);
  });

  it('a Windows toast that timed out into the Action Center stays held: its Answer still works, and it is closed when the call stops', () => {
    const surface = electronRingSurface();
    const { seen, h } = handlers();
    surface.show(ring, h);
    made[0]!.emit('close', { reason: 'timedOut' });
    expect(seen).toEqual([]);
    expect(surface.liveCount()).toBe(1);
    made[0]!.emit('action', { actionIndex: 0 }, 0);
    expect(seen).toEqual(['answer']);
    surface.show({ ...ring, key: 'call:c2' }, h);
    made[1]!.emit('close', { reason: 'timedOut' });
    surface.close('call:c2');
    expect(made[1]!.closes).toBe(1);
    expect(surface.liveCount()).toBe(0);
  });

  it('one per key, and a bounded number held whatever the caller does', () => {
    const surface = electronRingSurface();
    surface.show(ring, handlers().h);
    surface.show(ring, handlers().h);
    expect(made[0]!.closes).toBe(1);
    expect(surface.liveCount()).toBe(1);
    for (let n = 0; n < MAX_LIVE_RINGING + 5; n++) surface.show({ ...ring, key: `call:x${n}` }, handlers().h);
    expect(surface.liveCount()).toBe(MAX_LIVE_RINGING);
  });

  it('shows nothing where notifications are not supported', () => {
    MockNotification.supported = false;
    electronRingSurface().show(ring, handlers().h);
    expect(made).toEqual([]);
  });
});

describe('trayImage', () => {
  beforeEach(() => void images.splice(0));

  it('the status dot as it is without a call; with one, the dot marked and made again from its bitmap', () => {
    trayImage('/icons', { level: 'warn', call: null });
    expect(images.map((i) => i.from)).toEqual(['/icons/tray-warn.png']);
    images.splice(0);
    trayImage('/icons', { level: 'ok', call: 'ringing' });
    expect(images.map((i) => i.from)).toEqual(['/icons/tray-ok.png', 'bitmap']);
    // 4×4: the four middle pixels are within the ringing mark's radius, the rest keep the dot's bytes.
    const W = [0xff, 0xff, 0xff, 0xff];
    const D = [0x40, 0x40, 0x40, 0x40];
    expect(images[1]).toMatchObject({ size: { width: 4, height: 4 }, bytes: [D, D, D, D, D, W, W, D, D, W, W, D, D, D, D, D].flat() });
  });

  it('an icon that could not be read is left as it is (nothing to mark)', () => {
    trayImage('/missing', { level: 'ok', call: 'in-call' });
    expect(images.map((i) => i.from)).toEqual(['/missing/tray-ok.png']);
  });
});

describe('a ringing call, end to end over the Electron surface', () => {
  const ringingCall = { connId: 'c1', state: 'ringing' as const, otherDN: '+15551234567', direction: 'inbound' as const, since: 1, confidence: 'current' as const, controllable: true, pending: null };
  beforeEach(() => {
    made.splice(0);
    MockNotification.supported = true;
  });

  function wire() {
    let now = makeSnapshot({ calls: [ringingCall] });
    const sent: string[] = [];
    const quiet = { info: () => undefined, warn: () => undefined };
    const deps = { snapshot: () => now, answerCall: async (id: string) => (sent.push(id), { outcome: 'done' as const }), showWindow: () => void sent.push('show window'), log: quiet };
    const surface = electronRingSurface();
    const notifier = new RingNotifier({
      surface,
      attended: () => false,
      answer: (connId) => void answerFromShell(deps, connId, 'notification'),
      showWindow: deps.showWindow,
      now: () => 0,
      schedule: () => () => undefined,
      enabled: true,
      policy: { actions: true },
    });
    return { notifier, surface, sent, set: (s: typeof now) => (now = s) };
  }

  it('Answer in the notification answers the call that still rings, once', async () => {
    const { notifier, surface, sent } = wire();
    notifier.update(makeSnapshot({ calls: [ringingCall] }));
    expect(made[0]!.options.actions).toEqual([{ type: 'button', text: 'Answer' }]);
    made[0]!.emit('action', { actionIndex: 0 }, 0);
    made[0]!.emit('action', { actionIndex: 0 }, 0); // a second press on a notification already gone
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual(['c1']);
    expect(surface.liveCount()).toBe(0);
  });

  it('Answer pressed after the call was answered on the handset: nothing sent, the window shown', async () => {
    const { notifier, sent, set } = wire();
    notifier.update(makeSnapshot({ calls: [ringingCall] }));
    set(makeSnapshot({ calls: [{ ...ringingCall, state: 'established' }] })); // the session knows; the snapshot has not reached the notifier yet
    made[0]!.emit('action', { actionIndex: 0 }, 0);
    await new Promise((r) => setTimeout(r, 0));
    expect(sent).toEqual(['show window']);
  });

  it('a click only shows the window; the call stopping closes what is left', () => {
    const { notifier, surface, sent } = wire();
    notifier.update(makeSnapshot({ calls: [ringingCall, { ...ringingCall, connId: 'c2' }] }));
    made[0]!.emit('click', {});
    expect(sent).toEqual(['show window']);
    notifier.update(makeSnapshot({ calls: [] }));
    expect(made[1]!.closes).toBe(1);
    expect(surface.liveCount()).toBe(0);
  });
});
