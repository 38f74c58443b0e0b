// Faults of the server carrying the session: hang (ADDP), garbage, slow handshake, flapping CTI link.
import { afterEach, expect, it } from 'vitest';
import { closeRigs, FAST_RECONNECT, online, rig } from './harness.ts';

afterEach(closeRigs);

it('warm: primary hang is detected by ADDP (not TCP) within 2 × timeout, then online on the promoted b', async () => {
  const r = await rig({ mode: 'warm' }, { addpTimeoutMs: 300 });
  await r.waitFor(online('a', (s) => s.agent.state === 'ready'), 'online on a');
  const from = r.events.length;
  const hungAt = Date.now();
  r.sim.hang('a');
  const lost = await r.waitForEvent((e) => e.event === 'EventServerDisconnected' && e.server === 'a', 'a lost', 2000, from);
  const detectedMs = lost.t - hungAt;
  expect(lost.attributes.Extensions).toMatchObject({ reason: 'addp-timeout' });
  // Silence is noticed after one timeout at the earliest, and no later than 2 × timeout (+ timer slack).
  expect(detectedMs).toBeGreaterThanOrEqual(300);
  expect(detectedMs).toBeLessThanOrEqual(2 * 300 + 150);
  const s = await r.waitFor(online('b'), 'online on b');
  expect(s).toMatchObject({ server: { role: 'primary' }, agent: { state: 'ready' }, lastFailover: { from: 'a', to: 'b', restored: true } });
});

it('warm: garbage from the primary is a protocol error: session closed, reconnected (b refuses as warm backup, a accepts)', async () => {
  const r = await rig({ mode: 'warm' });
  await r.waitFor(online('a', (s) => s.agent.state === 'ready'), 'online on a');
  const from = r.events.length;
  r.sim.garbage('a');
  const lost = await r.waitForEvent((e) => e.event === 'EventServerDisconnected' && e.server === 'a', 'a lost', 2000, from);
  expect(lost.attributes.Extensions).toMatchObject({ reason: 'protocol-error' });
  expect(String((lost.attributes.Extensions as { detail: string }).detail)).toContain('short-frame');
  // The other endpoint first: b is a warm backup and refuses (ErrorCode 58), a retryable failed attempt.
  const refused = await r.waitFor((s) => s.phase === 'reconnecting' && s.lastError?.code === 58, 'b refused with 58');
  expect(refused.lastError).toMatchObject({ code: 58, retryable: true, server: 'b' });
  const s = await r.waitFor(online('a'), 'online on a again');
  expect(s).toMatchObject({ agent: { state: 'ready' }, lastError: null, lastFailover: null });
  expect(r.opens('a')).toBe(2);
});

it('warm: a slow handshake past the connect timeout fails that attempt in time and the loop moves on', async () => {
  const r = await rig({ mode: 'warm' }, { reconnect: { ...FAST_RECONNECT, connectTimeoutMs: 400 } });
  await r.waitFor(online('a'), 'online on a');
  r.sim.slowHandshake('b', 5000);
  const from = r.events.length;
  r.sim.crash('a'); // b is promoted at once, but answers the open 5 s late
  const timedOut = await r.waitForEvent(
    (e) => e.event === 'EventServerDisconnected' && e.server === 'b' && (e.attributes.Extensions as { reason?: string }).reason === 'connect-timeout',
    'b connect timeout',
    2000,
    from,
  );
  const connectedAt = (await r.waitForEvent((e) => e.event === 'EventServerConnected' && e.server === 'b', 'b TCP up', 100, from)).t;
  // Bounded by the connect timeout (400 ms), not by the server's 5 s.
  expect(timedOut.t - connectedAt).toBeGreaterThanOrEqual(390);
  expect(timedOut.t - connectedAt).toBeLessThan(1000);
  const s = await r.waitFor((x) => x.phase !== 'online' && x.lastError?.server === 'b' && /connect timeout/.test(x.lastError.message), 'connect timeout reported');
  expect(s.lastError?.retryable).toBe(true);
  // The loop went on to a (refused: crashed) — it was not held by b.
  await r.waitForEvent((e) => e.event === 'EventServerDisconnected' && e.server === 'a' && (e.attributes.Extensions as { reason?: string }).reason === 'refused', 'a tried next', 2000, from);
  r.sim.slowHandshake('b', 0);
  await r.waitFor(online('b', (x) => x.agent.state === 'ready'), 'online on b once it answers in time', 5000);
});

it('hot: CTI link flapping 50 times in 5 s: consistent snapshots, no reconnect, no new session', async () => {
  const r = await rig({ mode: 'hot' });
  await r.waitFor(online('a', (s) => s.standby.ready && s.agent.state === 'ready'), 'online on a');
  const opensBefore = r.opens('a') + r.opens('b');
  const firstSeq = r.session.snapshot().seq;
  const startIndex = r.snapshots.length;
  for (let i = 0; i < 50; i++) {
    r.sim.setLink('a', { up: false, errorCode: 109, errorMessage: `flap ${i}` });
    await new Promise((resolve) => setTimeout(resolve, 50));
    r.sim.setLink('a', { up: true });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const last = await r.waitFor(online('a', (s) => s.link === 'up'), 'online again, link up');
  const during = r.snapshots.slice(startIndex);
  expect(during.length).toBeGreaterThanOrEqual(100); // each down and each up seen
  let prev = firstSeq;
  for (const s of during) {
    expect(s.seq).toBeGreaterThan(prev);
    prev = s.seq;
    expect(['online', 'link-down']).toContain(s.phase);
    expect(s.server).toEqual({ name: 'a', role: 'primary' });
    expect(s.attempt).toBe(0);
    expect(s.nextAttemptAt).toBeNull();
    expect(s.standby).toEqual({ name: 'b', ready: true });
    if (s.phase === 'link-down') expect(s.link === 'down' && s.linkError?.code === 109).toBe(true);
    else expect(s.link === 'up' && s.linkError === null).toBe(true);
  }
  expect(last).toMatchObject({ phase: 'online', link: 'up', linkError: null, lastError: null, agent: { state: 'ready' } });
  expect(r.opens('a') + r.opens('b')).toBe(opensBefore);
  expect(r.events.filter((e) => e.event === 'EventServerDisconnected')).toHaveLength(0);
  expect(r.events.filter((e) => e.event === 'EventPrimaryChanged')).toHaveLength(0);
});
