// The restore decisions (pure) and how a plan is run (fake requests).
import { describe, expect, it } from 'vitest';
import { executeRestore, planRestore } from '../../../app/main/tserver/session/agent-restorer.ts';
import type { RestoreIo } from '../../../app/main/tserver/session/agent-restorer.ts';
import type { AgentObserved, DesiredAgent } from '../../../app/main/tserver/session/agent-state.ts';
import { TServerError } from '../../../app/main/tserver/connection/index.ts';

const loggedOut: AgentObserved = { agentId: null, state: 'logged-out', reasonCode: null };
const sw = (state: AgentObserved['state'], reasonCode: string | null = null, agentId: string | null = '1001'): AgentObserved => ({ agentId, state, reasonCode });
const ready: DesiredAgent = { state: 'ready', agentId: '1001' };
const nr42: DesiredAgent = { state: 'not-ready', agentId: '1001', reasonCode: '42' };
const acw: DesiredAgent = { state: 'acw', agentId: '1001' };

describe('planRestore', () => {
  it('nothing wanted or nothing known: nothing to do', () => {
    expect(planRestore(null, sw('ready')).verdict).toBe('nothing');
    expect(planRestore({ state: 'logged-out' }, sw('ready')).steps).toEqual([]); // never logs anybody out
    expect(planRestore(ready, sw('unknown', null, null)).verdict).toBe('nothing');
  });

  it('switch lost the login: log in (straight into Ready when Ready was wanted)', () => {
    expect(planRestore(ready, loggedOut)).toEqual({ verdict: 'steps', relogin: true, steps: [{ kind: 'login', agentId: '1001', workMode: 1 }] });
  });

  it('switch lost the login: log in, then NotReady with the reason (aux work)', () => {
    expect(planRestore(nr42, loggedOut).steps).toEqual([
      { kind: 'login', agentId: '1001', workMode: undefined },
      { kind: 'not-ready', workMode: 4, reasonCode: '42' },
    ]);
    // A login already lands in NotReady without a reason.
    expect(planRestore({ state: 'not-ready', agentId: '1001', reasonCode: null }, loggedOut).steps).toEqual([{ kind: 'login', agentId: '1001', workMode: undefined }]);
  });

  it('switch lost the login during after-call work: log in and back to after-call work', () => {
    expect(planRestore(acw, loggedOut).steps).toEqual([
      { kind: 'login', agentId: '1001', workMode: undefined },
      { kind: 'not-ready', workMode: 3, reasonCode: null },
    ]);
  });

  it('never a duplicate login: logged in already means no login step', () => {
    for (const desired of [ready, nr42, acw]) {
      for (const now of [sw('ready'), sw('not-ready', '42'), sw('not-ready', '9'), sw('acw')]) {
        expect(planRestore(desired, now).steps.some((s) => s.kind === 'login')).toBe(false);
      }
    }
  });

  it('never forces Ready while the switch says after-call work', () => {
    expect(planRestore(ready, sw('acw'))).toEqual({ verdict: 'acw-kept', steps: [], relogin: false });
    expect(planRestore(nr42, sw('acw')).verdict).toBe('acw-kept');
  });

  it('restores Ready / NotReady(reason) as last had, only when different', () => {
    expect(planRestore(ready, sw('ready')).verdict).toBe('in-place');
    expect(planRestore(ready, sw('not-ready', '42')).steps).toEqual([{ kind: 'ready' }]);
    expect(planRestore(nr42, sw('not-ready', '42')).verdict).toBe('in-place');
    expect(planRestore(nr42, sw('not-ready', '7')).steps).toEqual([{ kind: 'not-ready', workMode: 4, reasonCode: '42' }]);
    expect(planRestore(nr42, sw('ready')).steps).toEqual([{ kind: 'not-ready', workMode: 4, reasonCode: '42' }]);
    // After-call work ended by the switch meanwhile: its word stands.
    expect(planRestore(acw, sw('ready')).verdict).toBe('in-place');
  });

  it('another agent on the DN: not touched', () => {
    expect(planRestore(ready, sw('ready', null, '1002'))).toEqual({ verdict: 'other-agent', steps: [], relogin: false });
  });
});

