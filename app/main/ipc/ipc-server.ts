// Host-neutral IPC server: one contract (app/shared/ipc-contract.ts), served by
// Electron's ipcMain transport and by the preview host's WebSocket transport.
// Transports authenticate the sender; this validates names and payloads and
// never executes an invalid call.
import { isRequestName, parseRequestArgs } from '../../shared/ipc-contract.ts';
import type { IpcReply, PushName, PushPayload, RequestArgs, RequestName, RequestResult } from '../../shared/ipc-contract.ts';

export type RequestHandlers = { [N in RequestName]: (...args: RequestArgs<N>) => Promise<RequestResult<N>> };

export interface IncomingRequest {
  /** Request name without the channel prefix. */
  name: string;
  args: unknown;
  /** Transport's verdict on the sender (our frame, top level, our origin). */
  senderOk: boolean;
  /** For the log: where it came from. */
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

export class IpcServer {
  constructor(
    private readonly handlers: RequestHandlers,
    private readonly log: IpcLogger,
  ) {}

  attach(transport: IpcTransport): void {
    transport.serve((request) => this.handle(request));
  }

  async handle(request: IncomingRequest): Promise<IpcReply<unknown>> {
    if (!request.senderOk) {
      this.log.warn({ channel: request.name, sender: request.senderDescription }, 'IPC call from an untrusted sender rejected');
      return { ok: false, error: { code: 'forbidden-sender', message: 'request rejected: unknown sender' } };
    }
    if (!isRequestName(request.name)) {
      this.log.warn({ channel: request.name, sender: request.senderDescription }, 'IPC call to an unknown channel rejected');
      return { ok: false, error: { code: 'unknown-request', message: `unknown request ${JSON.stringify(request.name)}` } };
    }
    const parsed = parseRequestArgs(request.name, request.args);
    if (!parsed.ok) {
      this.log.warn({ channel: request.name, sender: request.senderDescription, problem: parsed.message }, 'IPC payload rejected');
      return { ok: false, error: { code: 'invalid-payload', message: parsed.message } };
    }
    try {
      const handler = this.handlers[request.name] as (...args: unknown[]) => Promise<unknown>;
      return { ok: true, value: await handler(...(parsed.args as unknown[])) };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const code = typeof (err as { code?: unknown }).code === 'number' ? `tserver-${(err as { code: number }).code}` : 'failed';
      return { ok: false, error: { code, message } };
    }
  }
}
