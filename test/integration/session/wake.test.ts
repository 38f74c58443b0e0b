// Issue 15: sleep, wake and clock steps. In-process: the "sleep" is the network to a
// server vanishing (a proxy that drops every byte, no FIN, no RST) while ADDP is long
// enough not to notice, then the host's wake hint. The core's drift detector is off
// here (the tests give the hint themselves); it is unit-tested on a fake clock.
import { afterEach, expect, it } from 'vitest';
import type { ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';
import { closeRigs, online, rig } from './harness.ts';

afterEach(closeRigs);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const WAKE = { addpTimeoutMs: 10_000, addpRemoteTimeoutMs: 0, detectDrift: false, wakeProbeMs: 1000 } as const;
const onDead = (s: ConnectivitySnapshot) => s.phase === 'online' && s.server?.name === 'a';

for (const mode of ['warm', 'hot'] as const) {
  it(`${mode}: the primary's network vanished during a sleep → not online on the dead session within 1.5 s of the wake, online again within 5 s of its return`, async () => {
    const r = await rig({ mode, promoteDelayMs: 60_000 }, WAKE, ['a', 'b'], ['a']);
    await r.waitFor(online('a', (s) => s.agent.confidence === 'current' && (mode === 'warm' || s.standby.ready)), 'online on a');
    r.networks.a?.drop();
    await sleep(300); // asleep: nothing reaches either side, ADDP (10 s) has not noticed
    const woke = Date.now();
    expect(r.session.wake('resume')).toBe(true);
    const checking = r.session.snapshot();
    expect(checking).toMatchObject({ phase: 'checking', silence: { server: 'a' }, agent: { confidence: 'last-known' } });
    await r.waitFor((s) => !onDead(s) && s.phase !== 'checking', 'no longer online on the dead session', 1500);
    expect(Date.now() - woke).toBeLessThan(1500);
    await sleep(1000);
    r.networks.a?.restore();
    const back = Date.now();
    await r.waitFor(online('a', (s) => s.agent.confidence === 'current'), 'online again on a', 5000);
    expect(Date.now() - back).toBeLessThan(5000);
  });

  it(`${mode}: a sleep with the network intact costs no reconnect, only a brief checking`, async () => {
    const r = await rig({ mode }, WAKE, ['a', 'b'], ['a']);
    await r.waitFor(online('a', (s) => s.agent.confidence === 'current' && (mode === 'warm' || s.standby.ready)), 'online on a');
    const from = r.snapshots.length;
    expect(r.session.wake('resume')).toBe(true);
    // More hints for the same wake are one wake.
    expect(r.session.wake('unlock-screen')).toBe(false);
    await r.waitFor(online('a', (s) => s.agent.confidence === 'current' && s.seq > r.snapshots[from - 1]!.seq), 'online, state read again', 1500);
    expect(r.snapshots.slice(from).map((s) => s.phase).filter((p) => p !== 'online' && p !== 'checking')).toEqual([]);
    expect(r.events.filter((e) => e.event === 'EventServerDisconnected')).toHaveLength(0);
  });

  it(`${mode}: the switch logged the agent out during the sleep → no snapshot after the wake shows the pre-sleep state as current`, async () => {
    const r = await rig({ mode }, { ...WAKE, initialAgentState: { state: 'not-ready', reasonCode: '42' } }, ['a', 'b'], ['a', 'b']);
    await r.waitFor(online('a', (s) => s.agent.reasonCode === '42' && s.agent.confidence === 'current' && (mode === 'warm' || s.standby.ready)), 'online, Not Ready (42)');
    r.networks.a?.drop();
    r.networks.b?.drop();
    r.sim.setAgentState('1001', { state: 'logged-out' });
    await sleep(200);
    r.networks.a?.restore();
    r.networks.b?.restore();
    const from = r.snapshots.length;
    const onSwitch = (): string => r.sim.state().agents.find((a) => a.id === '1001')?.state ?? 'logged-out';
    const lies: string[] = [];
    r.session.onSnapshot((s) => {
      if (s.agent.confidence === 'current' && s.agent.state !== onSwitch()) lies.push(`#${s.seq} ${s.phase} ${s.agent.state} while the switch says ${onSwitch()}`);
    });
    r.session.wake('resume');
    expect(r.session.snapshot().agent.confidence).toBe('last-known');
    await r.waitFor((s) => s.seq > (r.snapshots[from - 1]?.seq ?? 0) && s.phase === 'online' && s.agent.confidence === 'current', 'current again', 5000);
    expect(lies).toEqual([]);
  });
}

for (const mode of ['warm', 'hot'] as const) {
  it(`${mode}: both servers down during the sleep and back after the wake → online within 2 s of the first accepting again`, async () => {
    // Waits at half their ceilings, so the bound does not depend on luck: ≤ 750 ms apart after the wake.
    const r = await rig({ mode }, { ...WAKE, random: () => 0.5, reconnect: { initialDelayMs: 1000, multiplier: 1.6, maxDelayMs: 4000, firstDelayMaxMs: 100, connectTimeoutMs: 1000, minConnectTimeoutMs: 100, healthySessionMs: 0 } });
    await r.waitFor(online('a', (s) => mode === 'warm' || s.standby.ready), 'online on a');
    r.sim.crash('a');
    r.sim.crash('b');
    await r.waitFor((s) => s.phase === 'offline', 'offline');
    await sleep(3000); // the loops are into their backoff
    r.session.wake('resume');
    await sleep(4000); // the servers come back a while after the wake
    await r.sim.restart('a');
    const back = Date.now();
    await r.waitFor(online('a', (s) => s.agent.confidence === 'current'), 'online on a', 4000);
    expect(Date.now() - back).toBeLessThan(2000);
  });
}

it('warm: after a wake the endpoint that carried the session is redialled first, at once, with the backoff reset', async () => {
  const r = await rig({ mode: 'warm', promoteDelayMs: 60_000 }, { ...WAKE, reconnect: { initialDelayMs: 2000, multiplier: 1.6, maxDelayMs: 4000, firstDelayMaxMs: 100, connectTimeoutMs: 500, minConnectTimeoutMs: 100, healthySessionMs: 0 } }, ['a', 'b'], ['a']);
  await r.waitFor(online('a'), 'online on a');
  r.networks.a?.drop();
  r.session.wake('resume');
  // The probe fails after 1 s; the redial goes to a again (not to the backup, which would refuse).
  const redial = await r.waitFor((s) => s.phase !== 'online' && s.phase !== 'checking' && s.nextServer !== null, 'redialling', 2500);
  expect(redial.nextServer).toBe('a');
  r.networks.a?.restore();
  const t = Date.now();
  await r.waitFor(online('a'), 'online on a again', 3000);
  // With the 2 s first backoff step a failure would have cost, the wake's reset shows: the
  // second attempt comes after at most the first step, not later.
  expect(Date.now() - t).toBeLessThan(3000);
});

for (const step of [-120_000, 120_000]) {
  it(`the wall clock stepped ${step > 0 ? '+' : ''}${step / 1000} s: a hang is still detected within 2 × ADDP + 100 ms, and Reconnect now acts at once`, async () => {
    let offset = 0;
    const clock = { now: () => Date.now() + offset, monotonic: () => performance.now(), setTimeout: (fn: () => void, ms: number) => setTimeout(fn, ms), clearTimeout: (h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>) };
    const r = await rig(
      { mode: 'warm', promoteDelayMs: 60_000 },
      { addpTimeoutMs: 300, detectDrift: false, clock, reconnect: { initialDelayMs: 20_000, multiplier: 1.6, maxDelayMs: 30_000, firstDelayMaxMs: 0, connectTimeoutMs: 500, minConnectTimeoutMs: 100, healthySessionMs: 0 } },
      ['a'],
    );
    await r.waitFor(online('a'), 'online on a');
    r.sim.crash('b'); // a single server: nobody is promoted while a hangs
    offset = step; // NTP corrects the wall clock
    const hungAt = performance.now();
    r.sim.hang('a');
    await r.waitForEvent((e) => e.event === 'EventServerDisconnected' && e.server === 'a', 'hang detected', 2000);
    expect(performance.now() - hungAt).toBeLessThan(2 * 300 + 100);
    // The server goes away for good; the loop's first redial fails and it waits a long backoff (≈ 20 s).
    r.sim.crash('a');
    await r.waitFor((s) => s.nextAttemptAt !== null && s.attempt >= 2, 'waiting a long backoff', 3000);
    await r.sim.restart('a');
    // The agent's Reconnect now is not blocked by the step (the throttle runs on the monotonic clock).
    expect(r.session.checkNow('user')).toBe(true);
    await r.waitFor(online('a'), 'online again at once', 1500);
  });
}

it('a wake on a connection without ADDP (nothing to probe) asks the switch, so the state does not stay last known', async () => {
  const r = await rig({ mode: 'warm' }, { addpTimeoutMs: 0, addpRemoteTimeoutMs: 0, detectDrift: false });
  await r.waitFor(online('a', (s) => s.agent.confidence === 'current'), 'online on a');
  const from = r.session.snapshot().seq;
  expect(r.session.wake('resume')).toBe(true);
  await r.waitFor((s) => s.seq > from && s.phase === 'online' && s.agent.confidence === 'current', 'current again', 1500);
});
