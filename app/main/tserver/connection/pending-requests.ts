// Request/reply correlation by ReferenceID, each request bounded by its own
// timeout. A timed-out request is failed alone; the connection stays up. A
// request about a DN is answered only by a reply about that DN (`wrongDn`).
import type { TMessage } from '../protocol/index.ts';
import type { Clock, TimerHandle } from './clock.ts';
import { serverError, timeoutError } from './errors.ts';
import type { TServerError } from './errors.ts';

interface Pending {
  what: string;
  /** Reply event names that settle this request (EventError always does). */
  replies: readonly string[];
  /** The DN the request is about (its reply must carry it as ThisDN), or null. */
  dn: string | null;
  resolve: (reply: TMessage) => void;
  reject: (err: TServerError) => void;
  timer: TimerHandle;
}

const MAX_REFERENCE_ID = 0x7fffffff;

export class PendingRequests {
  private readonly pending = new Map<number, Pending>();
  private lastId = 0;

  constructor(private readonly clock: Clock) {}

  get size(): number {
    return this.pending.size;
  }

  /** Next ReferenceID: positive int32, unique among the requests in flight. */
  nextId(): number {
    do {
      this.lastId = this.lastId >= MAX_REFERENCE_ID ? 1 : this.lastId + 1;
    } while (this.pending.has(this.lastId));
    return this.lastId;
  }

  /** Registers a request under `id`; the promise settles on its reply, EventError, timeout or rejectAll. */
  add(id: number, what: string, replies: readonly string[], timeoutMs: number, dn: string | null = null): Promise<TMessage> {
    return new Promise<TMessage>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.pending.delete(id);
        reject(timeoutError(what, timeoutMs));
      }, timeoutMs);
      this.pending.set(id, { what, replies, dn, resolve, reject, timer });
    });
  }

  /**
   * When `message` carries the ReferenceID of a request about a DN (its reply, or an
   * EventError that names a DN) but another ThisDN, says so in plain words; else null.
   * A server that answers for the wrong DN is broken: the connection ends it.
   */
  wrongDn(message: TMessage): string | null {
    const id = message.attributes.ReferenceID;
    if (typeof id !== 'number') return null;
    const p = this.pending.get(id);
    if (!p || p.dn === null) return null;
    const answers = message.name === 'EventError' || p.replies.includes(message.name);
    const dn = message.attributes.ThisDN;
    if (!answers || dn === undefined || dn === p.dn) return null;
    // EventRegistered & co. always carry ThisDN (the decoder checks); EventError may omit it.
    return `${message.name} for DN ${JSON.stringify(dn)} answers ${p.what} (ReferenceID ${id})`;
  }

  /** Settles the request this message answers; returns false when it answers none. */
  settle(message: TMessage): boolean {
    const id = message.attributes.ReferenceID;
    if (typeof id !== 'number') return false;
    const p = this.pending.get(id);
    if (!p) return false;
    if (message.name === 'EventError') {
      const code = message.attributes.ErrorCode as number;
      const text = message.attributes.ErrorMessage;
      this.finish(id, p);
      p.reject(serverError(code, typeof text === 'string' ? text : undefined, p.what));
      return true;
    }
    if (!p.replies.includes(message.name)) return false;
    this.finish(id, p);
    p.resolve(message);
    return true;
  }

  /** Fails one request (e.g. it could not be written). */
  fail(id: number, err: TServerError): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.finish(id, p);
    p.reject(err);
  }

  /** Fails every request in flight at once (the connection ended). */
  rejectAll(makeError: (what: string) => TServerError): void {
    const all = [...this.pending.entries()];
    for (const [id, p] of all) this.finish(id, p);
    for (const [, p] of all) p.reject(makeError(p.what));
  }

  private finish(id: number, p: Pending): void {
    this.clock.clearTimeout(p.timer);
    this.pending.delete(id);
  }
}
