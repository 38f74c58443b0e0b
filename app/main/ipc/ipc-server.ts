// Host-neutral IPC server: one contract (app/shared/ipc-contract.ts), served by
// Electron's ipcMain transport and by the preview host's WebSocket transport.
// Transports authenticate the sender; this limits each sender's request rate,
// validates names and payloads and never executes an invalid call.
import { isRequestName, parseRequestArgs, requestError } from '../../shared/ipc-contract.ts';
import type { IpcReply, PushName, PushPayload, RequestArgs, RequestErrorInfo, RequestName, RequestResult } from '../../shared/ipc-contract.ts';
import { DEFAULT_RATE_LIMITS, MAX_TRACKED_SENDERS, SenderRateLimiter, refusalMessage } from './rate-limit.ts';
import type { RateLimits } from './rate-limit.ts';

export type RequestHandlers = { [N in RequestName]: (...args: RequestArgs<N>) => Promise<RequestResult<N>> };

export interface IncomingRequest {
  /** Request name without the channel prefix. */
  name: string;
  args: unknown;
  /** Transport's verdict on the sender (our frame, top level, our origin). */
  senderOk: boolean;
  /**
   * Where it came from, for the log — and the key of the sender's rate limit, so
   * each transport makes it one per sender (`window 7`, `websocket client 3`).
   */
  senderDescription: string;
}

export interface IpcTransport {
  /** Registers the single handler for every request the transport receives. */
  serve(handler: (request: IncomingRequest) => Promise<IpcReply<unknown>>): void;
  push<N extends PushName>(name: N, payload: PushPayload<N>): void;
}

export interface IpcLogger {
  warn(obj: Record<string, unknown>, msg: string): void;
}

export interface IpcServerOptions {
  /** Per-sender request rates (rate-limit.ts for the defaults and why). */
  rateLimits?: RateLimits;
  /** Monotonic ms; tests drive it. */
  now?: () => number;
  /** Removes known secrets from a refusal's words (a server may echo a password in its ErrorMessage). */
  scrub?: (text: string) => string;
}

/** Refused requests are logged at most this often per sender, with how many were refused meanwhile. */
const REFUSAL_LOG_INTERVAL_MS = 1000;

export class IpcServer {
  private readonly limiter: SenderRateLimiter;
  private readonly now: () => number;
  private readonly scrub: (text: string) => string;
  /** Per sender: refusals not yet logged and when the last line was written (bounded with the limiter's senders). */
  private readonly refusalLog = new Map<string, { unlogged: number; loggedAt: number }>();

  constructor(
    private readonly handlers: RequestHandlers,
    private readonly log: IpcLogger,
    options: IpcServerOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.scrub = options.scrub ?? ((text) => text);
    this.limiter = new SenderRateLimiter(options.rateLimits ?? DEFAULT_RATE_LIMITS, this.now);
  }

  attach(transport: IpcTransport): void {
    transport.serve((request) => this.handle(request));
  }

  async handle(request: IncomingRequest): Promise<IpcReply<unknown>> {
    // First, so a flood of anything (bad names and payloads included) is bounded, and so is its log.
    const refusal = this.limiter.check(request.senderDescription, request.name);
    if (refusal) {
      this.noteRefusal(request);
      return { ok: false, error: requestError('rate-limited', refusalMessage(isRequestName(request.name) ? request.name : 'request', refusal)) };
    }
    if (!request.senderOk) {
      this.log.warn({ channel: request.name, sender: request.senderDescription }, 'IPC call from an untrusted sender rejected');
      return { ok: false, error: requestError('forbidden-sender', 'request rejected: unknown sender', { retryable: false }) };
    }
    if (!isRequestName(request.name)) {
      this.log.warn({ channel: request.name, sender: request.senderDescription }, 'IPC call to an unknown channel rejected');
      return { ok: false, error: requestError('unknown-request', `unknown request ${JSON.stringify(request.name.slice(0, 64))}`, { retryable: false }) };
    }
    const parsed = parseRequestArgs(request.name, request.args);
    if (!parsed.ok) {
      this.log.warn({ channel: request.name, sender: request.senderDescription, problem: parsed.message }, 'IPC payload rejected');
      return { ok: false, error: requestError('invalid-payload', parsed.message, { retryable: false }) };
    }
    try {
      const handler = this.handlers[request.name] as (...args: unknown[]) => Promise<unknown>;
      return { ok: true, value: await handler(...(parsed.args as unknown[])) };
    } catch (err) {
      const error = failedRequestError(err);
      return { ok: false, error: { ...error, message: this.scrub(error.message) } };
    }
  }

  private noteRefusal(request: IncomingRequest): void {
    const now = this.now();
    const sender = request.senderDescription;
    let entry = this.refusalLog.get(sender);
    if (!entry) {
      // As many entries as the limiter tracks senders: drop the oldest beyond that.
      if (this.refusalLog.size >= MAX_TRACKED_SENDERS) this.refusalLog.delete(this.refusalLog.keys().next().value!);
      entry = { unlogged: 0, loggedAt: -Infinity };
      this.refusalLog.set(sender, entry);
    }
    entry.unlogged++;
    if (now - entry.loggedAt < REFUSAL_LOG_INTERVAL_MS) return;
    this.log.warn({ sender, channel: request.name.slice(0, 64), refused: entry.unlogged }, 'IPC requests refused: rate limit');
    entry.unlogged = 0;
    entry.loggedAt = now;
  }
}

/**
 * A handler's rejection as data (kind `failed`): the T-Library ErrorCode when the error
 * carries a numeric `code` (SessionRequestError, TServerError), whether retrying can help
 * (only an explicit `retryable: false` says no), and the server it came from when known.
 * Nothing else of the error crosses: no stack, no other property.
 */
export function failedRequestError(err: unknown): RequestErrorInfo {
  const e = typeof err === 'object' && err !== null ? (err as Record<string, unknown>) : {};
  const message = typeof e['message'] === 'string' && e['message'] !== '' ? e['message'] : typeof err === 'string' && err !== '' ? err : 'request failed';
  const code = typeof e['code'] === 'number' && Number.isInteger(e['code']) ? e['code'] : null;
  const server = typeof e['server'] === 'string' ? e['server'] : null;
  return { kind: 'failed', code, message, retryable: e['retryable'] !== false, server };
}
