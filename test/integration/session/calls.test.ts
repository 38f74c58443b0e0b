// Issue 12, the session: calls on the snapshot, call control, and calls across
// failover (hot: carried over; warm: queried), against the simulator over loopback.
import { afterEach, expect, it } from 'vitest';
import type { ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';
import { closeRigs, online, rig, sentBy } from './harness.ts';

afterEach(closeRigs);

const callOf = (s: ConnectivitySnapshot, connId: string) => s.calls.find((c) => c.connId === connId);
const callIs = (connId: string, state: string, extra: (s: ConnectivitySnapshot) => boolean = () => true) => (s: ConnectivitySnapshot) =>
  callOf(s, connId)?.state === state && extra(s);

it('answer on the phone, hold/retrieve/release from the toolbar: the snapshot follows the switch', async () => {
  const r = await rig({ mode: 'hot' });
  await r.waitFor(online('a', (s) => s.standby.ready && s.agent.confidence === 'current'), 'online on a');
  const connId = r.sim.placeCall({ to: '5001', from: '+15551234567' });
  const ringing = await r.waitFor(callIs(connId, 'ringing'), 'ringing');
  expect(callOf(ringing, connId)).toMatchObject({ otherDN: '+15551234567', direction: 'inbound', confidence: 'current', controllable: true, pending: null });
  r.sim.answerCall(connId); // the agent picks up the handset
  await r.waitFor(callIs(connId, 'established'), 'established (handset)');
  await expect(r.session.holdCall(connId)).resolves.toEqual({ outcome: 'done' });
  await r.waitFor(callIs(connId, 'held'), 'held');
  await expect(r.session.retrieveCall(connId)).resolves.toEqual({ outcome: 'done' });
  await r.waitFor(callIs(connId, 'established'), 'retrieved');
  await expect(r.session.releaseCall(connId)).resolves.toEqual({ outcome: 'done' });
  await r.waitFor((s) => s.calls.length === 0, 'released');
  // The standby's copies of the call events are not shown twice on the timeline.
  expect(r.events.filter((e) => e.event === 'EventHeld').map((e) => e.server)).toEqual(['a']);
});

it('answer from the toolbar', async () => {
  const r = await rig({ mode: 'warm' });
  await r.waitFor(online('a', (s) => s.agent.confidence === 'current'), 'online on a');
  const connId = r.sim.placeCall({ to: '5001', from: '+15550000001' });
  await r.waitFor(callIs(connId, 'ringing'), 'ringing');
  await expect(r.session.answerCall(connId)).resolves.toEqual({ outcome: 'done' });
  await r.waitFor(callIs(connId, 'established'), 'established');
});

it('Answer from the window and the tray at once: one AnswerCall reaches the switch', async () => {
  const r = await rig({ mode: 'warm' });
  await r.waitFor(online('a', (s) => s.agent.confidence === 'current'), 'online on a');
  const connId = r.sim.placeCall({ to: '5001', from: '+15550000001' });
  await r.waitFor(callIs(connId, 'ringing'), 'ringing');
  const from = r.sent.length;
  const both = await Promise.all([r.session.answerCall(connId), r.session.answerCall(connId)]);
  expect(both).toEqual([{ outcome: 'done' }, { outcome: 'done' }]);
  await r.waitFor(callIs(connId, 'established'), 'established');
  expect(sentBy(r, 'a', 'EventEstablished', from).filter((m) => m.message.attributes.ThisDN === '5001')).toHaveLength(1);
  expect(sentBy(r, 'a', 'EventError', from)).toHaveLength(0);
});

it('hot: a call established before a switchover is on the new primary with the same ConnID, controllable, at once', async () => {
  const r = await rig({ mode: 'hot' });
  await r.waitFor(online('a', (s) => s.standby.ready && s.agent.confidence === 'current'), 'online on a');
  const connId = r.sim.placeCall({ to: '5001', from: '+15551234567' });
  await r.waitFor(callIs(connId, 'ringing'), 'ringing');
  r.sim.answerCall(connId);
  await r.waitFor(callIs(connId, 'established'), 'established');
  const t0 = Date.now();
  r.sim.switchover();
  const s = await r.waitFor(online('b', (x) => callOf(x, connId)?.controllable === true), 'on b, call controllable', 2000);
  expect(Date.now() - t0).toBeLessThan(500);
  expect(callOf(s, connId)).toMatchObject({ state: 'established', confidence: 'current' });
});

it('warm: the call survives the crash of the primary and is known on the promoted backup after its query', async () => {
  const r = await rig({ mode: 'warm', promoteDelayMs: 0 });
  await r.waitFor(online('a', (s) => s.agent.confidence === 'current'), 'online on a');
  const connId = r.sim.placeCall({ to: '5001', from: '+15551234567' });
  await r.waitFor(callIs(connId, 'ringing'), 'ringing');
  r.sim.answerCall(connId);
  await r.waitFor(callIs(connId, 'established'), 'established');
  r.sim.crash('a');
  const lost = await r.waitFor((s) => s.phase !== 'online', 'lost a');
  // While the switch cannot be heard the call stays on screen, last known, not controllable.
  expect(callOf(lost, connId)).toMatchObject({ state: 'established', confidence: 'last-known', controllable: false });
  const s = await r.waitFor(online('b', (x) => x.lastFailover !== null && callOf(x, connId)?.confidence === 'current'), 'online on b, calls read', 5000);
  expect(callOf(s, connId)).toMatchObject({ state: 'established', confidence: 'current', controllable: true });
});

it('a call that ended while the switch could not be heard is reported once re-learned', async () => {
  const r = await rig({ mode: 'warm', promoteDelayMs: 0 });
  await r.waitFor(online('a', (s) => s.agent.confidence === 'current'), 'online on a');
  const connId = r.sim.placeCall({ to: '5001', from: '+15559990000' });
  await r.waitFor(callIs(connId, 'ringing'), 'ringing');
  r.sim.setLink('a', { up: false, errorCode: 109 });
  await r.waitFor((s) => s.phase === 'link-down', 'link down');
  r.sim.releaseCall(connId); // the caller hangs up, unheard
  r.sim.setLink('a', { up: true });
  const s = await r.waitFor(online('a', (x) => x.calls.length === 0 && x.callsEndedUnheard.length === 1), 'call gone, reported');
  expect(s.callsEndedUnheard[0]).toMatchObject({ connId, otherDN: '+15559990000' });
});

it('Release while the link is down is refused with a reason (109), not queued', async () => {
  const r = await rig({ mode: 'warm' });
  await r.waitFor(online('a', (s) => s.agent.confidence === 'current'), 'online on a');
  const connId = r.sim.placeCall({ to: '5001', from: '+15551234567' });
  await r.waitFor(callIs(connId, 'ringing'), 'ringing');
  r.sim.answerCall(connId);
  await r.waitFor(callIs(connId, 'established'), 'established');
  r.sim.setLink('a', { up: false, errorCode: 109 });
  const down = await r.waitFor((s) => s.phase === 'link-down', 'link down');
  expect(callOf(down, connId)).toMatchObject({ controllable: false, confidence: 'last-known' });
  await expect(r.session.releaseCall(connId)).rejects.toThrow(/last known/);
  r.sim.setLink('a', { up: true });
  await r.waitFor(online('a', (s) => callOf(s, connId)?.controllable === true), 'back, controllable');
  // Nothing was queued: the call is still up on the switch.
  expect(r.sim.state().calls.map((c) => c.connId)).toContain(connId);
});

it('hot: Answer clicked while the primary hangs and the backup takes over answers exactly once', async () => {
  const r = await rig({ mode: 'hot' }, { requestTimeoutMs: 300 });
  await r.waitFor(online('a', (s) => s.standby.ready && s.agent.confidence === 'current'), 'online on a');
  const connId = r.sim.placeCall({ to: '5001', from: '+15551234567' });
  await r.waitFor(callIs(connId, 'ringing'), 'ringing');
  const sentBefore = r.sent.length;
  // The primary hangs; the backup announces primary at once. The click reaches the hung a.
  r.sim.hang('a');
  const answer = r.session.answerCall(connId);
  const s = await r.waitFor(online('b', (x) => callOf(x, connId)?.state === 'established'), 'answered on b', 3000);
  expect(callOf(s, connId)?.controllable).toBe(true);
  expect(await answer).toEqual({ outcome: 'unknown' });
  // a is reset after the demotion grace, so what it had buffered never executes; then it resumes.
  await r.waitForEvent((e) => e.event === 'EventServerDisconnected' && e.server === 'a', 'a reset', 2000);
  r.sim.resume('a');
  await new Promise((res) => setTimeout(res, 300));
  // Answered once on the switch: one EventEstablished for the call from b (the session's re-sent
  // AnswerCall once the call was re-learned still ringing). a's buffered copy, executed when a
  // resumed, could only find it answered already (43) — it changed nothing.
  const onB = sentBy(r, 'b', 'EventEstablished', sentBefore).filter((m) => m.message.attributes.ConnID === connId && m.message.attributes.ThisDN === '5001');
  expect(onB.length).toBeGreaterThanOrEqual(1);
  expect(new Set(onB.map((m) => m.message.attributes.ReferenceID ?? 'event')).size).toBeLessThanOrEqual(2);
  const answersBy = (server: 'a' | 'b') => sentBy(r, server, 'EventEstablished', sentBefore).filter((m) => m.message.attributes.ConnID === connId && typeof m.message.attributes.ReferenceID === 'number');
  expect(answersBy('a').length + answersBy('b').length).toBe(1);
});
