// Soak finding 2 (docs/PERFORMANCE.md, "What the soak found"): the agent clicks Ready (or
// Not Ready) during after-call work, the request gets no answer (a hung server), and the
// session fails over. The agent's own latest intent must be completed on the new server
// if it has not happened there — "never forced Ready" is about the toolbar inventing
// Ready, not about dropping the agent's request. After-call work the switch started after
// the agent's last request stays. Over loopback TCP against the simulator.
import { afterEach, expect, it } from 'vitest';
import { RecordingLogger } from '../../support/recording-logger.ts';
import { closeRigs, online, rig, sentBy } from './harness.ts';
import type { Rig } from './harness.ts';

afterEach(closeRigs);

const switchState = (r: Rig) => r.sim.state().agents.find((a) => a.id === '1001');

it('warm: Ready clicked during after-call work with an unknown outcome is completed on the new primary', async () => {
  const log = new RecordingLogger();
  const r = await rig({ mode: 'warm', promoteDelayMs: 0 }, { addpTimeoutMs: 2000, requestTimeoutMs: 300, logger: log });
  await r.waitFor(online('a', (s) => s.agent.state === 'ready' && s.agent.confidence === 'current'), 'online on a, Ready');
  r.sim.setAgentState('1001', { state: 'acw' }); // a call ended
  await r.waitFor(online('a', (s) => s.agent.state === 'acw'), 'after-call work shown');
  r.sim.hang('a');
  await expect(r.session.agentReady()).resolves.toEqual({ outcome: 'unknown' });
  expect(r.session.snapshot().agent.pending).toMatchObject({ request: 'ready' });
  const sentBefore = r.sent.length;
  r.sim.crash('a');
  const s = await r.waitFor(online('b', (x) => x.lastFailover !== null && x.agent.confidence === 'current'), 'online on b, restored', 5000);
  expect(s.agent).toMatchObject({ state: 'ready', pending: null, changedWhileAway: null });
  expect(s.lastFailover).toMatchObject({ from: 'a', to: 'b', restored: true, result: { outcome: 'restored', state: 'ready' } });
  expect(switchState(r)?.state).toBe('ready');
  // Completed once, by the restore, and never by a login (the switch kept the agent logged in).
  expect(sentBy(r, 'b', 'EventAgentReady', sentBefore)).toHaveLength(1);
  expect(sentBy(r, 'b', 'EventAgentLogin', sentBefore)).toHaveLength(0);
  // The story: the decision, the restore's request, the reconciliation.
  const at = log.indexOf((l) => l.msg === 'agent asked to leave after-call work (outcome unknown): completing it' && l.fields['server'] === 'b');
  expect(at).toBeGreaterThanOrEqual(0);
  expect(log.indexOf((l) => l.msg === 'request' && l.fields['request'] === 'AgentReady' && l.fields['by'] === 'restore' && l.fields['outcome'] === 'done', at)).toBeGreaterThan(at);
  expect(log.indexOf((l) => l.msg === 'unknown request outcome reconciled' && l.fields['how'] === 'completed on a new session', at)).toBeGreaterThan(at);
});

it('warm: Not Ready (7) clicked during after-call work with an unknown outcome is completed on the new primary', async () => {
  const r = await rig({ mode: 'warm', promoteDelayMs: 0 }, { addpTimeoutMs: 2000, requestTimeoutMs: 300 });
  await r.waitFor(online('a', (s) => s.agent.state === 'ready'), 'online on a, Ready');
  r.sim.setAgentState('1001', { state: 'acw' });
  await r.waitFor(online('a', (s) => s.agent.state === 'acw'), 'after-call work shown');
  r.sim.hang('a');
  await expect(r.session.agentNotReady('7')).resolves.toEqual({ outcome: 'unknown' });
  r.sim.crash('a');
  const s = await r.waitFor(online('b', (x) => x.lastFailover !== null && x.agent.confidence === 'current'), 'online on b, restored', 5000);
  expect(s.agent).toMatchObject({ state: 'not-ready', reasonCode: '7', pending: null, changedWhileAway: null });
  expect(switchState(r)).toMatchObject({ state: 'not-ready', reasonCode: '7' });
});

it('warm: after-call work the toolbar could not hear (link down), then Not Ready (99) with an unknown outcome: completed on the new primary (soak seed 32)', async () => {
  const r = await rig({ mode: 'warm', promoteDelayMs: 0 }, { addpTimeoutMs: 2000, requestTimeoutMs: 300 });
  await r.waitFor(online('a', (s) => s.agent.state === 'ready' && s.agent.confidence === 'current'), 'online on a, Ready');
  r.sim.setLink('a', { up: false, errorCode: 109 });
  await r.waitFor((s) => s.phase === 'link-down', 'link down');
  r.sim.setAgentState('1001', { state: 'acw' }); // a call ended, unheard: the toolbar still shows Ready, last known
  r.sim.hang('a');
  // The agent asks for Not Ready after the after-call work began on the switch: their request is the latest word.
  await expect(r.session.agentNotReady('99')).resolves.toEqual({ outcome: 'unknown' });
  r.sim.crash('a');
  const s = await r.waitFor(online('b', (x) => x.lastFailover !== null && x.agent.confidence === 'current'), 'online on b, restored', 5000);
  expect(s.agent).toMatchObject({ state: 'not-ready', reasonCode: '99', pending: null });
  expect(switchState(r)).toMatchObject({ state: 'not-ready', reasonCode: '99' });
});

