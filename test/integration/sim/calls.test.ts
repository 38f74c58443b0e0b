// Calls on the simulated switch (issue 12): the phone's handset and the far end,
// call requests from a client with their replies and EventError codes, and calls
// that outlive a server crash, a CTI link loss and a switchover.
import { describe, expect, it } from 'vitest';
import { AgentStateCode, CALL_ENTRY_KEY, CallType, ErrorCodes, WorkMode } from '../../../app/main/tserver/protocol/index.ts';
import type { Attributes, KvList, MessageName, TMessage } from '../../../app/main/tserver/protocol/index.ts';
import { SimInputError } from '../../../sim/index.ts';
import type { RawClient } from './raw-client.ts';
import { until } from './raw-client.ts';
import { simPerTest } from './sim-per-test.ts';

const { start, connect } = simPerTest({ mode: 'hot' });
const CALLER = '+15551234567';

/** An open client with these DNs registered. */
async function registered(port: number, ...dns: string[]): Promise<RawClient> {
  const c = await connect(port);
  await c.open();
  for (const dn of dns.length > 0 ? dns : ['5001']) {
    c.request('RequestRegisterAddress', { ThisDN: dn });
    expect((await c.next()).name).toBe('EventRegistered');
  }
  return c;
}

/** Sends a request and returns its reply (the next message) with the ReferenceID it carried. */
async function ask(c: RawClient, name: MessageName, attrs: Attributes): Promise<{ reply: TMessage; ref: number }> {
  const ref = c.request(name, attrs);
  return { reply: await c.next(), ref };
}

async function expectError(c: RawClient, name: MessageName, attrs: Attributes, code: number): Promise<void> {
  const { reply, ref } = await ask(c, name, attrs);
  expect(reply, `${name} → ${code}`).toMatchObject({ name: 'EventError', attributes: { ErrorCode: code, ReferenceID: ref } });
  expect(typeof reply.attributes.ErrorMessage).toBe('string');
}

/** The `Calls` entries of an EventAddressInfo, as objects. */
function callsOf(info: TMessage): Array<Record<string, unknown>> {
  expect(info.name).toBe('EventAddressInfo');
  const calls = info.attributes.Calls as KvList;
  return calls.map(([key, entry]) => {
    expect(key).toBe(CALL_ENTRY_KEY);
    return Object.fromEntries(entry as KvList);
  });
}

async function query(c: RawClient, dn = '5001'): Promise<Array<Record<string, unknown>>> {
  c.request('RequestQueryAddress', { ThisDN: dn });
  return callsOf(await c.next('EventAddressInfo'));
}

