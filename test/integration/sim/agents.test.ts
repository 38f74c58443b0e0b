// Registrations, agent requests and the switch-owned agent state, fanned out across the pair.
import { describe, expect, it } from 'vitest';
import { AgentStateCode, ErrorCodes, WorkMode } from '../../../app/main/tserver/protocol/index.ts';
import type { RawClient } from './raw-client.ts';
import { until } from './raw-client.ts';
import { simPerTest } from './sim-per-test.ts';

const { start, connect } = simPerTest({ mode: 'hot' });

/** An open client with DN registered. */
async function registered(port: number, dn = '5001'): Promise<RawClient> {
  const c = await connect(port);
  await c.open();
  c.request('RequestRegisterAddress', { ThisDN: dn });
  expect((await c.next()).name).toBe('EventRegistered');
  return c;
}

describe('agent state on the shared switch', () => {
  it('login, ready, not-ready with reason and acw fan out to a client on the other server', async () => {
    const s = await start();
    const onA = await registered(s.servers.a.port);
    const onB = await registered(s.servers.b.port);
    const other = await registered(s.servers.a.port, '5002');

    const ref = onA.request('RequestAgentLogin', { ThisDN: '5001', AgentID: '1001' });
    const login = await onA.next();
    expect(login).toMatchObject({ name: 'EventAgentLogin', attributes: { ThisDN: '5001', AgentID: '1001', ReferenceID: ref, AgentState: AgentStateCode.NotReady } });
    const seen = await onB.next();
    expect(seen.name).toBe('EventAgentLogin');
    expect(seen.attributes.ReferenceID).toBeUndefined();

    onA.request('RequestAgentReady', { ThisDN: '5001' });
    expect((await onA.next()).attributes).toMatchObject({ AgentState: AgentStateCode.Ready, AgentWorkMode: WorkMode.ManualIn });
    expect((await onB.next()).name).toBe('EventAgentReady');

    // The switch is shared: a request on b changes what a's client sees.
    onB.request('RequestAgentNotReady', { ThisDN: '5001', AgentWorkMode: WorkMode.AuxWork, Reasons: [['ReasonCode', '42']] });
    for (const c of [onA, onB]) {
      const e = await c.next();
      expect(e).toMatchObject({ name: 'EventAgentNotReady', attributes: { ThisDN: '5001', AgentID: '1001', AgentState: AgentStateCode.NotReady, AgentWorkMode: WorkMode.AuxWork, Reasons: [['ReasonCode', '42']] } });
    }
    expect(s.state().agents.find((a) => a.id === '1001')).toMatchObject({ state: 'not-ready', reasonCode: '42', dn: '5001' });

    s.setAgentState('1001', { state: 'acw' });
    for (const c of [onA, onB]) {
      expect((await c.next()).attributes).toMatchObject({ AgentWorkMode: WorkMode.AfterCallWork, AgentState: AgentStateCode.NotReady });
    }
    // A late registration reads the switch state.
    const late = await connect(s.servers.b.port);
    await late.open();
    late.request('RequestRegisterAddress', { ThisDN: '5001' });
    expect((await late.next()).attributes).toMatchObject({ ThisDN: '5001', AgentID: '1001', AgentState: AgentStateCode.NotReady, AgentWorkMode: WorkMode.AfterCallWork });

    onA.request('RequestAgentLogout', { ThisDN: '5001' });
    expect((await onA.next()).name).toBe('EventAgentLogout');
    expect((await onB.next()).name).toBe('EventAgentLogout');
    // A DN nobody registered on hears nothing.
    expect(await other.silentFor(30)).toBe(true);
  });

  it('request errors carry ErrorCode, ErrorMessage and ReferenceID', async () => {
    const s = await start({ agents: [{ id: '1001', password: 'pw' }, { id: '1002' }] });
    const c = await registered(s.servers.a.port);
    const c2 = await registered(s.servers.a.port, '5002');
    const expectError = async (client: RawClient, name: Parameters<RawClient['request']>[0], attrs: Record<string, unknown>, code: number): Promise<void> => {
      const ref = client.request(name, attrs as never);
      const e = await client.next();
      expect(e.name).toBe('EventError');
      expect(e.attributes).toMatchObject({ ErrorCode: code, ReferenceID: ref });
      expect(typeof e.attributes.ErrorMessage).toBe('string');
    };
    await expectError(c, 'RequestRegisterAddress', { ThisDN: '9999' }, ErrorCodes.DnDoesNotExist);
    await expectError(c, 'RequestQueryAddress', { ThisDN: '9999' }, ErrorCodes.DnDoesNotExist);
    await expectError(c, 'RequestUnregisterAddress', { ThisDN: '5003' }, ErrorCodes.NotRegistered);
    await expectError(c, 'RequestAgentLogin', { ThisDN: '5003', AgentID: '1001' }, ErrorCodes.NotRegistered);
    await expectError(c, 'RequestAgentLogin', { ThisDN: '5001', AgentID: 'nobody' }, ErrorCodes.InvalidAgentId);
    await expectError(c, 'RequestAgentLogin', { ThisDN: '5001', AgentID: '1001', AgentPassword: 'no' }, ErrorCodes.PasswordDoesNotMatch);
    await expectError(c, 'RequestAgentLogout', { ThisDN: '5001' }, ErrorCodes.InSameState);
    c.request('RequestAgentLogin', { ThisDN: '5001', AgentID: '1001', AgentPassword: 'pw', AgentWorkMode: WorkMode.AutoIn });
    expect((await c.next()).attributes).toMatchObject({ AgentState: AgentStateCode.Ready });
    await expectError(c, 'RequestAgentLogin', { ThisDN: '5001', AgentID: '1002' }, ErrorCodes.AlreadyLoggedIn);
    await expectError(c2, 'RequestAgentLogin', { ThisDN: '5002', AgentID: '1001', AgentPassword: 'pw' }, ErrorCodes.AlreadyLoggedIn);
    await expectError(c, 'RequestAgentReady', { ThisDN: '5001', AgentWorkMode: WorkMode.AutoIn }, ErrorCodes.InSameState);
    c.request('RequestAgentNotReady', { ThisDN: '5001', Reasons: [['ReasonCode', '7']] });
    expect((await c.next()).name).toBe('EventAgentNotReady');
    await expectError(c, 'RequestAgentNotReady', { ThisDN: '5001', Reasons: [['ReasonCode', '7']] }, ErrorCodes.InSameState);
    c.request('RequestQueryAddress', { ThisDN: '5001' });
    expect((await c.next()).attributes).toMatchObject({ AgentID: '1001', Reasons: [['ReasonCode', '7']] });
    c.request('RequestUnregisterAddress', { ThisDN: '5001' });
    expect((await c.next()).name).toBe('EventUnregistered');
  });

  it('link down: EventLinkDisconnected with ErrorCode/ErrorMessage, agent requests fail with 109, then link up', async () => {
    const s = await start();
    const c = await registered(s.servers.a.port);
    const onB = await registered(s.servers.b.port);
    s.setLink('a', { up: false, errorCode: 109, errorMessage: 'CTI link lost' });
    const down = await c.next();
    expect(down).toMatchObject({ name: 'EventLinkDisconnected', attributes: { ErrorCode: 109, ErrorMessage: 'CTI link lost', ServerRole: 1 } });
    expect(typeof down.attributes.TimeinSecs).toBe('number');
    expect(s.servers.a.link).toEqual({ up: false, errorCode: 109, errorMessage: 'CTI link lost' });

    const ref = c.request('RequestAgentLogin', { ThisDN: '5001', AgentID: '1001' });
    expect((await c.next()).attributes).toMatchObject({ ErrorCode: ErrorCodes.LinkDown, ReferenceID: ref });
    // Registration is T-Server state: it works while the link is down.
    c.request('RequestRegisterAddress', { ThisDN: '5002' });
    expect((await c.next()).name).toBe('EventRegistered');
    // The other server's link is up: its client can still work, and a hears nothing.
    onB.request('RequestAgentLogin', { ThisDN: '5001', AgentID: '1001' });
    expect((await onB.next()).name).toBe('EventAgentLogin');
    expect(await c.silentFor(30)).toBe(true);

    s.setLink('a', { up: false, errorCode: 109, errorMessage: 'CTI link lost' }); // no change, no event
    s.setLink('a', { up: true });
    expect((await c.next()).name).toBe('EventLinkConnected');
    c.request('RequestAgentReady', { ThisDN: '5001' });
    expect((await c.next()).name).toBe('EventAgentReady');
  });

  it('logoutOnDisconnect logs the agent out when no client has the DN registered for that long', async () => {
    const s = await start({ logoutOnDisconnectMs: 150 });
    const c = await registered(s.servers.a.port);
    c.request('RequestAgentLogin', { ThisDN: '5001', AgentID: '1001' });
    await c.next('EventAgentLogin');
    c.close();
    await until(() => s.state().dns.find((d) => d.dn === '5001')!.registrations.a === 0, 1000, 'registration dropped');
    // Back in time: the agent survives.
    await new Promise((r) => setTimeout(r, 60));
    const back = await registered(s.servers.b.port);
    expect(s.state().agents[0]).toMatchObject({ id: '1001', state: 'not-ready' });
    await new Promise((r) => setTimeout(r, 200));
    expect(s.state().agents[0]!.state).toBe('not-ready');
    // Gone for longer than the limit: logged out.
    back.close();
    const t0 = Date.now();
    await until(() => s.state().agents[0]!.state === 'logged-out', 1000, 'logout');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(120);
  });

  it('setAgentState rejects unknown and logged-out agents', async () => {
    const s = await start();
    expect(() => s.setAgentState('nobody', { state: 'ready' })).toThrow(/does not exist/);
    expect(() => s.setAgentState('1001', { state: 'acw' })).toThrow(/not logged in/);
  });
});
