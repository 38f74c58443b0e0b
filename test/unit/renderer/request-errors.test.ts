import { describe, expect, it } from 'vitest';
import { errorCodeOf, isNoReply, kindOf, NO_REPLY, refusalWords } from '../../../app/renderer/lib/request-errors.ts';

describe('what a rejected request says about its outcome', () => {
  // What the bridge builds from a reply's data (app/renderer/lib/bridge.ts): kind, numeric code, retryable, server.
  const info = (kind: string, code: number | null) => Object.assign(new Error('x'), { kind, code, retryable: true, server: null });

  it('counts no reply (transport timeout, closed connection) and the T-Server timeout as unknown, not failed', () => {
    expect(isNoReply(info(NO_REPLY.timeout, null))).toBe(true);
    expect(isNoReply(info(NO_REPLY.disconnected, null))).toBe(true);
    expect(isNoReply(info('failed', 57))).toBe(true);
  });

  it('counts a refusal as a failure', () => {
    expect(isNoReply(info('failed', 109))).toBe(false);
    expect(isNoReply(info('invalid-payload', null))).toBe(false);
    expect(isNoReply(new Error('boom'))).toBe(false);
    expect(isNoReply(null)).toBe(false);
  });

  it('reads the numeric T-Library code and nothing else: no string is parsed for one', () => {
    expect(errorCodeOf(info('failed', 1705))).toBe(1705);
    expect(errorCodeOf({ code: 119 })).toBe(119);
    expect(errorCodeOf(info('invalid-payload', null))).toBeNull();
    expect(errorCodeOf(Object.assign(new Error('x'), { code: 'tserver-1705' }))).toBeNull();
    expect(errorCodeOf(null)).toBeNull();
    expect(errorCodeOf('boom')).toBeNull();
    expect(kindOf(info('rate-limited', null))).toBe('rate-limited');
    expect(kindOf(new Error('boom'))).toBeNull();
  });

  it("words a refusal from its code and kind, never from main's message", () => {
    expect(refusalWords(info('failed', 1705))).toBe('Password not accepted. Try again, or ask your supervisor to reset it.');
    expect(refusalWords(info('failed', 999))).toBe('The phone system reported a problem. Details show what it said.');
    expect(refusalWords(info('invalid-payload', null))).toMatch(/^The toolbar could not send that request\./);
    expect(refusalWords(info('rate-limited', null))).toMatch(/^The toolbar got too many requests/);
    expect(refusalWords(Object.assign(new Error('Not connected to a T-Server; the toolbar is reconnecting.'), { kind: 'failed', code: null }))).toBe('The toolbar could not do that just now. Try again in a moment.');
    expect(refusalWords(new Error('boom'))).toBe('The toolbar could not do that just now. Try again in a moment.');
  });
});
