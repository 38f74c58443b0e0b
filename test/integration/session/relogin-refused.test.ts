// Issue 11: an automatic re-login whose stored password the switch refuses (1705) must leave
// the agent able to log in at once with the password they type — the session stays up
// (online, agent logged out, the refusal as a not-retryable `lastError` the login form shows
// at the password field), the refused password is removed and never tried again, and the
// session does not log the agent in by itself until they have. Before, the refusal stopped
// the whole session (`failed`): no login was possible, and Reconnect now re-used the password.
// Over loopback TCP against the simulator.
import { afterEach, expect, it } from 'vitest';
import { RecordingLogger } from '../../support/recording-logger.ts';
import { closeRigs, online, rig, sentBy } from './harness.ts';
import type { Rig } from './harness.ts';

afterEach(closeRigs);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const refusals = (r: Rig, from = 0) => r.sent.slice(from).filter((s) => s.message.name === 'EventError' && s.message.attributes.ErrorCode === 1705);

/** A keychain as the host has it: `onStoredPasswordRejected` removes the stored value. */
function keychain(initial: string | undefined) {
  const k = {
    stored: initial,
    rejected: [] as string[],
    hooks: {
      agentPassword: async () => k.stored,
      onStoredPasswordRejected: (agentId: string) => {
        k.rejected.push(agentId);
        k.stored = undefined;
      },
    },
  };
  return k;
}

it('warm: a stored password refused on the re-login after a failover leaves the session online and the agent free to log in', async () => {
  const k = keychain('right');
  const log = new RecordingLogger();
  const r = await rig(
    { mode: 'warm', logoutOnDisconnectMs: 10, promoteDelayMs: 100, agents: [{ id: '1001', password: 'right' }] },
    { initialAgentState: { state: 'ready' }, ...k.hooks, logger: log },
  );
  await r.waitFor(online('a', (s) => s.agent.state === 'ready'), 'online on a, Ready');
  k.stored = 'changed-by-supervisor'; // the keychain holds a password the switch no longer takes
  const from = r.sent.length;
  r.sim.crash('a');
  const s = await r.waitFor(online('b', (x) => x.lastFailover !== null), 'online on b after the failover', 5000);
  expect(s.agent).toMatchObject({ state: 'logged-out', agentId: '1001', confidence: 'current', pending: null });
  expect(s.agent.loggedOutBySwitch).not.toBeNull(); // the switch lost the login with the server
  expect(s.lastError).toMatchObject({ code: 1705, retryable: false, server: 'b' });
  expect(s.lastFailover).toMatchObject({ from: 'a', to: 'b', restored: false, result: { outcome: 'failed', step: 'login', code: 1705 } });
  expect(r.snapshots.some((x) => x.phase === 'failed')).toBe(false);
  expect(k.rejected).toEqual(['1001']);
  expect(k.stored).toBeUndefined();
  expect(log.indexOf((l) => l.msg === 'automatic re-login refused: the agent logs in with the password they type' && l.fields['tried'] === 'stored')).toBeGreaterThanOrEqual(0);

  // Not retried: one refused login, and the session stays up.
  await sleep(600);
  expect(refusals(r, from)).toHaveLength(1);
  expect(r.session.snapshot()).toMatchObject({ phase: 'online', server: { name: 'b' }, agent: { state: 'logged-out' } });

  // Another failover before the agent logged in: nobody is logged in by the session.
  await r.sim.restart('a');
  r.sim.switchover();
  const moved = await r.waitFor(online('a', (x) => x.lastFailover?.to === 'a'), 'online on a after the switchover', 8000);
  expect(moved.agent).toMatchObject({ state: 'logged-out' });
  expect(refusals(r, from)).toHaveLength(1);
  expect(sentBy(r, 'a', 'EventAgentLogin', from)).toHaveLength(0);

  // The agent types the right password: logged in at once, and the refusal is gone.
  await expect(r.session.agentLogin('1001', 'right')).resolves.toEqual({ outcome: 'done' });
  const after = await r.waitFor(online('a', (x) => x.agent.state === 'not-ready'), 'logged in by the agent');
  expect(after.lastError).toBeNull();
  expect(after.agent.loggedOutBySwitch).toBeNull();
});

it('hot: a stored password refused on the first login keeps both legs up; the agent logs in with the one they type', async () => {
  const k = keychain('stale');
  const r = await rig({ mode: 'hot', agents: [{ id: '1001', password: 'right' }] }, { initialAgentState: { state: 'ready' }, ...k.hooks });
  const s = await r.waitFor(online('a', (x) => x.standby.ready && x.lastError !== null), 'online on a, login refused', 5000);
  expect(s.agent).toMatchObject({ state: 'logged-out', confidence: 'current' });
  expect(s.lastError).toMatchObject({ code: 1705, retryable: false, server: 'a' });
  expect(r.snapshots.some((x) => x.phase === 'failed')).toBe(false);
  expect(k.rejected).toEqual(['1001']);
  await sleep(400);
  expect(refusals(r)).toHaveLength(1);
  await expect(r.session.agentLogin('1001', 'right')).resolves.toEqual({ outcome: 'done' });
  const after = await r.waitFor(online('a', (x) => x.agent.state === 'not-ready'), 'logged in by the agent');
  expect(after.lastError).toBeNull();
});
