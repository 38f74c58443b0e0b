// The ToolbarSession contract around the failovers: requests fail fast without a session,
// get the server's 109 while the link is down, listeners cannot break it, stop() is final.
import { afterEach, expect, it } from 'vitest';
import { SessionRequestError } from '../../../app/main/tserver/session/index.ts';
import { closeRigs, online, rig } from './harness.ts';

afterEach(closeRigs);

it('requests: fail fast with no session, 109 while the link is down, desired state follows the agent', async () => {
  const r = await rig({ mode: 'hot' }, { initialAgentState: undefined });
  // Before the first session is up: a clear error, no queue.
  await expect(r.session.agentReady()).rejects.toBeInstanceOf(SessionRequestError);
  await expect(r.session.agentLogin('1001', undefined)).rejects.toThrow(/^Not connected to a T-Server/);
  const s0 = await r.waitFor(online('a', (s) => s.agent.state === 'logged-out'), 'online, agent logged out (nothing configured to log in)');
  expect(s0.agent).toMatchObject({ dn: '5001', agentId: '1001', state: 'logged-out', reasonCode: null, confidence: 'current', pending: null });

  await r.session.agentLogin('1001', undefined);
  await r.session.agentNotReady('42');
  await r.session.agentNotReady('42'); // same state again: no error
  await r.waitFor(online('a', (s) => s.agent.state === 'not-ready' && s.agent.reasonCode === '42'), 'not ready 42');

  r.sim.setLink('a', { up: false, errorCode: 109, errorMessage: 'CTI link lost' });
  await r.waitFor((s) => s.phase === 'link-down', 'link down');
  await expect(r.session.agentReady()).rejects.toMatchObject({ code: 109 });
  r.sim.setLink('a', { up: true });
  await r.waitFor(online('a'), 'link back');
  await r.session.agentReady();
  await r.waitFor(online('a', (s) => s.agent.state === 'ready'), 'ready');
  await r.session.agentLogout();
  await r.waitFor(online('a', (s) => s.agent.state === 'logged-out'), 'logged out');

  // Logged out by the agent: a switchover does not log them back in.
  r.sim.switchover();
  const after = await r.waitFor(online('b', (s) => s.lastFailover !== null), 'on b');
  expect(after.agent.state).toBe('logged-out');
  expect(r.sim.state().agents.find((a) => a.id === '1001')?.state).toBe('logged-out');
});

it('throwing listeners do not break the session; after stop() nothing more is emitted and every socket is closed', async () => {
  const r = await rig({ mode: 'hot' });
  r.session.onSnapshot(() => {
    throw new Error('broken snapshot listener');
  });
  r.session.onEvent(() => {
    throw new Error('broken event listener');
  });
  await r.waitFor(online('a', (s) => s.standby.ready && s.agent.state === 'ready'), 'online despite broken listeners');
  expect(r.listenerErrors).toContain('snapshot: Error: broken snapshot listener');
  expect(r.listenerErrors).toContain('event: Error: broken event listener');
  await r.session.stop();
  const events = r.events.length;
  const snapshots = r.snapshots.length;
  expect(r.events.filter((e) => e.event === 'EventServerDisconnected').map((e) => e.server).sort()).toEqual(['a', 'b']);
  r.sim.crash('a');
  r.sim.setLink('b', { up: false });
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(r.events.length).toBe(events);
  expect(r.snapshots.length).toBe(snapshots);
  expect(r.sim.servers.b.clients).toBe(0);
  expect(r.session.checkNow('user')).toBe(false);
  await r.session.stop(); // idempotent
});

it('link back: the agent state is re-read (the switch moved the agent while the link was down)', async () => {
  const r = await rig({ mode: 'warm' });
  await r.waitFor(online('a', (s) => s.agent.state === 'ready'), 'online, ready');
  r.sim.setLink('a', { up: false });
  await r.waitFor((s) => s.phase === 'link-down', 'link down');
  r.sim.setAgentState('1001', { state: 'acw' }); // not heard: the link is down
  expect(r.session.snapshot().agent.state).toBe('ready');
  r.sim.setLink('a', { up: true });
  const s = await r.waitFor(online('a', (x) => x.agent.state === 'acw'), 'after-call work seen after link up');
  expect(s.link).toBe('up');
  // Not forced back to Ready, and after-call work is now what a failover would keep.
  expect(r.sim.state().agents.find((a) => a.id === '1001')?.state).toBe('acw');
});
