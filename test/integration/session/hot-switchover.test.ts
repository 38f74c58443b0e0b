import { afterEach, expect, it } from 'vitest';
import { closeRigs, online, rig, sentBy } from './harness.ts';

afterEach(closeRigs);

it('hot: manual switchover → EventPrimaryChanged, session on b, no re-registration, a stays as ready standby', async () => {
  const r = await rig({ mode: 'hot' }, { initialAgentState: { state: 'not-ready', reasonCode: '42' } });
  await r.waitFor(online('a', (s) => s.standby.ready && s.agent.state === 'not-ready'), 'online on a, not ready');
  const sentBefore = r.sent.length;
  const from = r.events.length;
  r.sim.switchover();
  const s = await r.waitFor(online('b', (x) => x.lastFailover !== null), 'online on b after switchover');
  expect(s).toMatchObject({
    server: { name: 'b', role: 'primary' },
    standby: { name: 'a', ready: true },
    agent: { dn: '5001', agentId: '1001', state: 'not-ready', reasonCode: '42' },
    lastFailover: { from: 'a', to: 'b', restored: true, result: { outcome: 'restored', state: 'not-ready', reasonCode: '42' } },
  });
  const changed = r.events.slice(from).filter((e) => e.event === 'EventPrimaryChanged');
  expect(changed).toHaveLength(1);
  expect(changed[0]).toMatchObject({ server: 'b', attributes: { ServerRole: 'primary', previous: 'a' } });
  // No re-registration and no new session anywhere; the state was only queried.
  expect(sentBy(r, 'a', 'EventRegistered', sentBefore)).toHaveLength(0);
  expect(sentBy(r, 'b', 'EventRegistered', sentBefore)).toHaveLength(0);
  expect(sentBy(r, 'b', 'EventAddressInfo', sentBefore)).toHaveLength(1);
  expect(r.opens('a') + r.opens('b')).toBe(2);
});
