// Agent state across failovers: restored as the agent last had it, never forced Ready during
// after-call work, never logged in twice; bad agent credentials are not retried.
import { afterEach, expect, it } from 'vitest';
import { closeRigs, online, rig, sentBy } from './harness.ts';

afterEach(closeRigs);

const agent1001 = (r: Awaited<ReturnType<typeof rig>>) => r.sim.state().agents.find((a) => a.id === '1001');

it('warm: NotReady(42) before a failover that really lost the login is NotReady(42) after it', async () => {
  // The switch logs the agent out 30 ms after the DN's last registration goes; b is promoted after 150 ms.
  const r = await rig({ mode: 'warm', logoutOnDisconnectMs: 30, promoteDelayMs: 150 }, { initialAgentState: { state: 'ready' } });
  await r.waitFor(online('a', (s) => s.agent.state === 'ready'), 'online on a, ready');
  await r.session.agentNotReady('42');
  await r.waitFor(online('a', (s) => s.agent.state === 'not-ready' && s.agent.reasonCode === '42'), 'not ready (42)');
  const sentBefore = r.sent.length;
  r.sim.crash('a');
  await r.waitFor((s) => s.phase !== 'online', 'session lost');
  const s = await r.waitFor(online('b'), 'online on b', 5000);
  expect(s).toMatchObject({
    agent: { dn: '5001', agentId: '1001', state: 'not-ready', reasonCode: '42' },
    lastFailover: { from: 'a', to: 'b', restored: true, result: { outcome: 'relogged-in', agentId: '1001', state: 'not-ready', reasonCode: '42' } },
    lastError: null,
  });
  // The switch really had lost the login (EventRegistered said logged out), and exactly one login was made.
  const registered = sentBy(r, 'b', 'EventRegistered', sentBefore);
  expect(registered).toHaveLength(1);
  expect(registered[0]!.message.attributes.AgentState).toBe(0);
  expect(sentBy(r, 'b', 'EventAgentLogin', sentBefore)).toHaveLength(1);
  expect(agent1001(r)).toMatchObject({ dn: '5001', state: 'not-ready', reasonCode: '42' });
});

it('warm: an agent put in after-call work by the switch is not forced Ready after a failover', async () => {
  const r = await rig({ mode: 'warm', promoteDelayMs: 150 }, { initialAgentState: { state: 'ready' } });
  await r.waitFor(online('a', (s) => s.agent.state === 'ready'), 'online on a, ready');
  const sentBefore = r.sent.length;
  r.sim.crash('a');
  await r.waitFor((s) => s.phase !== 'online', 'session lost');
  // A call ends while the toolbar is away: the switch puts the agent in after-call work.
  r.sim.setAgentState('1001', { state: 'acw' });
  const s = await r.waitFor(online('b'), 'online on b', 5000);
  // Online is announced only after the restore ran: nothing more will be sent.
  expect(s.agent).toMatchObject({ state: 'acw', agentId: '1001' });
  expect(s.lastFailover).toMatchObject({ from: 'a', to: 'b', restored: true, result: { outcome: 'acw-kept', state: 'acw' } });
  expect(sentBy(r, 'b', 'EventAgentReady', sentBefore)).toHaveLength(0);
  expect(sentBy(r, 'b', 'EventAgentLogin', sentBefore)).toHaveLength(0);
  expect(agent1001(r)?.state).toBe('acw');
  // After-call work is now the state to keep: the agent ends it themselves.
  await r.session.agentReady();
  await r.waitFor(online('b', (x) => x.agent.state === 'ready'), 'ready by the agent');
});

it('warm: bad agent password on re-login → not retryable, said as the restore problem; the session stays up for the agent to log in', async () => {
  let password = 'right';
  const r = await rig(
    { mode: 'warm', logoutOnDisconnectMs: 10, promoteDelayMs: 100, agents: [{ id: '1001', password: 'right' }] },
    { initialAgentState: { state: 'ready' }, agentPassword: async () => password },
  );
  await r.waitFor(online('a', (s) => s.agent.state === 'ready'), 'online on a, ready');
  password = 'changed-meanwhile';
  r.sim.crash('a');
  // Issue 11: the connection is fine, only the credentials were refused — the agent types the
  // password at once (test/integration/session/relogin-refused.test.ts has the whole story).
  const s = await r.waitFor(online('b', (x) => x.lastError !== null), 'online on b, re-login refused', 5000);
  expect(s.lastError).toMatchObject({ code: 1705, retryable: false, server: 'b', message: expect.stringContaining('AgentLogin') });
  // The agent-facing words come from the renderer's catalogue by code (1705), not from the core.
  expect(s.agent.state).toBe('logged-out');
  await expect(r.session.agentLogin('1001', 'right')).resolves.toEqual({ outcome: 'done' });
  await r.waitFor(online('b', (x) => x.agent.state === 'not-ready' && x.lastError === null), 'logged in by the agent', 5000);
});

it('warm: a restore the CTI link blocked (109) is done when the link comes back', async () => {
  const r = await rig({ mode: 'warm', logoutOnDisconnectMs: 10, promoteDelayMs: 100 }, { initialAgentState: { state: 'not-ready', reasonCode: '42' } });
  await r.waitFor(online('a', (s) => s.agent.reasonCode === '42'), 'online on a, not ready (42)');
  r.sim.setLink('b', { up: false, errorCode: 109, errorMessage: 'CTI link lost' });
  r.sim.crash('a');
  const down = await r.waitFor((s) => s.phase === 'link-down' && s.server?.name === 'b', 'on b, link down', 5000);
  expect(down).toMatchObject({ linkError: { code: 109, message: 'CTI link lost' }, lastError: { code: 109, retryable: true }, lastFailover: { from: 'a', to: 'b', restored: false } });
  expect(down.lastFailover?.result).toMatchObject({ outcome: 'deferred-link-down', state: 'not-ready', reasonCode: '42' });
  r.sim.setLink('b', { up: true });
  const s = await r.waitFor(online('b', (x) => x.lastFailover?.restored === true), 'restored after link up', 5000);
  expect(s).toMatchObject({ agent: { state: 'not-ready', reasonCode: '42' }, lastError: null, lastFailover: { from: 'a', to: 'b', result: { outcome: 'relogged-in', agentId: '1001', state: 'not-ready', reasonCode: '42' } } });
});
