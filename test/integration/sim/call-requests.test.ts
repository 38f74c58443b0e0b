// The connection's call-request helpers (app/main/tserver/connection/call-requests.ts)
// against the simulator: each sends the request the simulator serves and waits for
// the reply the catalogue names. The `send` here is a raw client's, standing in for
// TServerConnection's request path.
import { describe, expect, it } from 'vitest';
import { answerCall, holdCall, makeCall, releaseCall, retrieveCall } from '../../../app/main/tserver/connection/call-requests.ts';
import type { RequestFn } from '../../../app/main/tserver/connection/call-requests.ts';
import { TServerError } from '../../../app/main/tserver/connection/index.ts';
import type { RawClient } from './raw-client.ts';
import { simPerTest } from './sim-per-test.ts';

const { start, connect } = simPerTest({ mode: 'hot' });

/** Sends through the raw client; resolves with the reply when it is one `replies` allows, rejects with the EventError otherwise. */
function sender(c: RawClient, log: string[]): RequestFn {
  return async (name, attrs, replies, what) => {
    log.push(`${name} ${what}`);
    const ref = c.request(name, attrs);
    const reply = await c.next();
    expect(reply.attributes.ReferenceID).toBe(ref);
    if (!replies.includes(reply.name)) throw new Error(`${what}: ${reply.name} ${String(reply.attributes.ErrorCode ?? '')}`);
    return reply;
  };
}

describe('call-request helpers', () => {
  it('make, answer, hold, retrieve and release a call with the replies the catalogue names', async () => {
    const s = await start();
    const c = await connect(s.servers.a.port);
    await c.open();
    for (const dn of ['5001', '5002']) {
      c.request('RequestRegisterAddress', { ThisDN: dn });
      await c.next('EventRegistered');
    }
    const log: string[] = [];
    const send = sender(c, log);
    const dialing = await makeCall(send, '5001', '5002', [['Topic', 'help']]);
    expect(dialing).toMatchObject({ name: 'EventDialing', attributes: { ThisDN: '5001', OtherDN: '5002', UserData: [['Topic', 'help']] } });
    const connId = dialing.attributes.ConnID as string;
    expect((await c.next()).name).toBe('EventRinging'); // 5002's copy
    expect((await answerCall(send, '5002', connId)).name).toBe('EventEstablished');
    expect((await c.next()).attributes.ThisDN).toBe('5001'); // the caller is connected too
    expect((await holdCall(send, '5001', connId)).name).toBe('EventHeld');
    expect((await retrieveCall(send, '5001', connId)).name).toBe('EventRetrieved');
    expect((await releaseCall(send, '5001', connId)).name).toBe('EventReleased');
    expect(await c.next()).toMatchObject({ name: 'EventReleased', attributes: { ThisDN: '5002' } });
    expect(log).toEqual([
      'RequestMakeCall MakeCall 5002 from 5001',
      `RequestAnswerCall AnswerCall ${connId} on 5002`,
      `RequestHoldCall HoldCall ${connId} on 5001`,
      `RequestRetrieveCall RetrieveCall ${connId} on 5001`,
      `RequestReleaseCall ReleaseCall ${connId} on 5001`,
    ]);
    await expect(releaseCall(send, '5001', connId)).rejects.toThrow(/EventError 56/);
  });

  it('refuse a request without a ConnID or a number before anything is sent', async () => {
    const sent: string[] = [];
    const send: RequestFn = (name) => {
      sent.push(name);
      return Promise.reject(new Error('not reached'));
    };
    for (const attempt of [answerCall(send, '5001', ''), holdCall(send, '5001', undefined as unknown as string), makeCall(send, '5001', '')]) {
      await expect(attempt).rejects.toSatisfy((e: unknown) => e instanceof TServerError && e.kind === 'bad-request' && !e.retryable);
    }
    expect(sent).toEqual([]);
  });
});
