// The agent's requests on the session (docs/architecture.md §3.6): what counts
// as done, and the error when there is no session to send them on.
import { ErrorCodes } from '../protocol/index.ts';
import { SessionRequestError } from './api.ts';

const NOT_CONNECTED = 'Not connected to a T-Server';

/** Asking for the state the agent is already in is no failure. */
export async function sameStateIsDone(request: Promise<unknown>): Promise<void> {
  try {
    await request;
  } catch (err) {
    if ((err as { code?: unknown }).code === ErrorCodes.InSameState) return;
    throw err;
  }
}

/** No silent queue: a request without a session fails at once, saying why. */
export function notConnectedError(fatalMessage: string | null, started: boolean): SessionRequestError {
  const why = fatalMessage !== null ? `: ${fatalMessage}` : started ? '; the toolbar is reconnecting.' : '; the session has not started.';
  return new SessionRequestError(`${NOT_CONNECTED}${why}`, null, fatalMessage === null);
}

/**
 * The request was sent but no answer came: it timed out, or the connection ended
 * while it waited. The server may have executed it (or may still): its outcome is
 * unknown, never a failure (DESIGN.md §4).
 */
export function isUnknownOutcome(error: unknown): boolean {
  const kind = typeof error === 'object' && error !== null ? (error as Record<string, unknown>)['kind'] : undefined;
  return kind === 'timeout' || kind === 'disconnected';
}
