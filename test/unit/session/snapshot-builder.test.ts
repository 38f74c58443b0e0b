// Snapshot facts → ConnectivitySnapshot (pure), and the publisher's numbering and dedupe.
import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { ConnectivitySnapshotSchema } from '../../../app/shared/connectivity.ts';
import { SnapshotPublisher, buildSnapshotBody, phaseOf } from '../../../app/main/tserver/session/snapshot-builder.ts';
import type { SessionFacts } from '../../../app/main/tserver/session/snapshot-builder.ts';

const facts = (over: Partial<SessionFacts> = {}): SessionFacts => ({
  mode: 'hot',
  endpoints: ['a', 'b'],
  fatal: null,
  active: null,
  standbyReady: false,
  everOnline: false,
  allFailedThisOutage: false,
  loop: null,
  dialError: null,
  restoreError: null,
  dn: '5001',
  agentId: '1001',
  agent: { agentId: null, state: 'unknown', reasonCode: null },
  silentSince: null,
  agentTruth: { confidence: 'current', asOf: 100, pending: null, changedWhileAway: null, loggedOutBySwitch: null },
  lastFailover: null,
  calls: [],
  callsEndedUnheard: [],
  callsIncomplete: false,
  ...over,
});
const up = { name: 'a', role: 'primary' as const, link: { up: true } };
const err = (code: number, retryable: boolean) => ({ code, message: `E${code}`, retryable, server: 'a' });

describe('phaseOf', () => {
  it.each([
    ['connecting', facts()],
    ['offline', facts({ allFailedThisOutage: true })],
    ['reconnecting', facts({ everOnline: true })],
    ['offline', facts({ everOnline: true, allFailedThisOutage: true })],
    ['online', facts({ active: up })],
    ['checking', facts({ active: up, silentSince: 50 })],
    ['checking', facts({ active: { ...up, link: { up: false } }, silentSince: 50 })],
    ['link-down', facts({ active: { ...up, link: { up: false, errorCode: 109, errorMessage: 'down' } } })],
    ['failed', facts({ active: up, fatal: err(119, false) })],
  ] as const)('%s', (phase, f) => expect(phaseOf(f)).toBe(phase));
});

