import { describe, expect, it } from 'vitest';
import { isNewer, TIMELINE_LIMIT, ToolbarFeed } from '../../../app/renderer/lib/feed.ts';
import type { NumberedEvent } from '../../../app/renderer/lib/timeline-format.ts';
import type { ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';
import { event, FakeToolbar, FakeVisibility } from './fake-toolbar.ts';
import { snapshot } from './fixtures.ts';

function setup() {
  const fake = new FakeToolbar();
  const visibility = new FakeVisibility();
  const seen: { snapshots: ConnectivitySnapshot[]; events: readonly NumberedEvent[]; problems: string[] } = { snapshots: [], events: [], problems: [] };
  const feed = new ToolbarFeed(
    fake.api(),
    { snapshot: (s) => seen.snapshots.push(s), events: (e) => (seen.events = e), problem: (m, detail) => seen.problems.push(`${m} | ${detail}`) },
    visibility,
  );
  return { fake, visibility, seen, feed };
}

describe('ToolbarFeed', () => {
  it('fetches the snapshot and recent events at start', async () => {
    const { fake, seen, feed } = setup();
    fake.recent = [event(1), event(2, 'EventLinkDisconnected')];
    await feed.start();
    expect(seen.snapshots).toEqual([fake.current]);
    expect(seen.events.map((e) => e.event.t)).toEqual([1, 2]);
  });

  it('keeps a push that arrived while the initial fetch was in flight', async () => {
    const { fake, seen, feed } = setup();
    let open!: () => void;
    fake.gate = new Promise((r) => (open = r));
    const started = feed.start();
    const newer = snapshot({ seq: 5, phase: 'link-down', link: 'down' });
    fake.pushSnapshot(newer);
    open();
    await started;
    // The fetched seq-1 answer is older than the pushed seq-5 one and is dropped.
    expect(seen.snapshots.map((s) => s.seq)).toEqual([5]);
  });

  it('refreshes the full snapshot when the window becomes visible again', async () => {
    const { fake, visibility, seen, feed } = setup();
    await feed.start();
    fake.current = snapshot({ seq: 9, phase: 'offline', server: null });
    visibility.set(false);
    expect(fake.calls.filter((c) => c === 'getSnapshot')).toHaveLength(1);
    visibility.set(true);
    await Promise.resolve();
    await Promise.resolve();
    expect(fake.calls.filter((c) => c === 'getSnapshot')).toHaveLength(2);
    await new Promise((r) => setTimeout(r, 0));
    expect(seen.snapshots.at(-1)?.seq).toBe(9);
  });

  it('reports a failed fetch instead of throwing', async () => {
    const { fake, seen, feed } = setup();
    fake.failGetSnapshot = new Error('main is gone');
    await feed.start();
    // The catalogue's words for the agent; main's own message only beside it (for the console).
    expect(seen.problems).toEqual(["Can't read the connection state from the toolbar. It tries again when the window is shown. | main is gone"]);
  });

  it('appends pushed events after the fetched ones without duplicates, and caps the timeline', async () => {
    const { fake, seen, feed } = setup();
    fake.recent = [event(10)];
    await feed.start();
    fake.pushEvent(event(11));
    expect(seen.events.map((e) => e.event.t)).toEqual([10, 11]);
    for (let i = 0; i < TIMELINE_LIMIT + 5; i++) fake.pushEvent(event(100 + i));
    expect(seen.events).toHaveLength(TIMELINE_LIMIT);
    expect(seen.events.at(-1)?.event.t).toBe(100 + TIMELINE_LIMIT + 4);
    const ids = seen.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('unsubscribes everything on stop', async () => {
    const { fake, feed } = setup();
    await feed.start();
    expect(fake.listenerCount).toBe(2);
    feed.stop();
    expect(fake.listenerCount).toBe(0);
  });
});

describe('isNewer', () => {
  it('orders by sequence, and accepts a restarted main (lower seq, later time)', () => {
    const cur = snapshot({ seq: 10, t: 1000 });
    expect(isNewer(snapshot({ seq: 11, t: 1000 }), cur)).toBe(true);
    expect(isNewer(snapshot({ seq: 9, t: 1000 }), cur)).toBe(false);
    expect(isNewer(snapshot({ seq: 10, t: 1000 }), cur)).toBe(false);
    expect(isNewer(snapshot({ seq: 1, t: 5000 }), cur)).toBe(true);
    expect(isNewer(cur, null)).toBe(true);
  });
});