it('hot: Ready clicked during after-call work on a hung primary is completed on the promoted backup', async () => {
  const r = await rig({ mode: 'hot', promoteDelayMs: 900 }, { addpTimeoutMs: 5000, requestTimeoutMs: 300 });
  await r.waitFor(online('a', (s) => s.standby.ready && s.agent.state === 'ready' && s.agent.confidence === 'current'), 'online on a, Ready');
  r.sim.setAgentState('1001', { state: 'acw' });
  await r.waitFor(online('a', (s) => s.agent.state === 'acw'), 'after-call work shown');
  r.sim.hang('a');
  await expect(r.session.agentReady()).resolves.toEqual({ outcome: 'unknown' });
  expect(r.session.snapshot().agent.pending).toMatchObject({ request: 'ready' });
  const s = await r.waitFor(online('b', (x) => x.agent.confidence === 'current' && x.agent.pending === null), 'moved to b, state read there', 5000);
  expect(s.agent).toMatchObject({ state: 'ready', changedWhileAway: null });
  expect(switchState(r)?.state).toBe('ready');
});

it('hot: Ready still in flight on the hung primary when the session moves is completed on the new primary', async () => {
  // The move's restore runs before the request on the hung server has an outcome (1.5 s).
  const r = await rig({ mode: 'hot', promoteDelayMs: 250 }, { addpTimeoutMs: 5000, requestTimeoutMs: 1500 });
  await r.waitFor(online('a', (s) => s.standby.ready && s.agent.state === 'ready' && s.agent.confidence === 'current'), 'online on a, Ready');
  r.sim.setAgentState('1001', { state: 'acw' });
  await r.waitFor(online('a', (s) => s.agent.state === 'acw'), 'after-call work shown');
  r.sim.hang('a');
  const ready = r.session.agentReady();
  const moved = await r.waitFor(online('b', (x) => x.agent.confidence === 'current'), 'moved to b, state read there', 3000);
  expect(moved.agent.state).toBe('ready');
  expect(switchState(r)?.state).toBe('ready');
  // The hung primary is reset once outranked: the request there has an unknown outcome, and
  // asking the switch finds it done — nothing pending, nothing sent twice.
  await expect(ready).resolves.toEqual({ outcome: 'unknown' });
  const settled = await r.waitFor(online('b', (x) => x.agent.pending === null && x.agent.confidence === 'current'), 'reconciled on b', 3000);
  expect(settled.agent).toMatchObject({ state: 'ready', changedWhileAway: null });
  expect(sentBy(r, 'b', 'EventAgentReady').length).toBe(1);
});

it('warm: after-call work the switch started after an unknown Ready (sent while Not Ready) is kept, never forced Ready', async () => {
  const r = await rig({ mode: 'warm', promoteDelayMs: 0 }, { addpTimeoutMs: 2000, requestTimeoutMs: 300, initialAgentState: { state: 'not-ready', reasonCode: '42' } });
  await r.waitFor(online('a', (s) => s.agent.state === 'not-ready' && s.agent.reasonCode === '42'), 'online on a, Not Ready (42)');
  r.sim.hang('a');
  await expect(r.session.agentReady()).resolves.toEqual({ outcome: 'unknown' });
  // A call ends while the toolbar cannot hear the switch: after-call work is newer than the click.
  r.sim.setAgentState('1001', { state: 'acw' });
  const sentBefore = r.sent.length;
  r.sim.crash('a');
  const s = await r.waitFor(online('b', (x) => x.lastFailover !== null && x.agent.confidence === 'current'), 'online on b, restored', 5000);
  expect(s.agent).toMatchObject({ state: 'acw', pending: null });
  expect(s.lastFailover).toMatchObject({ restored: true, result: { outcome: 'acw-kept' } });
  expect(sentBy(r, 'b', 'EventAgentReady', sentBefore)).toHaveLength(0);
  expect(switchState(r)?.state).toBe('acw');
});

it('warm: an unknown Ready completed on the new primary is the agent\'s own doing, not "changed while away"', async () => {
  const r = await rig({ mode: 'warm', promoteDelayMs: 0 }, { addpTimeoutMs: 2000, requestTimeoutMs: 300, initialAgentState: { state: 'not-ready', reasonCode: 'Lunch' } });
  await r.waitFor(online('a', (s) => s.agent.reasonCode === 'Lunch' && s.agent.confidence === 'current'), 'online on a, Not Ready (Lunch)');
  r.sim.hang('a');
  await expect(r.session.agentReady()).resolves.toEqual({ outcome: 'unknown' });
  r.sim.crash('a');
  const s = await r.waitFor(online('b', (x) => x.lastFailover !== null && x.agent.confidence === 'current'), 'online on b', 5000);
  expect(s.agent).toMatchObject({ state: 'ready', pending: null, changedWhileAway: null });
});
