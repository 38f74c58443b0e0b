// Known secrets out of what the session puts out (issue 9): every string in a value,
// keys included, through the host's scrubber. Bounded in depth like the codec's lists.
const MAX_DEPTH = 16;

export function scrubDeep<T>(value: T, scrub: (text: string) => string, depth = 0): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item: unknown) => scrubDeep(item, scrub, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) out[scrub(key)] = scrubDeep(item, scrub, depth + 1);
  return out as T;
}