/** Records requests; fails the ones named in `fail`. */
function fakeIo(fail: Partial<Record<'login' | 'ready' | 'notReady', unknown>> = {}, password = 'pw') {
  const calls: string[] = [];
  const io: RestoreIo = {
    login: async (agentId, pw, workMode) => {
      calls.push(`login ${agentId} ${pw} ${workMode}`);
      if (fail.login) throw fail.login;
    },
    ready: async () => {
      calls.push('ready');
      if (fail.ready) throw fail.ready;
    },
    notReady: async (workMode, reasonCode) => {
      calls.push(`not-ready ${workMode} ${reasonCode}`);
      if (fail.notReady) throw fail.notReady;
    },
    password: async () => password,
  };
  return { io, calls };
}

const ctx = { server: 'b', initial: false };
const serverError = (code: number, retryable: boolean) => new TServerError('server', `ErrorCode ${code}`, code, retryable);

describe('executeRestore', () => {
  it('re-login then reason: both requests, in order, with the stored password; plain-words detail', async () => {
    const { io, calls } = fakeIo();
    const out = await executeRestore(planRestore(nr42, loggedOut), nr42, loggedOut, io, ctx);
    expect(calls).toEqual(['login 1001 pw undefined', 'not-ready 4 42']);
    expect(out).toEqual({ restored: true, detail: 'Agent 1001 logged back in; state restored: Not Ready (42).', error: null, pending: false, interrupted: false });
  });

  it('first session says "logged in", not "back in"', async () => {
    const { io } = fakeIo();
    const out = await executeRestore(planRestore(ready, loggedOut), ready, loggedOut, io, { server: 'a', initial: true });
    expect(out.detail).toBe('Agent 1001 logged in; state restored: Ready.');
  });

  it('nothing to do: no request, state named', async () => {
    const { io, calls } = fakeIo();
    expect(await executeRestore(planRestore(nr42, sw('not-ready', '42')), nr42, sw('not-ready', '42'), io, ctx)).toMatchObject({ restored: true, detail: 'Agent state restored: Not Ready (42).' });
    expect((await executeRestore(planRestore(ready, sw('acw')), ready, sw('acw'), io, ctx)).detail).toBe('Agent 1001 is in after-call work: left as the switch has it, not forced Ready.');
    expect(calls).toEqual([]);
  });

  it('bad agent password: not restored, not retryable, reason in plain words', async () => {
    const { io } = fakeIo({ login: serverError(1705, false) });
    const out = await executeRestore(planRestore(ready, loggedOut), ready, loggedOut, io, ctx);
    expect(out).toEqual({
      restored: false,
      detail: 'Could not log agent 1001 back in: password does not match.',
      error: { code: 1705, message: 'Could not log agent 1001 back in: password does not match.', retryable: false, server: 'b' },
      pending: false,
      interrupted: false,
    });
  });

  it('link down (109): pending, retryable, says it will be restored when the link is back', async () => {
    const { io } = fakeIo({ notReady: serverError(109, true) });
    const out = await executeRestore(planRestore(nr42, sw('ready')), nr42, sw('ready'), io, ctx);
    expect(out).toMatchObject({ restored: false, pending: true, error: { code: 109, retryable: true } });
    expect(out.detail).toContain('CTI link is down');
  });

  it('"in same state" (43) is no failure', async () => {
    const { io } = fakeIo({ ready: serverError(43, true) });
    expect(await executeRestore(planRestore(ready, sw('not-ready')), ready, sw('not-ready'), io, ctx)).toMatchObject({ restored: true, error: null });
  });

  it('connection lost mid-way: interrupted', async () => {
    const lost = new TServerError('disconnected', 'not connected to b', null, true);
    const { io } = fakeIo({ login: lost });
    expect(await executeRestore(planRestore(ready, loggedOut), ready, loggedOut, io, ctx)).toMatchObject({ restored: false, interrupted: true });
  });

  it('another agent on the DN: not restored, says who', async () => {
    const { io, calls } = fakeIo();
    const now = sw('ready', null, '1002');
    expect(await executeRestore(planRestore(ready, now), ready, now, io, ctx)).toMatchObject({
      restored: false,
      detail: 'Agent 1002 is logged in on this DN; agent 1001 was not logged back in.',
    });
    expect(calls).toEqual([]);
  });
});
