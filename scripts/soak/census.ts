// Live objects by constructor and live functions (closures) by name, counted by
// the V8 inspector's Runtime.queryObjects over the whole heap after a GC. Unlike a
// walk of fields it sees what hides in closures and #private fields; unlike a heap
// snapshot it allocates next to nothing, so it can sit between memory
// measurements. For the leak check: after thousands of flaps and reconnects there
// must be as many connections, legs, loops, decoders, sockets, timers and abort
// signals — and as many listener closures — alive as before.
import { Session } from 'node:inspector';

interface RemoteObject {
  objectId?: string;
  value?: unknown;
}

// Runs in the inspected heap: `this` is the array of every object with Object.prototype in its chain.
const TALLY = `function () {
  const counts = {};
  for (const o of this) {
    let key;
    try {
      if (typeof o === 'function') key = 'fn:' + (o.name || '(anonymous)');
      else {
        const proto = Object.getPrototypeOf(o);
        const ctor = proto && Object.prototype.hasOwnProperty.call(proto, 'constructor') ? proto.constructor : null;
        key = 'obj:' + ((typeof ctor === 'function' && ctor.name) || 'Object');
      }
    } catch (e) {
      key = 'obj:(unreadable)';
    }
    counts[key] = (counts[key] || 0) + 1;
  }
  return counts;
}`;

export class Census {
  private readonly session = new Session();

  constructor() {
    this.session.connect();
  }

  private post<T>(method: string, params: object): Promise<T> {
    return new Promise((resolve, reject) => {
      this.session.post(method, params, (err, result) => (err ? reject(err) : resolve(result as T)));
    });
  }

  /** Live count per "obj:Constructor" / "fn:name". */
  async count(): Promise<Map<string, number>> {
    const objectGroup = 'leak-census';
    try {
      const proto = await this.post<{ result: RemoteObject }>('Runtime.evaluate', { expression: 'Object.prototype', objectGroup });
      const all = await this.post<{ objects: RemoteObject }>('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId, objectGroup });
      const tally = await this.post<{ result: RemoteObject }>('Runtime.callFunctionOn', { objectId: all.objects.objectId, functionDeclaration: TALLY, returnByValue: true, objectGroup });
      return new Map(Object.entries(tally.result.value as Record<string, number>));
    } finally {
      // Release the handles, or the census would keep every object it found alive.
      await this.post('Runtime.releaseObjectGroup', { objectGroup });
    }
  }

  close(): void {
    this.session.disconnect();
  }
}

/** "key before → after" for every key with more live instances after, most grown first. */
export function censusGrowth(before: Map<string, number>, after: Map<string, number>, keys?: ReadonlySet<string>): string[] {
  return [...after.entries()]
    .filter(([k]) => !keys || keys.has(k))
    .map(([k, n]) => [k, n - (before.get(k) ?? 0), n] as const)
    .filter(([, d]) => d > 0)
    .sort((x, y) => y[1] - x[1])
    .map(([k, d, n]) => `${k} ${n - d} → ${n}`);
}
