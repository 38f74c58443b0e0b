import { describe, expect, it } from 'vitest';
import { errorCodeOf, isNoReply, NO_REPLY, refusalWords } from '../../../app/renderer/lib/request-errors.ts';

describe('what a rejected request says about its outcome', () => {
  const err = (code: unknown) => Object.assign(new Error('x'), { code });

  it('counts no reply (transport timeout, closed connection) and the T-Server timeout as unknown, not failed', () => {
    expect(isNoReply(err(NO_REPLY.timeout))).toBe(true);
    expect(isNoReply(err(NO_REPLY.disconnected))).toBe(true);
    expect(isNoReply(err('tserver-57'))).toBe(true);
  });

  it('counts a refusal as a failure', () => {
    expect(isNoReply(err('tserver-109'))).toBe(false);
    expect(isNoReply(err('invalid-payload'))).toBe(false);
    expect(isNoReply(new Error('boom'))).toBe(false);
    expect(isNoReply(null)).toBe(false);
  });

  it('reads T-Library codes from IPC errors', () => {
    expect(errorCodeOf(err('tserver-1705'))).toBe(1705);
    expect(errorCodeOf({ code: 119 })).toBe(119);
    expect(errorCodeOf(err('invalid-payload'))).toBeNull();
    expect(errorCodeOf(null)).toBeNull();
    expect(errorCodeOf('boom')).toBeNull();
  });

  it('reads the contract\'s structured errors: kind, and the numeric T-Library code', () => {
    const info = (kind: string, code: number | null) => Object.assign(new Error('x'), { kind, code, retryable: true, server: null });
    expect(isNoReply(info('timeout', null))).toBe(true);
    expect(isNoReply(info('disconnected', null))).toBe(true);
    expect(isNoReply(info('failed', 57))).toBe(true);
    expect(isNoReply(info('failed', 109))).toBe(false);
    expect(errorCodeOf(info('failed', 1705))).toBe(1705);
    expect(refusalWords(info('failed', 1705))).toBe('Password not accepted. Try again, or ask your supervisor to reset it.');
    expect(refusalWords(info('rate-limited', null))).toMatch(/^The toolbar got too many requests/);
    expect(refusalWords(info('failed', null))).toBe('The toolbar could not do that just now. Try again in a moment.');
  });

  it("words a refusal from its code, never from main's message", () => {
    expect(refusalWords(err('tserver-1705'))).toBe('Password not accepted. Try again, or ask your supervisor to reset it.');
    expect(refusalWords(err('tserver-999'))).toBe('The phone system reported a problem. Details show what it said.');
    expect(refusalWords(err('invalid-payload'))).toMatch(/^The toolbar could not send that request\./);
    expect(refusalWords(Object.assign(new Error('Not connected to a T-Server; the toolbar is reconnecting.'), { code: 'failed' }))).toBe('The toolbar could not do that just now. Try again in a moment.');
    expect(refusalWords(new Error('boom'))).toBe('The toolbar could not do that just now. Try again in a moment.');
  });
});