describe('calls from the handset and the far end', () => {
  it('an inbound call rings every client of the DN on both servers, is answered on the phone and hung up by the caller', async () => {
    let now = 1_760_000_100_000;
    const s = await start({ now: () => now });
    const onA = await registered(s.servers.a.port);
    const onB = await registered(s.servers.b.port);
    const connId = s.placeCall({ to: '5001', from: CALLER, userData: { CaseId: '42', Priority: 3 } });
    expect(connId).toMatch(/^[0-9a-f]{16}$/);

    const expected = { ThisDN: '5001', ConnID: connId, OtherDN: CALLER, CallType: CallType.Inbound, ANI: CALLER, DNIS: '5001', UserData: [['CaseId', '42'], ['Priority', 3]], TimeinSecs: 1_760_000_100 };
    for (const c of [onA, onB]) {
      const ringing = await c.next();
      expect(ringing).toMatchObject({ name: 'EventRinging', attributes: expected });
      expect(ringing.attributes.ReferenceID).toBeUndefined();
    }
    expect(s.state().calls).toEqual([
      {
        connId, type: 'inbound', ani: CALLER, dnis: '5001', startedAt: now, userData: [['CaseId', '42'], ['Priority', 3]],
        parties: [{ address: CALLER, onSwitch: false, state: 'dialing', since: now }, { address: '5001', onSwitch: true, state: 'ringing', since: now }],
      },
    ]);
    expect(await query(onA)).toEqual([{ ConnID: connId, State: 'ringing', CallType: CallType.Inbound, OtherDN: CALLER, ANI: CALLER, DNIS: '5001', Since: 1_760_000_100, UserData: [['CaseId', '42'], ['Priority', 3]] }]);

    now += 5000;
    s.answerCall(connId); // hook-off on 5001's handset
    for (const c of [onA, onB]) expect(await c.next()).toMatchObject({ name: 'EventEstablished', attributes: { ...expected, TimeinSecs: 1_760_000_105 } });
    expect(s.state().calls[0]!.parties.map((p) => p.state)).toEqual(['established', 'established']);

    now += 60_000;
    s.releaseCall(connId, { dn: CALLER }); // the caller hangs up
    for (const c of [onA, onB]) expect(await c.next()).toMatchObject({ name: 'EventReleased', attributes: { ThisDN: '5001', ConnID: connId, TimeinSecs: 1_760_000_165 } });
    expect(s.state().calls).toEqual([]);
    expect(await query(onB)).toEqual([]);
    expect(() => s.answerCall(connId)).toThrow(SimInputError);
  });

  it('hold and retrieve on the phone; the handset actions say which party when two could act', async () => {
    const s = await start();
    const c5001 = await registered(s.servers.a.port, '5001');
    const c5002 = await registered(s.servers.a.port, '5002');
    const connId = s.placeCall({ to: '5002', from: '5001' }); // 5001 dials 5002 on its handset
    expect(await c5001.next()).toMatchObject({ name: 'EventDialing', attributes: { ThisDN: '5001', OtherDN: '5002', CallType: CallType.Internal, ConnID: connId } });
    expect(await c5002.next()).toMatchObject({ name: 'EventRinging', attributes: { ThisDN: '5002', OtherDN: '5001', CallType: CallType.Internal, ConnID: connId } });
    expect(() => s.holdCall(connId)).toThrow(/nobody on call .* can hold/);
    s.answerCall(connId);
    expect((await c5002.next()).name).toBe('EventEstablished');
    expect((await c5001.next()).name).toBe('EventEstablished');
    // Both could put it on hold now.
    expect(() => s.holdCall(connId)).toThrow(/say which/);
    s.holdCall(connId, { dn: '5002' });
    expect(await c5002.next()).toMatchObject({ name: 'EventHeld', attributes: { ThisDN: '5002', ConnID: connId } });
    expect(await c5001.silentFor(30)).toBe(true); // holding is the holder's business
    expect(() => s.holdCall(connId, { dn: '5002' })).toThrow(/cannot hold .* it is held/);
    s.retrieveCall(connId);
    expect((await c5002.next()).name).toBe('EventRetrieved');
    expect(() => s.answerCall(connId, { dn: '5003' })).toThrow(/not on call/);
    s.releaseCall(connId); // both parties hear it
    expect((await c5001.next()).name).toBe('EventReleased');
    expect((await c5002.next()).name).toBe('EventReleased');
  });
});

