import { afterEach, expect, it } from 'vitest';
import { closeRigs, online, rig, sentBy } from './harness.ts';

afterEach(closeRigs);

it('hot: primary crash → moves to b without re-registering, EventPrimaryChanged, a reconnected as backup when back', async () => {
  const r = await rig({ mode: 'hot' });
  await r.waitFor(online('a', (s) => s.standby.ready && s.agent.state === 'ready'), 'online on a, standby b ready');
  const registeredOnB = sentBy(r, 'b', 'EventRegistered').length;
  const from = r.events.length;
  r.sim.crash('a');
  const s = await r.waitFor(online('b', (x) => x.lastFailover?.to === 'b'), 'online on b');
  expect(s).toMatchObject({ server: { name: 'b', role: 'primary' }, link: 'up', standby: { name: 'a', ready: false }, agent: { state: 'ready' } });
  expect(s.lastFailover).toMatchObject({ from: 'a', to: 'b', restored: true, result: { outcome: 'restored', state: 'ready' } });
  const changed = await r.waitForEvent((e) => e.event === 'EventPrimaryChanged', 'EventPrimaryChanged', 1000, from);
  expect(changed).toMatchObject({ server: 'b', attributes: { ServerRole: 'primary', previous: 'a' } });
  expect(sentBy(r, 'b', 'EventRegistered').length).toBe(registeredOnB);
  expect(r.opens('b')).toBe(1);

  await r.sim.restart('a');
  const back = await r.waitFor(online('b', (x) => x.standby.ready), 'a back as standby');
  expect(back.standby).toEqual({ name: 'a', ready: true });
  expect(r.sim.servers.a.role).toBe('backup');
});
