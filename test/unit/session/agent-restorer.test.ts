// The restore decisions (pure) and how a plan is run (fake requests).
import { describe, expect, it } from 'vitest';
import { executeRestore, planRestore } from '../../../app/main/tserver/session/agent-restorer.ts';
import type { RestoreIo } from '../../../app/main/tserver/session/agent-restorer.ts';
import type { AgentObserved, DesiredAgent } from '../../../app/main/tserver/session/agent-state.ts';
import { TServerError } from '../../../app/main/tserver/connection/index.ts';
import { RESTORE_OUTCOMES, RestoreResultSchema } from '../../../app/shared/connectivity.ts';
import * as v from 'valibot';

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
  it('re-login then reason: both requests, in order, with the stored password; the outcome as facts', async () => {
    const { io, calls } = fakeIo();
    const out = await executeRestore(planRestore(nr42, loggedOut), nr42, loggedOut, io, ctx);
    expect(calls).toEqual(['login 1001 pw undefined', 'not-ready 4 42']);
    expect(out).toEqual({ restored: true, result: { outcome: 'relogged-in', agentId: '1001', state: 'not-ready', reasonCode: '42' }, error: null, pending: false, interrupted: false });
  });

  it('a first session logs in the same way (the window words it; the core only says relogged-in)', async () => {
    const { io } = fakeIo();
    const out = await executeRestore(planRestore(ready, loggedOut), ready, loggedOut, io, { server: 'a', initial: true });
    expect(out.result).toEqual({ outcome: 'relogged-in', agentId: '1001', state: 'ready', reasonCode: null });
  });

  it('nothing to do: no request, the state as the switch has it', async () => {
    const { io, calls } = fakeIo();
    expect(await executeRestore(planRestore(nr42, sw('not-ready', '42')), nr42, sw('not-ready', '42'), io, ctx)).toMatchObject({
      restored: true,
      result: { outcome: 'restored', agentId: '1001', state: 'not-ready', reasonCode: '42' },
    });
    expect((await executeRestore(planRestore(ready, sw('acw')), ready, sw('acw'), io, ctx)).result).toEqual({ outcome: 'acw-kept', agentId: '1001', state: 'acw', reasonCode: null });
    expect((await executeRestore(planRestore(null, loggedOut), null, loggedOut, io, ctx)).result).toEqual({ outcome: 'no-agent' });
    expect((await executeRestore(planRestore(null, sw('ready')), null, sw('ready'), io, ctx)).result).toEqual({ outcome: 'restored', agentId: '1001', state: 'ready', reasonCode: null });
    expect(calls).toEqual([]);
  });

  it('bad agent password: not restored, not retryable; the refused step and code, the server words for Details', async () => {
    const { io } = fakeIo({ login: serverError(1705, false) });
    const out = await executeRestore(planRestore(ready, loggedOut), ready, loggedOut, io, ctx);
    expect(out).toEqual({
      restored: false,
      result: { outcome: 'failed', agentId: '1001', state: 'ready', reasonCode: null, step: 'login', loggedIn: false, code: 1705 },
      error: { code: 1705, message: 'AgentLogin: ErrorCode 1705', retryable: false, server: 'b' },
      pending: false,
      interrupted: false,
    });
  });

  it('logged back in but the reason refused: says the login happened', async () => {
    const { io } = fakeIo({ notReady: serverError(999, true) });
    const out = await executeRestore(planRestore(nr42, loggedOut), nr42, loggedOut, io, ctx);
    expect(out.result).toEqual({ outcome: 'failed', agentId: '1001', state: 'not-ready', reasonCode: '42', step: 'state', loggedIn: true, code: 999 });
    expect(out.error).toMatchObject({ code: 999, message: 'AgentNotReady: ErrorCode 999', retryable: true });
  });

  it('link down (109): pending, retryable, deferred until the link is back', async () => {
    const { io } = fakeIo({ notReady: serverError(109, true) });
    const out = await executeRestore(planRestore(nr42, sw('ready')), nr42, sw('ready'), io, ctx);
    expect(out).toMatchObject({ restored: false, pending: true, error: { code: 109, retryable: true } });
    expect(out.result).toEqual({ outcome: 'deferred-link-down', agentId: '1001', state: 'not-ready', reasonCode: '42' });
  });

  it('"in same state" (43) is no failure', async () => {
    const { io } = fakeIo({ ready: serverError(43, true) });
    expect(await executeRestore(planRestore(ready, sw('not-ready')), ready, sw('not-ready'), io, ctx)).toMatchObject({ restored: true, error: null, result: { outcome: 'restored', state: 'ready' } });
  });

  it('connection lost mid-way: interrupted', async () => {
    const lost = new TServerError('disconnected', 'not connected to b', null, true);
    const { io } = fakeIo({ login: lost });
    expect(await executeRestore(planRestore(ready, loggedOut), ready, loggedOut, io, ctx)).toMatchObject({ restored: false, interrupted: true });
  });

  it('another agent on the DN: not restored, says who (as ids)', async () => {
    const { io, calls } = fakeIo();
    const now = sw('ready', null, '1002');
    expect(await executeRestore(planRestore(ready, now), ready, now, io, ctx)).toMatchObject({
      restored: false,
      result: { outcome: 'other-agent', agentId: '1001', otherAgentId: '1002' },
    });
    expect(calls).toEqual([]);
  });

  it('every outcome it reports is one the contract knows (the window has words for each)', async () => {
    const seen = new Set<string>();
    const cases: [DesiredAgent | null, AgentObserved, Parameters<typeof fakeIo>[0]][] = [
      [null, loggedOut, {}],
      [ready, sw('ready'), {}],
      [ready, loggedOut, {}],
      [ready, sw('acw'), {}],
      [ready, sw('ready', null, '1002'), {}],
      [ready, loggedOut, { login: serverError(1705, false) }],
      [nr42, sw('ready'), { notReady: serverError(109, true) }],
    ];
    for (const [desired, now, fail] of cases) {
      const out = await executeRestore(planRestore(desired, now), desired, now, fakeIo(fail).io, ctx);
      expect(v.safeParse(RestoreResultSchema, out.result).success).toBe(true);
      seen.add(out.result.outcome);
    }
    expect([...seen].sort()).toEqual([...RESTORE_OUTCOMES].sort());
  });
});
