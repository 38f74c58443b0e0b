// A tiny client built on the protocol codec: just enough to drive the simulator
// byte-for-byte in tests (the real client lives in app/main/tserver).
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';
import type { ConnectionOptions } from 'node:tls';
import { FrameDecoder, encodeMessage, makeMessage } from '../../../app/main/tserver/protocol/index.ts';
import type { Attributes, MessageName, ProtocolError, TMessage } from '../../../app/main/tserver/protocol/index.ts';

export interface CloseInfo {
  /** Error code seen before close (ECONNRESET for an RST), null for a clean FIN. */
  errorCode: string | null;
}

export class RawClient {
  private readonly decoder = new FrameDecoder();
  private readonly inbox: TMessage[] = [];
  private waiters: Array<() => void> = [];
  private nextRef = 1;
  private errorCode: string | null = null;
  decodeError: ProtocolError | null = null;
  readonly closed: Promise<CloseInfo>;
  isClosed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      const { messages, error } = this.decoder.push(chunk);
      this.inbox.push(...messages);
      if (error) this.decodeError = error;
      this.wake();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.errorCode = err.code ?? err.message;
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', () => {
        this.isClosed = true;
        resolve({ errorCode: this.errorCode });
        this.wake();
      });
    });
  }

  /** With `tls`, resolves once the TLS handshake is done (and rejects with its error). */
  static connect(port: number, host = '127.0.0.1', tls?: ConnectionOptions): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const ready = () => {
        socket.off('error', reject);
        resolve(new RawClient(socket));
      };
      const socket = tls ? connectTls({ port, host, ...tls }, ready) : connect({ port, host }, ready);
      socket.once('error', reject);
    });
  }

  send(name: MessageName, attributes: Attributes = {}): void {
    this.socket.write(encodeMessage(makeMessage(name, attributes)));
  }

  /** Sends a request with a fresh ReferenceID; returns it. */
  request(name: MessageName, attributes: Attributes = {}): number {
    const ref = this.nextRef++;
    this.send(name, { ...attributes, ReferenceID: ref });
    return ref;
  }

  /** RegisterClient and its reply. */
  async open(attributes: Attributes = {}): Promise<TMessage> {
    this.request('RequestRegisterClient', { ApplicationName: 'test', ...attributes });
    return this.next();
  }

  /** The next message (optionally the next with that name, skipping others and ADDP frames). */
  async next(name?: string, timeoutMs = 2000): Promise<TMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const i = this.inbox.findIndex((m) => (name ? m.name === name : m.name !== 'AddpPing'));
      if (i >= 0) return this.inbox.splice(i, 1)[0]!;
      if (this.isClosed) throw new Error(`connection closed while waiting for ${name ?? 'a message'}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${name ?? 'a message'}; inbox: ${this.inbox.map((m) => m.name).join(', ')}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Resolves true when nothing (but ADDP) arrives for `ms`. */
  async silentFor(ms: number): Promise<boolean> {
    await new Promise((r) => setTimeout(r, ms));
    return this.inbox.filter((m) => m.name !== 'AddpPing').length === 0;
  }

  pending(): TMessage[] {
    return [...this.inbox];
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

/** Polls until `check` is true (for state that changes on the simulator's side). */
export async function until(check: () => boolean, timeoutMs = 2000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
