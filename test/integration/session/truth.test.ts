// Issue 8, "never lie to the agent": each case seen by a user, over loopback TCP against
// the simulator. Each failed on the session before the truth changes.
import { afterEach, expect, it } from 'vitest';
import type { ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';
import { RecordingLogger } from '../../support/recording-logger.ts';
import { closeRigs, online, rig, sentBy } from './harness.ts';

afterEach(closeRigs);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('hot: a hung primary is outranked at once by the backup that announces primary (not after 2 × ADDP)', async () => {
  const r = await rig({ mode: 'hot' }, { addpTimeoutMs: 10_000 });
  await r.waitFor(online('a', (s) => s.standby.ready && s.agent.state === 'ready' && s.agent.confidence === 'current'), 'online on a');
  const from = r.events.length;
  const t0 = Date.now();
  r.sim.hang('a');
  const s = await r.waitFor(online('b', (x) => x.agent.confidence === 'current'), 'online on b, state read there', 2000);
  expect(Date.now() - t0).toBeLessThan(500);
  expect(s).toMatchObject({ server: { name: 'b', role: 'primary' }, agent: { state: 'ready' } });
  const moved = r.events.slice(from);
  expect(moved.filter((e) => e.event === 'EventPrimaryChanged')).toMatchObject([{ server: 'b', attributes: { previous: 'a' } }]);
  // The outranked hung primary gets no more requests and is reset after the demotion grace
  // (a live one would have said backup by then), so nothing buffered there can execute later.
  const reset = await r.waitForEvent((e) => e.event === 'EventServerDisconnected' && e.server === 'a', 'a reset', 2000, from);
  expect(reset.attributes).toMatchObject({ Extensions: { reason: 'closed-by-client' } });
  expect(Date.now() - t0).toBeLessThan(1800);
  // Nothing after the move claims a is carrying the session.
  const after = r.snapshots.filter((x) => x.seq > s.seq);
  expect(after.every((x) => x.server?.name !== 'a')).toBe(true);
  expect(moved.map((e) => e.event)).not.toContain('EventRegistered'); // hot: no re-registration on b
});

it('warm: a silent server is `checking` (quiet, named, agent only last known) before it is declared lost', async () => {
  const r = await rig({ mode: 'warm', promoteDelayMs: 60_000 }, { addpTimeoutMs: 400 });
  await r.waitFor(online('a', (s) => s.agent.confidence === 'current'), 'online on a');
  r.sim.hang('a');
  const checking = await r.waitFor((s) => s.phase === 'checking', 'checking', 1500);
  expect(checking).toMatchObject({ server: { name: 'a' }, silence: { server: 'a' }, agent: { state: 'ready', confidence: 'last-known' } });
  r.sim.resume('a');
  // Heard again: online, and the state is current again without a reconnect.
  const back = await r.waitFor(online('a', (s) => s.agent.confidence === 'current'), 'online again', 1500);
  expect(back.silence).toBeNull();
  expect(r.events.filter((e) => e.event === 'EventServerDisconnected')).toHaveLength(0);
});

it('warm: a request with no answer is an unknown outcome, reconciled when the server is heard again (never "failed")', async () => {
  const r = await rig({ mode: 'warm', promoteDelayMs: 60_000 }, { addpTimeoutMs: 2000, requestTimeoutMs: 300, initialAgentState: { state: 'not-ready', reasonCode: 'Lunch' } });
  await r.waitFor(online('a', (s) => s.agent.state === 'not-ready' && s.agent.reasonCode === 'Lunch'), 'online on a, Not Ready (Lunch)');
  r.sim.hang('a');
  await expect(r.session.agentReady()).resolves.toEqual({ outcome: 'unknown' });
  const pending = r.session.snapshot();
  expect(pending.agent.pending).toMatchObject({ request: 'ready' });
  expect(pending.lastError).toBeNull();
  r.sim.resume('a');
  // The buffered request happens when a resumes: the truth is Ready, nothing pending, nothing contradictory.
  const done = await r.waitFor(online('a', (s) => s.agent.state === 'ready' && s.agent.pending === null && s.agent.confidence === 'current'), 'Ready, reconciled', 3000);
  expect(done.lastError).toBeNull();
  expect(done.lastFailover).toBeNull();
});

it('warm: an unknown outcome followed by a failover restores the agent\'s latest intent, not the state before it', async () => {
  const r = await rig({ mode: 'warm', promoteDelayMs: 0 }, { addpTimeoutMs: 2000, requestTimeoutMs: 300, initialAgentState: { state: 'not-ready', reasonCode: 'Lunch' } });
  await r.waitFor(online('a', (s) => s.agent.reasonCode === 'Lunch'), 'online on a, Not Ready (Lunch)');
  r.sim.hang('a');
  await expect(r.session.agentReady()).resolves.toEqual({ outcome: 'unknown' });
  r.sim.crash('a');
  const s = await r.waitFor(online('b', (x) => x.lastFailover !== null), 'online on b', 5000);
  expect(s.agent).toMatchObject({ state: 'ready', pending: null, confidence: 'current' });
  expect(s.lastFailover?.result).toMatchObject({ state: 'ready', reasonCode: null });
});

it('link down: the agent state is only last known; a supervisor\'s change meanwhile is reported once when the link is back', async () => {
  const r = await rig({ mode: 'hot' });
  await r.waitFor(online('a', (s) => s.agent.state === 'ready' && s.agent.confidence === 'current'), 'online on a, Ready');
  r.sim.setLink('a', { up: false, errorCode: 109 });
  r.sim.setLink('b', { up: false, errorCode: 109 });
  const down = await r.waitFor((s) => s.phase === 'link-down', 'link down');
  expect(down.agent).toMatchObject({ state: 'ready', confidence: 'last-known' });
  expect(down.agent.asOf).not.toBeNull();
  r.sim.setAgentState('1001', { state: 'not-ready', reasonCode: 'Meeting' });
  await sleep(100);
  // Still only what was last heard: nobody can know better while the link is down.
  expect(r.session.snapshot().agent).toMatchObject({ state: 'ready', confidence: 'last-known' });
  r.sim.setLink('b', { up: true });
  r.sim.setLink('a', { up: true });
  const back = await r.waitFor(online('a', (s) => s.agent.confidence === 'current'), 'online, state re-read');
  expect(back.agent).toMatchObject({ state: 'not-ready', reasonCode: 'Meeting', changedWhileAway: { from: { state: 'ready', reasonCode: null }, during: 'link-down' } });
  // Time in state starts when the toolbar learned of the change (it cannot know the switch's moment).
  expect(back.agent.stateSince).toBeGreaterThanOrEqual(down.t);
  // Said once: the next change (the agent's own) clears it.
  await r.session.agentReady();
  expect(r.session.snapshot().agent.changedWhileAway).toBeNull();
});

it('a logout by the switch (not asked for) is reported, and the toolbar does not log the agent back in', async () => {
  const r = await rig({ mode: 'warm' });
  await r.waitFor(online('a', (s) => s.agent.state === 'ready'), 'online on a, Ready');
  const sentBefore = r.sent.length;
  r.sim.setAgentState('1001', { state: 'logged-out' });
  const s = await r.waitFor((x) => x.agent.loggedOutBySwitch !== null, 'logged out by the switch');
  expect(s.agent).toMatchObject({ state: 'logged-out', confidence: 'current' });
  await sleep(200);
  expect(sentBy(r, 'a', 'EventAgentLogin', sentBefore)).toHaveLength(0);
  // The agent's own logout is not "by the switch"; logging in again clears the notice.
  await r.session.agentLogin('1001', undefined);
  expect(r.session.snapshot().agent.loggedOutBySwitch).toBeNull();
  await r.session.agentLogout();
  await sleep(50);
  expect(r.session.snapshot().agent).toMatchObject({ state: 'logged-out', loggedOutBySwitch: null });
});

it('the log tells a failover\'s story in order: loss, phase, dial, restore, failover, online', async () => {
  const log = new RecordingLogger();
  const r = await rig({ mode: 'warm', promoteDelayMs: 0 }, { logger: log });
  await r.waitFor(online('a', (s) => s.agent.state === 'ready'), 'online on a');
  const start = log.lines.length;
  r.sim.crash('a');
  await r.waitFor(online('b', (s) => s.lastFailover !== null), 'online on b');
  await sleep(20); // the loop's own line follows the dial's settle
  let at = start;
  const next = (msg: string, fields: Record<string, unknown> = {}) => {
    const i = log.indexOf((l) => l.msg === msg && Object.entries(fields).every(([k, v]) => l.fields[k] === v), at);
    expect(i, `log line "${msg}" ${JSON.stringify(fields)} after line ${at}:\n${log.lines.slice(start).map((l) => `${l.msg} ${JSON.stringify(l.fields)}`).join('\n')}`).toBeGreaterThanOrEqual(0);
    at = i + 1;
  };
  next('EventServerDisconnected', { server: 'a' });
  next('connection lost', { server: 'a', active: true });
  next('phase changed', { phase: 'reconnecting' });
  next('agent restore finished', { server: 'b', restored: true });
  next('failover', { from: 'a', to: 'b', restored: true });
  next('phase changed', { phase: 'online', server: 'b' });
  next('dial succeeded', { server: 'b' });
  expect(log.lines.every((l) => !JSON.stringify(l.fields).includes('password'))).toBe(true);
});

it('warm: a backup that refuses with 58 while being promoted is re-asked soon, without growing the backoff', async () => {
  const r = await rig(
    { mode: 'warm', promoteDelayMs: 700 },
    { reconnect: { initialDelayMs: 2000, multiplier: 1.6, maxDelayMs: 5000, firstDelayMaxMs: 0, connectTimeoutMs: 500, minConnectTimeoutMs: 100, healthySessionMs: 0 } },
  );
  await r.waitFor(online('a'), 'online on a');
  const t0 = Date.now();
  r.sim.crash('a');
  const s: ConnectivitySnapshot = await r.waitFor(online('b'), 'online on b', 4000);
  // With a 2 s backoff the old loop came back only after ≥ 2.7 s; re-asking b soon brings it back near the promotion.
  expect(Date.now() - t0).toBeLessThan(1500);
  expect(s.server?.name).toBe('b');
});
