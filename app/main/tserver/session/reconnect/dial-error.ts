// Turns whatever a dial rejected with into the snapshot's ErrorInfo.
// Only an explicit `retryable: false` stops the loop: an unknown failure is
// treated as a network problem worth retrying, never as a reason to give up.
import type { ErrorInfo } from '../../../../shared/connectivity.ts';

export function dialErrorInfo(error: unknown, server: string): ErrorInfo {
  const e = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const message =
    typeof e['message'] === 'string' && e['message'] !== ''
      ? e['message']
      : typeof error === 'string' && error !== ''
        ? error
        : 'connection attempt failed';
  const code = typeof e['code'] === 'number' && Number.isFinite(e['code']) ? e['code'] : null;
  const retryable = e['retryable'] !== false;
  return { code, message, retryable, server };
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
