// A dial function the test settles by hand, counting dials in flight.
export interface DialCall {
  endpoint: string;
  attempt: number;
  connectTimeoutMs: number;
  signal: AbortSignal;
  resolve(): void;
  reject(error: unknown): void;
  settled: boolean;
}

export class FakeDialer {
  readonly calls: DialCall[] = [];
  /** Dials started and neither settled nor aborted: the single-flight invariant says ≤ 1. */
  maxInFlight = 0;

  get inFlight(): number {
    return this.calls.filter((c) => !c.settled && !c.signal.aborted).length;
  }

  get last(): DialCall {
    const call = this.calls.at(-1);
    if (!call) throw new Error('no dial yet');
    return call;
  }

  get endpoints(): string[] {
    return this.calls.map((c) => c.endpoint);
  }

  dial = (endpoint: string, attempt: number, connectTimeoutMs: number, signal: AbortSignal): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const call: DialCall = {
        endpoint,
        attempt,
        connectTimeoutMs,
        signal,
        settled: false,
        resolve: () => {
          call.settled = true;
          resolve();
        },
        reject: (error) => {
          call.settled = true;
          reject(error);
        },
      };
      this.calls.push(call);
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    });
}

export const refused = (): Error & { retryable: boolean } => Object.assign(new Error('ECONNREFUSED'), { retryable: true });
export const badPassword = (): Error & { retryable: boolean; code: number } =>
  Object.assign(new Error('password does not match'), { retryable: false, code: 1705 });
