// Typed errors of one T-Server connection. They extend SessionRequestError so
// the HA session can hand them to the UI unchanged (code + retryable).
import { ErrorCodes, NOT_RETRYABLE_ERRORS } from '../protocol/index.ts';
import { SessionRequestError } from '../request-error.ts';

/** Why a connection ended; carried by the client-generated EventServerDisconnected. */
export const DISCONNECT_REASONS = [
  'fin',
  'rst',
  'addp-timeout',
  'protocol-error',
  'connect-timeout',
  'refused',
  'closed-by-client',
  'server-error',
] as const;
export type DisconnectReason = (typeof DISCONNECT_REASONS)[number];

export interface DisconnectInfo {
  reason: DisconnectReason;
  /** Plain words for logs and the Details view. */
  detail: string;
}

/**
 * - `server`: the T-Server answered EventError (code = its ErrorCode);
 * - `timeout`: no reply in time (code 57), the connection stays up;
 * - `disconnected`: the connection is not (or no longer) open;
 * - `bad-request`: the request could not be encoded (bad argument), nothing was sent.
 */
export type TServerErrorKind = 'server' | 'timeout' | 'disconnected' | 'bad-request';

export class TServerError extends SessionRequestError {
  constructor(
    readonly kind: TServerErrorKind,
    message: string,
    code: number | null,
    retryable: boolean,
    /** Set when the error comes from (or is) the end of the connection. */
    readonly disconnect: DisconnectInfo | null = null,
  ) {
    super(message, code, retryable);
  }
}

export const isRetryableCode = (code: number): boolean => !NOT_RETRYABLE_ERRORS.has(code);

export function serverError(code: number, errorMessage: string | undefined, what: string): TServerError {
  const text = errorMessage ? `${what}: ${errorMessage} (ErrorCode ${code})` : `${what}: ErrorCode ${code}`;
  return new TServerError('server', text, code, isRetryableCode(code));
}

export function timeoutError(what: string, ms: number): TServerError {
  return new TServerError('timeout', `${what}: no reply within ${ms} ms`, ErrorCodes.Timeout, true);
}

export function disconnectedError(server: string, info: DisconnectInfo, what: string): TServerError {
  return new TServerError('disconnected', `${what}: not connected to ${server} (${info.reason}: ${info.detail})`, null, true, info);
}