describe('call requests from the toolbar', () => {
  it('answer, hold, retrieve, release: the reply carries the ReferenceID, the other clients hear the event without it', async () => {
    const s = await start();
    const c = await registered(s.servers.a.port);
    const other = await registered(s.servers.b.port);
    const connId = s.placeCall({ to: '5001', from: CALLER });
    await c.next('EventRinging');
    await other.next('EventRinging');

    const steps: Array<[MessageName, MessageName]> = [
      ['RequestAnswerCall', 'EventEstablished'],
      ['RequestHoldCall', 'EventHeld'],
      ['RequestRetrieveCall', 'EventRetrieved'],
      ['RequestReleaseCall', 'EventReleased'],
    ];
    for (const [request, event] of steps) {
      const { reply, ref } = await ask(c, request, { ThisDN: '5001', ConnID: connId });
      expect(reply).toMatchObject({ name: event, attributes: { ThisDN: '5001', ConnID: connId, OtherDN: CALLER, CallType: CallType.Inbound, ReferenceID: ref } });
      const seen = await other.next();
      expect(seen.name).toBe(event);
      expect(seen.attributes.ReferenceID).toBeUndefined();
    }
    expect(s.state().calls).toEqual([]);
  });

  it('refuses what the call state does not allow, with the T-Library codes, and never acts twice', async () => {
    const s = await start();
    const c = await registered(s.servers.a.port, '5001', '5002');
    const connId = s.placeCall({ to: '5001', from: CALLER });
    await c.next('EventRinging');
    const on5001 = { ThisDN: '5001', ConnID: connId };
    await expectError(c, 'RequestHoldCall', on5001, ErrorCodes.InvalidCallState); // ringing
    await expectError(c, 'RequestRetrieveCall', on5001, ErrorCodes.InvalidCallState);
    await expectError(c, 'RequestAnswerCall', { ThisDN: '5002', ConnID: connId }, ErrorCodes.InvalidConnId); // 5002 is not on it
    await expectError(c, 'RequestAnswerCall', { ThisDN: '5003', ConnID: connId }, ErrorCodes.NotRegistered);
    expect((await ask(c, 'RequestAnswerCall', on5001)).reply.name).toBe('EventEstablished');
    await expectError(c, 'RequestAnswerCall', on5001, ErrorCodes.InSameState); // answered already
    await expectError(c, 'RequestRetrieveCall', on5001, ErrorCodes.InSameState); // not held
    expect((await ask(c, 'RequestHoldCall', on5001)).reply.name).toBe('EventHeld');
    await expectError(c, 'RequestHoldCall', on5001, ErrorCodes.InSameState); // held already
    await expectError(c, 'RequestAnswerCall', on5001, ErrorCodes.InvalidCallState); // held, not ringing
    expect((await ask(c, 'RequestReleaseCall', on5001)).reply.name).toBe('EventReleased');
    await expectError(c, 'RequestReleaseCall', on5001, ErrorCodes.InvalidConnId); // released already
    await expectError(c, 'RequestAnswerCall', { ThisDN: '5001', ConnID: 'ffffffffffffffff' }, ErrorCodes.InvalidConnId);
    expect(await c.silentFor(30)).toBe(true);
  });

  it('MakeCall: internal to a DN (it rings there), outbound to a number (the far end answers), and its refusals', async () => {
    const s = await start({ maxCallsPerDn: 1 });
    const c = await registered(s.servers.a.port, '5001');
    const callee = await registered(s.servers.b.port, '5002');
    const { reply: dialing, ref } = await ask(c, 'RequestMakeCall', { ThisDN: '5001', OtherDN: '5002', UserData: [['Topic', 'handover']] });
    expect(dialing).toMatchObject({ name: 'EventDialing', attributes: { ThisDN: '5001', OtherDN: '5002', CallType: CallType.Internal, ANI: '5001', DNIS: '5002', UserData: [['Topic', 'handover']], ReferenceID: ref } });
    const connId = dialing.attributes.ConnID as string;
    const ringing = await callee.next();
    expect(ringing).toMatchObject({ name: 'EventRinging', attributes: { ThisDN: '5002', OtherDN: '5001', ConnID: connId, UserData: [['Topic', 'handover']] } });
    expect(ringing.attributes.ReferenceID).toBeUndefined();
    // One line each (maxCallsPerDn 1): both ends are busy now.
    const c5003 = await registered(s.servers.a.port, '5003');
    await expectError(c, 'RequestMakeCall', { ThisDN: '5001', OtherDN: '5003' }, ErrorCodes.OriginDnBusy);
    await expectError(c5003, 'RequestMakeCall', { ThisDN: '5003', OtherDN: '5002' }, ErrorCodes.DestinationBusy);
    // The callee answers from its toolbar: both DNs are connected.
    expect((await ask(callee, 'RequestAnswerCall', { ThisDN: '5002', ConnID: connId })).reply.name).toBe('EventEstablished');
    expect(await c.next()).toMatchObject({ name: 'EventEstablished', attributes: { ThisDN: '5001', ConnID: connId } });
    expect((await ask(c, 'RequestReleaseCall', { ThisDN: '5001', ConnID: connId })).reply.name).toBe('EventReleased');
    expect(await callee.next()).toMatchObject({ name: 'EventReleased', attributes: { ThisDN: '5002' } });

    const { reply: out } = await ask(c, 'RequestMakeCall', { ThisDN: '5001', OtherDN: '+442071234567' });
    expect(out).toMatchObject({ name: 'EventDialing', attributes: { CallType: CallType.Outbound, OtherDN: '+442071234567', DNIS: '+442071234567' } });
    s.answerCall(out.attributes.ConnID as string); // the far end picks up
    expect(await c.next()).toMatchObject({ name: 'EventEstablished', attributes: { ThisDN: '5001', ConnID: out.attributes.ConnID } });

    await expectError(c5003, 'RequestMakeCall', { ThisDN: '5003', OtherDN: '5003' }, ErrorCodes.InvalidAttribute);
    await expectError(c5003, 'RequestMakeCall', { ThisDN: '5003', OtherDN: 'not a number' }, ErrorCodes.InvalidAttribute);
    await expectError(c5003, 'RequestMakeCall', { ThisDN: '5003', OtherDN: '+15550000000', UserData: [['blob', 'x'.repeat(17 * 1024)]] }, ErrorCodes.InvalidAttribute);
    expect(s.state().calls).toHaveLength(1);
  });

  it('link down: call requests fail with 109 and are not queued, the call goes on unheard, and the DN\'s calls are re-read when the link is back', async () => {
    const s = await start();
    const c = await registered(s.servers.a.port);
    const connId = s.placeCall({ to: '5001', from: CALLER });
    await c.next('EventRinging');
    s.setLink('a', { up: false, errorCode: ErrorCodes.LinkDown, errorMessage: 'CTI link lost' });
    await c.next('EventLinkDisconnected');
    await expectError(c, 'RequestAnswerCall', { ThisDN: '5001', ConnID: connId }, ErrorCodes.LinkDown);
    await expectError(c, 'RequestReleaseCall', { ThisDN: '5001', ConnID: connId }, ErrorCodes.LinkDown);
    s.answerCall(connId); // answered on the phone meanwhile: a's clients cannot hear it
    expect(await c.silentFor(40)).toBe(true);
    expect(s.state().calls[0]!.parties[1]!.state).toBe('established');
    s.setLink('a', { up: true });
    await c.next('EventLinkConnected');
    // The refused release did not happen later behind the client's back.
    expect(await query(c)).toMatchObject([{ ConnID: connId, State: 'established' }]);
  });
});

