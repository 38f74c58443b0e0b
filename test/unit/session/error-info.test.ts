import { describe, expect, it } from 'vitest';
import { errorInfoOf, isDisconnect } from '../../../app/main/tserver/session/error-info.ts';

describe('errorInfoOf: the one unknown-error → ErrorInfo converter', () => {
  it('keeps a T-Library error as it is', () => {
    const e = Object.assign(new Error('password does not match'), { code: 1705, retryable: false });
    expect(errorInfoOf(e, 'a')).toEqual({ code: 1705, message: 'password does not match', retryable: false, server: 'a' });
  });

  it('only an explicit retryable:false is not retryable', () => {
    expect(errorInfoOf(new Error('ECONNRESET'), 'b').retryable).toBe(true);
    expect(errorInfoOf({ retryable: 'no' }, 'b').retryable).toBe(true);
    expect(errorInfoOf(null, 'b').retryable).toBe(true);
  });

  it('a code that is not a finite number is no code', () => {
    expect(errorInfoOf({ code: 'ECONNREFUSED', message: 'refused' }, 'b').code).toBeNull();
    expect(errorInfoOf({ code: Number.NaN, message: 'x' }, 'b').code).toBeNull();
  });

  it('says something even when the error does not', () => {
    expect(errorInfoOf('boom', 'b').message).toBe('boom');
    expect(errorInfoOf(new Error(''), 'b').message).toBe('request failed');
    expect(errorInfoOf(undefined, 'b', 'connection attempt failed').message).toBe('connection attempt failed');
  });

  it('isDisconnect: only a connection that ended', () => {
    expect(isDisconnect({ kind: 'disconnected' })).toBe(true);
    expect(isDisconnect({ kind: 'timeout' })).toBe(false);
    expect(isDisconnect('disconnected')).toBe(false);
  });
});
