// The error base every agent request rejects with. It lives below the connection
// and the session: the connection's TServerError extends it, the session throws
// it, and the hosts show it, so neither core layer imports the other for it
// (docs/architecture.md §1).

/** An error the agent can be shown: T-Library ErrorCode when there is one. */
export class SessionRequestError extends Error {
  override readonly name = 'SessionRequestError';
  constructor(
    message: string,
    readonly code: number | null = null,
    readonly retryable = true,
  ) {
    super(message);
  }
}
