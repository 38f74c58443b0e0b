import { describe, expect, it } from 'vitest';
import { PendingRequests } from '../../../app/main/tserver/connection/pending-requests.ts';
import { TServerError } from '../../../app/main/tserver/connection/errors.ts';
import { makeMessage } from '../../../app/main/tserver/protocol/index.ts';
import { FakeClock } from './fake-clock.ts';

describe('PendingRequests', () => {
  it('resolves the request whose ReferenceID the reply carries', async () => {
    const clock = new FakeClock();
    const p = new PendingRequests(clock);
    const id1 = p.nextId();
    const r1 = p.add(id1, 'one', ['EventRegistered'], 1000);
    const id2 = p.nextId();
    const r2 = p.add(id2, 'two', ['EventRegistered'], 1000);
    expect(id1).not.toBe(id2);
    expect(p.settle(makeMessage('EventRegistered', { ThisDN: '5002', ReferenceID: id2 }))).toBe(true);
    expect((await r2).attributes.ThisDN).toBe('5002');
    expect(p.size).toBe(1);
    expect(p.settle(makeMessage('EventRegistered', { ThisDN: '5001', ReferenceID: id1 }))).toBe(true);
    expect((await r1).attributes.ThisDN).toBe('5001');
    expect(clock.pendingTimers).toBe(0);
  });

  it('ignores events without a matching ReferenceID or of another kind', () => {
    const p = new PendingRequests(new FakeClock());
    const id = p.nextId();
    void p.add(id, 'reg', ['EventRegistered'], 1000);
    expect(p.settle(makeMessage('EventLinkConnected', { TimeinSecs: 1 }))).toBe(false);
    expect(p.settle(makeMessage('EventRegistered', { ThisDN: '1', ReferenceID: id + 1 }))).toBe(false);
    expect(p.settle(makeMessage('EventAgentReady', { ThisDN: '1', ReferenceID: id }))).toBe(false);
    expect(p.size).toBe(1);
  });

  it('rejects on EventError with its ErrorCode, ErrorMessage and retryable', async () => {
    const p = new PendingRequests(new FakeClock());
    const a = p.nextId();
    const ra = p.add(a, 'RegisterAddress 9999', ['EventRegistered'], 1000);
    const b = p.nextId();
    const rb = p.add(b, 'AgentReady', ['EventAgentReady'], 1000);
    p.settle(makeMessage('EventError', { ErrorCode: 123, ErrorMessage: 'DN does not exist', ReferenceID: a }));
    p.settle(makeMessage('EventError', { ErrorCode: 109, ErrorMessage: 'link down', ReferenceID: b }));
    await expect(ra).rejects.toMatchObject({ kind: 'server', code: 123, retryable: false, message: expect.stringContaining('DN does not exist') });
    await expect(rb).rejects.toMatchObject({ kind: 'server', code: 109, retryable: true });
  });

  it('times out one request with code 57 and leaves the others alone', async () => {
    const clock = new FakeClock();
    const p = new PendingRequests(clock);
    const slow = p.add(p.nextId(), 'slow', ['EventServerInfo'], 100);
    const id = p.nextId();
    const other = p.add(id, 'other', ['EventServerInfo'], 1000);
    clock.advance(100);
    await expect(slow).rejects.toMatchObject({ kind: 'timeout', code: 57, retryable: true });
    expect(p.size).toBe(1);
    p.settle(makeMessage('EventServerInfo', { ReferenceID: id }));
    await expect(other).resolves.toMatchObject({ name: 'EventServerInfo' });
  });

  it('rejectAll fails every request at once and clears their timers', async () => {
    const clock = new FakeClock();
    const p = new PendingRequests(clock);
    const rs = [1, 2, 3].map(() => p.add(p.nextId(), 'x', ['EventRegistered'], 1000));
    p.rejectAll((what) => new TServerError('disconnected', `${what} gone`, null, true));
    for (const r of rs) await expect(r).rejects.toMatchObject({ kind: 'disconnected', message: 'x gone' });
    expect(p.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('ReferenceIDs stay positive int32 and skip ids still in flight after wrapping', () => {
    const p = new PendingRequests(new FakeClock());
    const first = p.nextId();
    void p.add(first, 'held', ['EventRegistered'], 1000);
    (p as unknown as { lastId: number }).lastId = 0x7fffffff - 1;
    expect(p.nextId()).toBe(0x7fffffff);
    expect(p.nextId()).toBe(first + 1);
  });
});
