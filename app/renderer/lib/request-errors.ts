// What a rejected request says: its code, whether it says anything at all about the
// outcome, and the catalogue's words for it (shared by the store and the preview shim).
// The error's own message came from main or the server: it goes to Details, never to the agent.
import { describeError, describeTransport } from './messages.ts';
import { NO_REPLY } from './no-reply.ts';

export { NO_REPLY };

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const NO_REPLY_KINDS: ReadonlySet<string> = new Set(Object.values(NO_REPLY));
const TSERVER_TIMEOUT = 57;

/**
 * A rejection that says nothing about whether the request happened: no reply over the
 * transport, or the T-Server's own timeout (57). Never shown as "failed".
 */
export function isNoReply(err: unknown): boolean {
  const kind = kindOf(err);
  return (kind !== null && NO_REPLY_KINDS.has(kind)) || errorCodeOf(err) === TSERVER_TIMEOUT;
}

/** The contract's kind of failure (`failed`, `timeout`, `invalid-payload`…: REQUEST_ERROR_KINDS), as the bridge's ToolbarRequestError carries it. */
export function kindOf(err: unknown): string | null {
  const kind = (err as { kind?: unknown } | null)?.kind;
  return typeof kind === 'string' ? kind : null;
}

/** The T-Library error code of a refused request (a number in the structured error), if the switch gave one. */
export function errorCodeOf(err: unknown): number | null {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' && Number.isInteger(code) ? code : null;
}

/** Plain words for a refusal: the switch's code in the catalogue's words, else the transport's. */
export function refusalWords(err: unknown): string {
  const code = errorCodeOf(err);
  return code !== null ? describeError(code).text : describeTransport(kindOf(err) ?? 'failed');
}