describe('calls outlive the servers', () => {
  it('a crash does not drop the call; in hot standby the backup\'s clients go on hearing it, with the same ConnID', async () => {
    const s = await start({ promoteDelayMs: 0 });
    const onA = await registered(s.servers.a.port);
    const onB = await registered(s.servers.b.port);
    const connId = s.placeCall({ to: '5001', from: CALLER });
    await onA.next('EventRinging');
    await onB.next('EventRinging');
    expect((await ask(onA, 'RequestAnswerCall', { ThisDN: '5001', ConnID: connId })).reply.name).toBe('EventEstablished');
    await onB.next('EventEstablished');
    s.crash('a');
    await onB.next('EventLinkConnected'); // b is primary now
    expect(await query(onB)).toMatchObject([{ ConnID: connId, State: 'established', OtherDN: CALLER }]);
    expect((await ask(onB, 'RequestHoldCall', { ThisDN: '5001', ConnID: connId })).reply.name).toBe('EventHeld');
    expect(s.state().calls).toHaveLength(1);
  });

  it('a switchover moves nothing: the call and its ConnID are the switch\'s', async () => {
    const s = await start();
    const onB = await registered(s.servers.b.port);
    const connId = s.placeCall({ to: '5001', from: CALLER });
    s.answerCall(connId);
    expect((await onB.next()).name).toBe('EventRinging');
    expect((await onB.next()).name).toBe('EventEstablished');
    s.switchover();
    await onB.next('EventLinkConnected');
    expect((await ask(onB, 'RequestReleaseCall', { ThisDN: '5001', ConnID: connId })).reply).toMatchObject({ name: 'EventReleased', attributes: { ConnID: connId } });
  });

  it('warm standby: a newly promoted backup\'s client learns the call in progress by asking (EventAddressInfo)', async () => {
    let now = 1_760_000_100_000;
    const s = await start({ mode: 'warm', promoteDelayMs: 0, now: () => now });
    const onA = await registered(s.servers.a.port);
    const connId = s.placeCall({ to: '5001', from: CALLER, userData: { CaseId: '42' } });
    now += 3000;
    s.answerCall(connId);
    await onA.next('EventEstablished');
    now += 10_000;
    s.crash('a');
    await until(() => s.servers.b.role === 'primary', 1000, 'promotion of b');
    const onB = await registered(s.servers.b.port);
    expect(await onB.silentFor(30)).toBe(true); // registering tells nothing about calls
    expect(await query(onB)).toEqual([
      { ConnID: connId, State: 'established', CallType: CallType.Inbound, OtherDN: CALLER, ANI: CALLER, DNIS: '5001', Since: 1_760_000_103, EstablishedSince: 1_760_000_103, UserData: [['CaseId', '42']] },
    ]);
    expect((await ask(onB, 'RequestReleaseCall', { ThisDN: '5001', ConnID: connId })).reply.name).toBe('EventReleased');
  });
});

