// The one converter from whatever a request or a dial rejected with to the
// snapshot's ErrorInfo. Only an explicit `retryable: false` stops the session:
// an unknown failure is treated as a network problem worth retrying.
import type { ErrorInfo } from '../../../shared/connectivity.ts';

export function errorInfoOf(error: unknown, server: string, fallbackMessage = 'request failed'): ErrorInfo {
  const e = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const message =
    typeof e['message'] === 'string' && e['message'] !== ''
      ? e['message']
      : typeof error === 'string' && error !== ''
        ? error
        : fallbackMessage;
  const code = typeof e['code'] === 'number' && Number.isFinite(e['code']) ? e['code'] : null;
  const retryable = e['retryable'] !== false;
  return { code, message, retryable, server };
}

/** The connection ended while the request was waiting for its answer. */
export function isDisconnect(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as Record<string, unknown>)['kind'] === 'disconnected';
}
