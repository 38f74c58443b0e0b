// SessionOutput: ordering under re-entrant publishes, broken listeners, close.
import { describe, expect, it } from 'vitest';
import { SessionOutput } from '../../../app/main/tserver/session/event-stream.ts';
import { buildSnapshotBody } from '../../../app/main/tserver/session/snapshot-builder.ts';
import type { SessionFacts } from '../../../app/main/tserver/session/snapshot-builder.ts';

function facts(attempt: number): SessionFacts {
  return {
    mode: 'warm',
    endpoints: ['a', 'b'],
    fatal: null,
    active: null,
    standbyReady: false,
    everOnline: true,
    allFailedThisOutage: false,
    loop: { attempt, nextAttemptAt: null, nextServer: 'a' },
    dialError: null,
    restoreError: null,
    dn: '5001',
    agentId: null,
    agent: { agentId: null, state: 'unknown', reasonCode: null },
    silentSince: null,
    agentTruth: { confidence: 'last-known', asOf: null, pending: null, changedWhileAway: null, loggedOutBySwitch: null },
    lastFailover: null,
    calls: [],
    callsEndedUnheard: [],
    callsIncomplete: false,
  };
}

describe('SessionOutput', () => {
  it('a listener that changes state while being told: every listener sees every seq once, in order', () => {
    let attempt = 1;
    const out = new SessionOutput(() => buildSnapshotBody(facts(attempt)), () => 0);
    const first: number[] = [];
    const second: number[] = [];
    out.onSnapshot((s) => {
      first.push(s.seq);
      if (attempt < 3) {
        attempt += 1;
        out.publish();
      }
    });
    out.onSnapshot((s) => second.push(s.seq));
    attempt = 2;
    out.publish();
    expect(first).toEqual([1, 2]);
    expect(second).toEqual([1, 2]);
    expect(out.current()).toMatchObject({ seq: 2, attempt: 3 });
  });

  it('throwing listeners are reported and the others still hear; nothing after close', () => {
    let attempt = 1;
    const errors: string[] = [];
    const out = new SessionOutput(() => buildSnapshotBody(facts(attempt)), () => 0, (what, err) => errors.push(`${what}: ${(err as Error).message}`));
    const heard: string[] = [];
    out.onSnapshot(() => {
      throw new Error('boom');
    });
    out.onSnapshot((s) => heard.push(`snapshot ${s.seq}`));
    out.onEvent(() => {
      throw new Error('bang');
    });
    out.onEvent((e) => heard.push(`event ${e.event}`));
    attempt = 2;
    out.publish();
    out.emit({ t: 0, event: 'EventLinkConnected', server: 'a', attributes: {} });
    expect(heard).toEqual(['snapshot 1', 'event EventLinkConnected']);
    expect(errors).toEqual(['snapshot: boom', 'event: bang']);
    out.close();
    attempt = 3;
    out.publish();
    out.emit({ t: 0, event: 'EventLinkDisconnected', server: 'a', attributes: {} });
    expect(heard).toHaveLength(2);
  });
});
