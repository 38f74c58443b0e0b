// Soak finding 4 (issue 9), over loopback: which server a warm loop asks after a loss.
// A backup's EventError 58 is re-asked soon while it is being promoted (issue 8), but not
// at the expense of a primary that is still serving: the server just lost is asked once
// when its end was heard, and the server just lost is never re-asked on its own 58.
import { afterEach, describe, expect, it } from 'vitest';
import { closeRigs, FAST_RECONNECT, online, rig } from './harness.ts';

afterEach(closeRigs);

/** The servers the session dialled (each EventServerConnected), from event `from` on. */
const dialsOf = (r: Awaited<ReturnType<typeof rig>>, from: number) => r.events.slice(from).filter((e) => e.event === 'EventServerConnected').map((e) => e.server);

// A fleet's re-ask spread (firstDelayMaxMs 2000 → each re-ask one spread, 2.0–2.1 s, after the
// refused dial was due) with a fast first dial, so re-asking the refusing backup takes seconds.
const WARM = { mode: 'warm' as const };
// random 0.5: a 1 s first delay and 2.05 s per re-ask.
const SESSION = { reconnect: { ...FAST_RECONNECT, firstDelayMaxMs: 2000, initialDelayMs: 1000, maxDelayMs: 4000 }, addpTimeoutMs: 1000, random: () => 0.5 };

describe('warm standby: who is asked after a loss', () => {
  it('garbage from a primary that stays up: back on it after one 58 from the backup, not twelve', async () => {
    const r = await rig(WARM, SESSION);
    await r.waitFor(online('a'), 'online on a', 8000);
    const from = r.events.length;
    r.sim.garbage('a');
    await r.waitFor((s) => s.phase !== 'online', 'lost');
    const t0 = performance.now();
    await r.waitFor(online('a'), 'online on a again', 8000);
    const ms = performance.now() - t0;
    expect(dialsOf(r, from)).toEqual(['b', 'a']);
    // 1 s first delay, then a at once; re-asking b alone would wait 3 s and more.
    expect(ms).toBeLessThan(2000);
  });

  it('a switchover after short sessions: the new primary is dialled first, the demoted server is not re-asked', async () => {
    // Sessions shorter than healthySessionMs keep their failures (issue 9 item 5).
    const r = await rig(WARM, { ...SESSION, reconnect: { ...SESSION.reconnect, healthySessionMs: 60_000, firstDelayMaxMs: 20, initialDelayMs: 50 } });
    await r.waitFor(online('a'), 'online on a', 8000);
    for (let i = 1; i <= 4; i++) {
      const from = r.events.length;
      r.sim.switchover();
      const primary = r.sim.servers.a.role === 'primary' ? 'a' : 'b';
      await r.waitFor((s) => s.phase !== 'online', `lost (${i})`);
      await r.waitFor(online(primary), `online on the new primary ${primary} (${i})`, 8000);
      // The server that just closed the session (the demoted one) is never dialled before it.
      expect(dialsOf(r, from)[0]).toBe(primary);
    }
  });
});
