// What an object graph holds, for the leak check: from the session object, every
// Map/Set/Array reachable through properties (their sizes, summed per structural
// path such as `legs[].records.byName{}`) and, for every EventEmitter reached (the
// sockets), its listener count. Closures cannot be walked, but what they capture
// that matters (connections, sockets, requests) also hangs off some field; a
// collection or listener list that grows over thousands of flaps and reconnects
// is a leak even when its bytes are too few to show in the heap.
import { EventEmitter } from 'node:events';

export interface Reach {
  /** Path → total entries of the collections found there. */
  collections: Map<string, number>;
  /** Path → total listeners of the EventEmitters found there. */
  listeners: Map<string, number>;
  nodes: number;
  /** The node budget ran out: the picture is partial. */
  truncated: boolean;
}

const OPAQUE = [ArrayBuffer, DataView, Date, RegExp, Promise, WeakMap, WeakSet, WeakRef, Error];

function opaque(value: object): boolean {
  return ArrayBuffer.isView(value) || OPAQUE.some((C) => value instanceof C) || typeof value === 'function';
}

const add = (m: Map<string, number>, k: string, n: number): void => void m.set(k, (m.get(k) ?? 0) + n);

export function reach(root: object, maxNodes = 50_000, maxDepth = 14): Reach {
  const out: Reach = { collections: new Map(), listeners: new Map(), nodes: 0, truncated: false };
  const seen = new WeakSet<object>();
  // Breadth first: the shortest path names each object, so paths are stable between two walks.
  let queue: Array<{ value: object; path: string; depth: number }> = [{ value: root, path: '', depth: 0 }];
  while (queue.length > 0) {
    const next: typeof queue = [];
    for (const { value, path, depth } of queue) {
      if (seen.has(value) || opaque(value)) continue;
      seen.add(value);
      if (++out.nodes > maxNodes) {
        out.truncated = true;
        return out;
      }
      const visit = (child: unknown, childPath: string): void => {
        if (child !== null && typeof child === 'object' && depth < maxDepth) next.push({ value: child, path: childPath, depth: depth + 1 });
      };
      if (value instanceof EventEmitter) {
        // A socket or server: its listeners are what a leak would pile up; its internals are Node's.
        add(out.listeners, path || '(root)', value.eventNames().reduce((n, e) => n + value.listenerCount(e), 0));
        continue;
      }
      if (value instanceof Map) {
        add(out.collections, `${path}{}`, value.size);
        for (const [k, v] of value) {
          visit(k, `${path}{key}`);
          visit(v, `${path}{}`);
        }
      } else if (value instanceof Set) {
        add(out.collections, `${path}<>`, value.size);
        for (const v of value) visit(v, `${path}<>`);
      } else if (Array.isArray(value)) {
        add(out.collections, `${path}[]`, value.length);
        for (const v of value) visit(v, `${path}[]`);
      } else {
        for (const key of Object.keys(value)) visit((value as Record<string, unknown>)[key], `${path}.${key}`);
      }
    }
    queue = next;
  }
  return out;
}

/** Paths whose total grew from `before` to `after`, as "path before → after". */
export function grown(before: Map<string, number>, after: Map<string, number>): string[] {
  const out: string[] = [];
  for (const [k, n] of after) if (n > (before.get(k) ?? 0)) out.push(`${k} ${before.get(k) ?? 0} → ${n}`);
  return out;
}
