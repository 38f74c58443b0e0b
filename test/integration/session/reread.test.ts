// A read of the DN that gets no answer in time leaves the calls and the agent state last
// known while the session stays online: the session asks again (reread-retry.ts) instead
// of waiting for the next move, link-up or wake. The simulator leaves chosen requests
// unanswered, as an overloaded T-Server drops them.
import { afterEach, expect, it } from 'vitest';
import type { ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';
import { closeRigs, online, rig, sentBy } from './harness.ts';

afterEach(closeRigs);

const callOf = (s: ConnectivitySnapshot, connId: string) => s.calls.find((c) => c.connId === connId);

async function callOnA(mode: 'hot' | 'warm') {
  const r = await rig({ mode, promoteDelayMs: 0 });
  await r.waitFor(online('a', (s) => s.agent.confidence === 'current' && (mode === 'warm' || s.standby.ready)), 'online on a');
  const connId = r.sim.placeCall({ to: '5001', from: '+15551234567' });
  await r.waitFor((s) => callOf(s, connId)?.state === 'ringing', 'ringing');
  r.sim.answerCall(connId);
  await r.waitFor((s) => callOf(s, connId)?.state === 'established', 'established');
  return { r, connId };
}

it('warm: the promoted backup leaves the calls query unanswered; the calls are asked again and become current and controllable', async () => {
  const { r, connId } = await callOnA('warm');
  r.sim.leaveUnanswered('b', 'RequestQueryAddress', 1);
  const from = r.sent.length;
  r.sim.crash('a');
  const onB = await r.waitFor(online('b', (s) => s.lastFailover !== null), 'online on b');
  // Online with the agent restored, the call only last known until the switch has answered.
  expect(callOf(onB, connId)).toMatchObject({ confidence: 'last-known', controllable: false });
  const s = await r.waitFor(online('b', (x) => callOf(x, connId)?.confidence === 'current'), 'call current on b', 5000);
  expect(callOf(s, connId)).toMatchObject({ state: 'established', controllable: true });
  expect(sentBy(r, 'b', 'EventAddressInfo', from)).toHaveLength(1);
  await expect(r.session.holdCall(connId)).resolves.toEqual({ outcome: 'done' });
});

it('hot: the promoted server leaves the restore query unanswered twice; the restore runs when it answers, and the failover is recorded', async () => {
  const { r, connId } = await callOnA('hot');
  r.sim.leaveUnanswered('b', 'RequestQueryAddress', 2);
  r.sim.switchover();
  // Two timeouts of 1 s and retries after 0.5–1 s then 1–2 s: current within ~6 s.
  const s = await r.waitFor(online('b', (x) => x.agent.confidence === 'current' && callOf(x, connId)?.confidence === 'current'), 'agent and call current on b', 8000);
  expect(s.agent.state).toBe('ready');
  expect(s.lastFailover).toMatchObject({ from: 'a', to: 'b', restored: true });
  expect(s.lastError).toBeNull();
  expect(callOf(s, connId)).toMatchObject({ state: 'established', controllable: true });
});

it('a re-read after the link came back gets no answer: asked again, and the supervisor change made meanwhile is said', async () => {
  const r = await rig({ mode: 'warm', promoteDelayMs: 0 });
  await r.waitFor(online('a', (s) => s.agent.confidence === 'current' && s.agent.state === 'ready'), 'online, ready');
  r.sim.setLink('a', { up: false, errorCode: 109 });
  await r.waitFor((s) => s.phase === 'link-down', 'link down');
  r.sim.setAgentState('1001', { state: 'not-ready', reasonCode: 'Meeting' });
  r.sim.leaveUnanswered('a', 'RequestQueryAddress', 1);
  r.sim.setLink('a', { up: true });
  const lastKnown = await r.waitFor(online('a'), 'online again');
  expect(lastKnown.agent).toMatchObject({ state: 'ready', confidence: 'last-known' });
  const s = await r.waitFor(online('a', (x) => x.agent.confidence === 'current'), 'agent current again', 5000);
  expect(s.agent).toMatchObject({ state: 'not-ready', reasonCode: 'Meeting' });
  expect(s.agent.changedWhileAway).not.toBeNull();
});

it('a server that never answers the query: asked again with a growing delay, a bounded number of reads, the call still honestly last known', async () => {
  const { r, connId } = await callOnA('warm');
  r.sim.leaveUnanswered('b', 'RequestQueryAddress', 1_000);
  const t0 = Date.now();
  r.sim.crash('a');
  await r.waitFor(online('b', (s) => s.lastFailover !== null), 'online on b');
  await new Promise((done) => setTimeout(done, 4_500));
  const s = r.session.snapshot();
  // Still honest: online, the call last known and not controllable.
  expect(s.phase).toBe('online');
  expect(callOf(s, connId)).toMatchObject({ confidence: 'last-known', controllable: false });
  // Reads: the candidate's, then retries after ≥0.5 s, ≥1 s, ≥2 s, each waiting its 1 s timeout.
  const left = r.sim.state().servers.b.unanswered;
  const reads = 1_000 - (left.RequestQueryAddress ?? 0);
  expect(reads, `reads in ${Date.now() - t0} ms`).toBeGreaterThanOrEqual(2);
  expect(reads).toBeLessThanOrEqual(4);
});

it('more calls than the toolbar keeps: said (callsIncomplete) and re-read until the list fits; nothing falsely "ended unheard"', async () => {
  const r = await rig({ mode: 'hot', maxCallsPerDn: 20 });
  await r.waitFor(online('a', (s) => s.standby.ready && s.agent.confidence === 'current'), 'online on a');
  const ids = Array.from({ length: 20 }, (_, n) => r.sim.placeCall({ to: '5001', from: `+1555000${String(n).padStart(4, '0')}` }));
  const over = await r.waitFor((s) => s.callsIncomplete, 'incomplete');
  expect(over.calls.length).toBeLessThanOrEqual(16);
  for (const id of ids.slice(2)) r.sim.releaseCall(id);
  // The re-read (0.5–1 s after the overflow, then backing off) finds 2 calls: whole again, nothing "ended unheard".
  const whole = await r.waitFor((s) => !s.callsIncomplete && s.calls.length === 2, 'whole again', 6000);
  expect(whole.calls.map((c) => c.connId).sort()).toEqual(ids.slice(0, 2).sort());
  expect(whole.callsEndedUnheard).toEqual([]);
});

it('hot: the agent logs in while the restore query is on its way back (a slow network): one AgentLogin reaches the switch, no "already logged in"', async () => {
  const r = await rig({ mode: 'hot' }, { addpTimeoutMs: 2000 }, ['a', 'b'], ['b']);
  await r.waitFor(online('a', (s) => s.standby.ready && s.agent.confidence === 'current' && s.agent.state === 'ready'), 'online on a');
  r.sim.setAgentState('1001', { state: 'logged-out' }); // forced out by the switch
  await r.waitFor((s) => s.agent.state === 'logged-out' && s.agent.confidence === 'current', 'logged out');
  r.networks.b!.latencyMs = 150;
  const from = r.sent.length;
  let login: Promise<unknown> | null = null;
  r.session.onSnapshot((s) => {
    // The move to b is published just before the restore's query goes out: the agent clicks Log in 20 ms later.
    if (login === null && s.server?.name === 'b' && s.agent.confidence === 'last-known') {
      login = new Promise((done) => setTimeout(() => done(r.session.agentLogin('1001', 'secret')), 20));
    }
  });
  r.sim.switchover();
  const s = await r.waitFor(online('b', (x) => x.agent.confidence === 'current' && x.agent.state !== 'logged-out'), 'logged in on b, current', 6000);
  await expect(login).resolves.toEqual({ outcome: 'done' });
  expect(sentBy(r, 'b', 'EventAgentLogin', from)).toHaveLength(1);
  expect(sentBy(r, 'b', 'EventError', from).map((m) => m.message.attributes.ErrorCode)).toEqual([]);
  expect(s.lastError).toBeNull();
  expect(s.lastFailover).toMatchObject({ from: 'a', to: 'b', restored: true });
});

it('a flood ends through releases: the calls left out are read as soon as there is room, not after the backed-off retry', async () => {
  const r = await rig({ mode: 'hot', maxCallsPerDn: 64 });
  await r.waitFor(online('a', (s) => s.standby.ready && s.agent.confidence === 'current'), 'online on a');
  const ids = Array.from({ length: 40 }, (_, n) => r.sim.placeCall({ to: '5001', from: `+1555100${String(n).padStart(4, '0')}` }));
  const over = await r.waitFor((s) => s.callsIncomplete && s.calls.length === 16, 'incomplete, 16 shown');
  // Let the retry back off (its first reads still find 40 calls).
  await new Promise((done) => setTimeout(done, 3_500));
  const shown = over.calls.map((c) => c.connId);
  const t0 = Date.now();
  for (const id of shown) r.sim.releaseCall(id);
  const next = await r.waitFor((s) => s.calls.length === 16 && s.calls.every((c) => !shown.includes(c.connId)), 'the hidden calls shown', 3_000);
  expect(Date.now() - t0).toBeLessThan(1_500);
  expect(next.calls.every((c) => c.state === 'ringing' && ids.includes(c.connId))).toBe(true);
  expect(next.callsIncomplete).toBe(true); // 24 ringing: still more than 16
});