describe('agent state and calls', () => {
  it('after-call work follows a connected call on a DN configured for it; Ready and Not Ready are allowed during a call', async () => {
    const s = await start({ afterCallWorkDns: ['5001'] });
    const c = await registered(s.servers.a.port, '5001', '5002');
    for (const [dn, agent] of [['5001', '1001'], ['5002', '1002']]) {
      c.request('RequestAgentLogin', { ThisDN: dn, AgentID: agent, AgentWorkMode: WorkMode.ManualIn });
      expect((await c.next()).attributes).toMatchObject({ AgentState: AgentStateCode.Ready });
    }
    expect(s.state().dns.filter((d) => d.afterCallWork).map((d) => d.dn)).toEqual(['5001']);

    const connId = s.placeCall({ to: '5001', from: CALLER });
    await c.next('EventRinging');
    expect((await ask(c, 'RequestAnswerCall', { ThisDN: '5001', ConnID: connId })).reply.name).toBe('EventEstablished');
    // The switch allows agent state changes during a call.
    expect((await ask(c, 'RequestAgentNotReady', { ThisDN: '5001', Reasons: [['ReasonCode', 'Notes']] })).reply.name).toBe('EventAgentNotReady');
    expect((await ask(c, 'RequestAgentReady', { ThisDN: '5001' })).reply.name).toBe('EventAgentReady');
    s.releaseCall(connId);
    expect((await c.next()).name).toBe('EventReleased');
    expect(await c.next()).toMatchObject({ name: 'EventAgentNotReady', attributes: { ThisDN: '5001', AgentWorkMode: WorkMode.AfterCallWork, AgentState: AgentStateCode.NotReady } });
    expect(s.state().agents.find((a) => a.id === '1001')?.state).toBe('acw');

    // A call that never connected leaves no work behind; nor does a DN not configured for it.
    expect((await ask(c, 'RequestAgentReady', { ThisDN: '5001' })).reply.name).toBe('EventAgentReady');
    const missed = s.placeCall({ to: '5001', from: CALLER });
    await c.next('EventRinging');
    s.releaseCall(missed);
    await c.next('EventReleased');
    const other = s.placeCall({ to: '5002', from: CALLER });
    await c.next('EventRinging');
    s.answerCall(other);
    await c.next('EventEstablished');
    s.releaseCall(other);
    await c.next('EventReleased');
    expect(await c.silentFor(30)).toBe(true);

    // Switched off at run time.
    s.setAfterCallWork('5001', false);
    const third = s.placeCall({ to: '5001', from: CALLER });
    s.answerCall(third);
    s.releaseCall(third);
    for (const event of ['EventRinging', 'EventEstablished', 'EventReleased']) expect(await c.next()).toMatchObject({ name: event, attributes: { ConnID: third } });
    expect(await c.silentFor(30)).toBe(true);
    expect(() => s.setAfterCallWork('9999', true)).toThrow(/does not exist/);
  });
});

describe('bounds', () => {
  it('calls per DN and UserData are bounded; options are checked', async () => {
    const s = await start({ maxCallsPerDn: 2 });
    s.placeCall({ to: '5001', from: CALLER });
    s.placeCall({ to: '5001', from: '+15550000001' });
    expect(() => s.placeCall({ to: '5001', from: '+15550000002' })).toThrow(expect.objectContaining({ status: 409, message: expect.stringMatching(/no free line/) }));
    expect(() => s.placeCall({ to: '9999', from: CALLER })).toThrow(expect.objectContaining({ status: 404 }));
    expect(() => s.placeCall({ to: '5002', from: 'sip:someone' })).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => s.placeCall({ to: '5002', from: '5002' })).toThrow(/cannot call itself/);
    expect(() => s.placeCall({ to: '5002', from: CALLER, userData: { blob: 'x'.repeat(17 * 1024) } })).toThrow(/over the 16384-byte bound/);
    expect(() => s.placeCall({ to: '5002', from: CALLER, userData: { n: 1.5 } })).toThrow(/string or an int32/);
    expect(s.state()).toMatchObject({ maxCallsPerDn: 2 });
    expect(s.state().calls).toHaveLength(2);
    await expect(start({ maxCallsPerDn: 0 })).rejects.toThrow(/maxCallsPerDn/);
    await expect(start({ maxCallsPerDn: 65 })).rejects.toThrow(/maxCallsPerDn/);
    await expect(start({ afterCallWorkDns: ['9999'] })).rejects.toThrow(/afterCallWorkDns: DN 9999 is not in dns/);
  });
});
