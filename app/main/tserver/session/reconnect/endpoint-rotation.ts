// Which endpoint each attempt dials. Warm standby: after losing X, the other
// endpoint first (a backup being promoted is the likeliest to answer), then X,
// alternating. With no endpoint lost (startup), the configured order: primary first.

/** The cycle of endpoint names a loop dials, attempt 1 first. */
export function dialOrder(endpoints: readonly string[], lost?: string): string[] {
  if (endpoints.length === 0) throw new RangeError('at least one endpoint is needed to dial');
  if (lost === undefined) return [...endpoints];
  const i = endpoints.indexOf(lost);
  if (i < 0) throw new RangeError(`unknown endpoint "${lost}" (known: ${endpoints.join(', ')})`);
  // Everything after the lost one, then everything before it, the lost one last.
  return [...endpoints.slice(i + 1), ...endpoints.slice(0, i), lost];
}

/** After a wake: `first` (the endpoint that last carried the session) first, then the rest in configured order. */
export function preferredOrder(endpoints: readonly string[], first: string | null): string[] {
  if (first === null || !endpoints.includes(first)) return [...endpoints];
  return [first, ...endpoints.filter((name) => name !== first)];
}

/** The endpoint attempt number `attempt` (1-based) dials. */
export function endpointForAttempt(order: readonly string[], attempt: number): string {
  const name = order[(Math.max(1, attempt) - 1) % order.length];
  if (name === undefined) throw new RangeError('empty dial order');
  return name;
}
