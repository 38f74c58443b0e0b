// Outages of whole servers: both down, backup not promoted yet, single-server restart,
// not-retryable application password, Reconnect-now during a long backoff.
import { afterEach, expect, it } from 'vitest';
import { closeRigs, FAST_RECONNECT, online, rig, sentBy } from './harness.ts';

afterEach(closeRigs);

it('hot: both servers down → offline (still retrying), then back one at a time → online, then standby ready', async () => {
  const r = await rig({ mode: 'hot' });
  await r.waitFor(online('a', (s) => s.standby.ready && s.agent.state === 'ready'), 'online on a');
  r.sim.crash('a');
  await r.waitFor(online('b'), 'online on b');
  r.sim.crash('b');
  const offline = await r.waitFor((s) => s.phase === 'offline', 'offline');
  expect(offline).toMatchObject({ server: null, link: 'unknown', agent: { state: 'ready', confidence: 'last-known' } });
  expect(offline.lastError?.retryable).toBe(true);
  // Still retrying: a countdown is running.
  await r.waitFor((s) => s.phase === 'offline' && s.nextAttemptAt !== null && s.attempt >= 2, 'offline with a countdown');

  // b went down last as primary, so it comes back as primary; a then comes back as backup.
  await r.sim.restart('b');
  const back = await r.waitFor(online('b'), 'online on b', 5000);
  expect(back).toMatchObject({ server: { role: 'primary' }, standby: { name: 'a', ready: false }, agent: { state: 'ready' }, lastError: null });
  await r.sim.restart('a');
  const full = await r.waitFor(online('b', (s) => s.standby.ready), 'a back as standby', 5000);
  expect(full.standby).toEqual({ name: 'a', ready: true });
  expect(r.sim.servers.a.role).toBe('backup');
});

it('hot: a dead standby on its long calm wait hurries when the active server dies too → offline at once', async () => {
  // random ≈ 1: first delays ≈ 20 ms, then a's loop, the standby's while b serves, waits ≈ 75 s (2.5 × maxDelayMs).
  const r = await rig({ mode: 'hot' }, { random: () => 0.999, reconnect: { ...FAST_RECONNECT, initialDelayMs: 20_000, maxDelayMs: 30_000 } });
  await r.waitFor(online('a', (s) => s.standby.ready), 'online on a');
  r.sim.crash('a');
  await r.waitFor(online('b'), 'online on b');
  await new Promise((resolve) => setTimeout(resolve, 300)); // a's first wait is over: it is on the calm one now
  const crashedAt = Date.now();
  r.sim.crash('b');
  await r.waitFor((s) => s.phase === 'offline', 'offline', 2000);
  expect(Date.now() - crashedAt).toBeLessThan(2000);
});

it('warm: backup not yet promoted when the primary dies: its refusals (58) are retried until promotion', async () => {
  const r = await rig({ mode: 'warm', promoteDelayMs: 500 });
  await r.waitFor(online('a', (s) => s.agent.state === 'ready'), 'online on a');
  const sentBefore = r.sent.length;
  const crashedAt = Date.now();
  r.sim.crash('a');
  const refused = await r.waitFor((s) => s.lastError?.code === 58, 'b refused (58)');
  expect(refused).toMatchObject({ phase: expect.stringMatching(/^(reconnecting|offline)$/), lastError: { code: 58, retryable: true, server: 'b' } });
  const s = await r.waitFor(online('b'), 'online on b after promotion', 5000);
  expect(Date.now() - crashedAt).toBeGreaterThanOrEqual(500);
  expect(s).toMatchObject({ agent: { state: 'ready' }, lastFailover: { from: 'a', to: 'b', restored: true } });
  expect(sentBy(r, 'b', 'EventError', sentBefore).length).toBeGreaterThanOrEqual(1);
  expect(sentBy(r, 'b', 'EventError', sentBefore).every((m) => m.message.attributes.ErrorCode === 58)).toBe(true);
});

it('single server: restart → same server again, DN re-registered, agent state kept', async () => {
  const r = await rig({ mode: 'warm' }, { initialAgentState: { state: 'not-ready', reasonCode: '7' } }, ['a']);
  await r.waitFor(online('a', (s) => s.agent.reasonCode === '7'), 'online on a, not ready (7)');
  r.sim.crash('b'); // so that a comes back as primary (nothing to promote)
  const sentBefore = r.sent.length;
  const from = r.events.length;
  await r.sim.restart('a');
  await r.waitForEvent((e) => e.event === 'EventServerDisconnected' && e.server === 'a', 'a lost', 2000, from);
  const s = await r.waitFor(online('a'), 'online on a again', 5000);
  expect(s).toMatchObject({ server: { name: 'a', role: 'primary' }, agent: { state: 'not-ready', reasonCode: '7' }, lastError: null, lastFailover: null });
  expect(sentBy(r, 'a', 'EventRegistered', sentBefore)).toHaveLength(1);
  // Not logged out by the switch (no logout-on-disconnect here): no second login.
  expect(sentBy(r, 'a', 'EventAgentLogin', sentBefore)).toHaveLength(0);
  expect(r.opens('a')).toBe(2);
});

it('bad application password: failed, not retryable, no retry loop (one attempt per endpoint at most)', async () => {
  const r = await rig({ mode: 'hot', applicationPassword: 'right' }, { applicationPassword: 'wrong' });
  const s = await r.waitFor((x) => x.phase === 'failed', 'failed');
  expect(s).toMatchObject({ server: null, attempt: 0, nextAttemptAt: null, lastError: { code: 119, retryable: false } });
  // Ten initial backoffs later nothing more has been tried.
  await new Promise((resolve) => setTimeout(resolve, 10 * FAST_RECONNECT.initialDelayMs));
  for (const server of ['a', 'b'] as const) {
    expect(sentBy(r, server, 'EventError').length).toBeLessThanOrEqual(1);
    expect(sentBy(r, server, 'EventError').every((m) => m.message.attributes.ErrorCode === 119)).toBe(true);
  }
  expect(sentBy(r, 'a', 'EventError').length + sentBy(r, 'b', 'EventError').length).toBeGreaterThanOrEqual(1);
  expect(r.session.snapshot()).toMatchObject({ phase: 'failed', seq: s.seq });
  await expect(r.session.agentReady()).rejects.toMatchObject({ name: 'SessionRequestError', message: expect.stringContaining('Not connected to a T-Server') });
});

it('checkNow during a long backoff connects at once', async () => {
  const r = await rig({ mode: 'warm' }, { reconnect: { ...FAST_RECONNECT, initialDelayMs: 20_000, maxDelayMs: 30_000 }, random: () => 1 }, ['a']);
  await r.waitFor(online('a'), 'online on a');
  r.sim.crash('b');
  r.sim.crash('a');
  // First attempt after the first delay fails (nothing listening); the next one is 20 s away.
  const waiting = await r.waitFor((s) => s.phase === 'offline' && s.nextAttemptAt !== null && s.attempt === 2, 'long backoff');
  expect(waiting.nextAttemptAt! - Date.now()).toBeGreaterThan(15_000);
  await r.sim.restart('a');
  const asked = Date.now();
  expect(r.session.checkNow('user')).toBe(true);
  await r.waitFor(online('a'), 'online on a at once', 1000);
  expect(Date.now() - asked).toBeLessThan(500);
  // Throttled: a second hint within 500 ms does nothing (and there is nothing to do anyway).
  expect(r.session.checkNow('user')).toBe(false);
});
