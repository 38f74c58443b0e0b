// Turns whatever a dial rejected with into the snapshot's ErrorInfo: the
// session's one converter (error-info.ts), with words for a dial that gave none.
import type { ErrorInfo } from '../../../../shared/connectivity.ts';
import { errorInfoOf } from '../error-info.ts';

export function dialErrorInfo(error: unknown, server: string): ErrorInfo {
  return errorInfoOf(error, server, 'connection attempt failed');
}

/** The loop's own verdict when a dial neither resolved nor rejected in time. */
export class DialDidNotSettleError extends Error {
  override readonly name = 'DialDidNotSettleError';
  readonly retryable = true;
  readonly code = null;
  constructor(server: string, waitedMs: number) {
    super(`no answer from ${server} within ${waitedMs} ms`);
  }
}
