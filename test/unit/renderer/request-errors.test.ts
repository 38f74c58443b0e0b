import { describe, expect, it } from 'vitest';
import { errorCodeOf, isNoReply, NO_REPLY } from '../../../app/renderer/lib/request-errors.ts';

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
});