describe('buildSnapshotBody', () => {
  it('online hot: server, link, standby, agent from the switch; no loop shown', () => {
    const body = buildSnapshotBody(
      facts({ active: up, standbyReady: true, everOnline: true, agent: { agentId: '1001', state: 'not-ready', reasonCode: '42' }, loop: { attempt: 3, nextAttemptAt: 5, nextServer: 'b' }, dialError: err(58, true) }),
    );
    expect(body).toEqual({
      mode: 'hot',
      phase: 'online',
      server: { name: 'a', role: 'primary' },
      link: 'up',
      linkError: null,
      silence: null,
      standby: { name: 'b', ready: true },
      attempt: 0,
      nextAttemptAt: null,
      nextServer: null,
      lastError: null,
      agent: {
        dn: '5001',
        agentId: '1001',
        state: 'not-ready',
        reasonCode: '42',
        confidence: 'current',
        asOf: 100,
        pending: null,
        changedWhileAway: null,
        loggedOutBySwitch: null,
      },
      lastFailover: null,
      calls: [],
      callsEndedUnheard: [],
      callsIncomplete: false,
    });
  });

  it('calls are shown as heard only while online; otherwise last known and not controllable', () => {
    const call = { connId: 'c1', state: 'established' as const, otherDN: '+15551234567', direction: 'inbound' as const, since: 5, confidence: 'current' as const, controllable: true, pending: null };
    expect(buildSnapshotBody(facts({ active: up, calls: [call] })).calls).toEqual([call]);
    const down = buildSnapshotBody(facts({ active: { ...up, link: { up: false } }, calls: [call] }));
    expect(down.calls).toEqual([{ ...call, confidence: 'last-known', controllable: false }]);
    expect(buildSnapshotBody(facts({ everOnline: true, calls: [call] })).calls[0]).toMatchObject({ confidence: 'last-known', controllable: false });
  });

  it('checking: the silent server named, agent state only last known', () => {
    const body = buildSnapshotBody(facts({ active: up, silentSince: 40, agent: { agentId: '1001', state: 'ready', reasonCode: null } }));
    expect(body).toMatchObject({ phase: 'checking', server: { name: 'a' }, silence: { server: 'a', since: 40 } });
    expect(body.agent).toMatchObject({ state: 'ready', confidence: 'last-known' });
  });

  it('link down: linkError from the link event', () => {
    const body = buildSnapshotBody(facts({ active: { ...up, link: { up: false, errorCode: 109, errorMessage: 'CTI link lost' } } }));
    expect(body).toMatchObject({ phase: 'link-down', link: 'down', linkError: { code: 109, message: 'CTI link lost' } });
  });

  it('reconnecting: no server, agent last known, loop and dial error shown', () => {
    const body = buildSnapshotBody(facts({ everOnline: true, agent: { agentId: '1001', state: 'ready', reasonCode: null }, loop: { attempt: 2, nextAttemptAt: 1234, nextServer: 'b' }, dialError: err(58, true) }));
    expect(body).toMatchObject({ phase: 'reconnecting', server: null, link: 'unknown', standby: { name: null, ready: false }, attempt: 2, nextAttemptAt: 1234, nextServer: 'b', lastError: err(58, true) });
    expect(body.agent).toMatchObject({ dn: '5001', agentId: '1001', state: 'ready', reasonCode: null, confidence: 'last-known' });
  });

  it('warm standby is never ready', () => {
    expect(buildSnapshotBody(facts({ mode: 'warm', active: up, standbyReady: true })).standby).toEqual({ name: 'b', ready: false });
  });

  it('failed: the fatal error, no loop, no server', () => {
    const body = buildSnapshotBody(facts({ fatal: err(119, false), loop: { attempt: 1, nextAttemptAt: 9, nextServer: 'a' }, active: up }));
    expect(body).toMatchObject({ phase: 'failed', server: null, attempt: 0, nextAttemptAt: null, lastError: { code: 119, retryable: false } });
  });

  it('restore problem shown while online; the reason code only with a not-ready state', () => {
    const body = buildSnapshotBody(facts({ active: up, restoreError: err(109, true), agent: { agentId: '1001', state: 'ready', reasonCode: '42' } }));
    expect(body.lastError).toEqual(err(109, true));
    expect(body.agent.reasonCode).toBeNull();
  });

  it('always valid against the shared schema', () => {
    for (const f of [facts(), facts({ active: up }), facts({ fatal: err(1705, false) }), facts({ everOnline: true, allFailedThisOutage: true, loop: { attempt: 4, nextAttemptAt: 1, nextServer: 'a' } })]) {
      expect(v.safeParse(ConnectivitySnapshotSchema, { seq: 1, t: 2, ...buildSnapshotBody(f) }).success).toBe(true);
    }
  });
});

describe('SnapshotPublisher', () => {
  it('numbers snapshots strictly increasing, stamps t, drops identical consecutive ones', () => {
    let now = 100;
    const p = new SnapshotPublisher(buildSnapshotBody(facts()), () => now);
    expect(p.current()).toMatchObject({ seq: 0, t: 100, phase: 'connecting' });
    now = 150;
    expect(p.offer(buildSnapshotBody(facts()))).toBeNull();
    const online = p.offer(buildSnapshotBody(facts({ active: up })));
    expect(online).toMatchObject({ seq: 1, t: 150, phase: 'online' });
    now = 200;
    expect(p.offer(buildSnapshotBody(facts({ active: up })))).toBeNull();
    expect(p.offer(buildSnapshotBody(facts({ everOnline: true })))).toMatchObject({ seq: 2, t: 200, phase: 'reconnecting' });
    expect(p.current().seq).toBe(2);
  });
});
