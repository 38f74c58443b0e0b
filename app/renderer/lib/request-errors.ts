// What a rejected request says: its message, its T-Library code, and whether it
// says anything at all about the outcome (shared by the store and the preview shim).

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Transport codes for "no reply came" (the preview shim's): the request may still have happened. */
export const NO_REPLY = { timeout: 'timeout', disconnected: 'disconnected' } as const;
const NO_REPLY_CODES: ReadonlySet<string> = new Set(Object.values(NO_REPLY));
const TSERVER_TIMEOUT = 57;

/**
 * A rejection that says nothing about whether the request happened: no reply over the
 * transport, or the T-Server's own timeout (57). Never shown as "failed".
 */
export function isNoReply(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return (typeof code === 'string' && NO_REPLY_CODES.has(code)) || errorCodeOf(err) === TSERVER_TIMEOUT;
}

/** The T-Library error code in a failed request, if any (IPC codes look like `tserver-1705`). */
export function errorCodeOf(err: unknown): number | null {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'number' && Number.isInteger(code)) return code;
  if (typeof code === 'string') {
    const m = /^tserver-(\d+)$/.exec(code);
    if (m) return Number(m[1]);
  }
  return null;
}
