import { afterEach, expect, it } from 'vitest';
import { closeRigs, online, rig } from './harness.ts';

afterEach(closeRigs);

it('warm: primary crash → EventServerDisconnected, then online on b with the agent still Ready', async () => {
  const r = await rig({ mode: 'warm' });
  await r.waitFor(online('a', (s) => s.agent.state === 'ready'), 'online on a, ready');
  const from = r.events.length;
  r.sim.crash('a');
  const lost = await r.waitForEvent((e) => e.event === 'EventServerDisconnected' && e.server === 'a', 'a lost', 2000, from);
  expect(lost.attributes.Extensions).toMatchObject({ reason: 'rst' });
  const s = await r.waitFor(online('b', (x) => x.agent.state === 'ready'), 'online on b');
  expect(s).toMatchObject({ server: { name: 'b', role: 'primary' }, link: 'up', lastError: null, agent: { dn: '5001', agentId: '1001', state: 'ready' } });
  expect(s.lastFailover).toMatchObject({ from: 'a', to: 'b', restored: true });
  expect(r.sim.state().agents.find((x) => x.id === '1001')?.state).toBe('ready');
  // The loss was announced before any reconnect snapshot; seq strictly increasing throughout.
  for (let i = 1; i < r.snapshots.length; i++) expect(r.snapshots[i]!.seq).toBeGreaterThan(r.snapshots[i - 1]!.seq);
  expect(r.snapshots.some((x) => x.phase === 'reconnecting')).toBe(true);
});
