// What a rejected request says: its code, whether it says anything at all about the
// outcome, and the catalogue's words for it (shared by the store and the preview shim).
// The error's own message came from main or the server: it goes to Details, never to the agent.
import { describeError, describeTransport } from './messages.ts';
import { NO_REPLY } from './no-reply.ts';

export { NO_REPLY };

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const NO_REPLY_CODES: ReadonlySet<string> = new Set(Object.values(NO_REPLY));
const TSERVER_TIMEOUT = 57;

/**
 * A rejection that says nothing about whether the request happened: no reply over the
 * transport, or the T-Server's own timeout (57). Never shown as "failed".
 */
export function isNoReply(err: unknown): boolean {
  const kind = kindOf(err);
  return (kind !== null && NO_REPLY_CODES.has(kind)) || errorCodeOf(err) === TSERVER_TIMEOUT;
}

/** The contract's kind of failure (`failed`, `timeout`, `invalid-payload`…); older replies carried it as a string `code`. */
export function kindOf(err: unknown): string | null {
  const e = err as { kind?: unknown; code?: unknown } | null;
  if (typeof e?.kind === 'string') return e.kind;
  return typeof e?.code === 'string' && !/^tserver-/.test(e.code) ? e.code : null;
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

/** Plain words for a refusal: the switch's code in the catalogue's words, else the transport's. */
export function refusalWords(err: unknown): string {
  const code = errorCodeOf(err);
  return code !== null ? describeError(code).text : describeTransport(kindOf(err) ?? 'failed');
}
