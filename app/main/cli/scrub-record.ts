// Known secrets out of a record before the watch CLI prints it (issue 9: a
// server that echoes the application password in ErrorMessage must not get it
// printed). Scrubbing values rather than the finished line keeps every JSON line
// valid whatever the password looks like: a password such as `null` or `":"`
// would otherwise be replaced inside JSON syntax, and a numeric PIN inside an
// unrelated number such as a timestamp.
import type { SecretValues } from '../logging/redact.ts';
import { REDACTED } from '../logging/redact.ts';

/** Deeper than any decoded T-Library value (the codec bounds nesting). */
const MAX_DEPTH = 32;

/**
 * A copy of `value` with every known secret replaced in strings and keys, and any
 * number that spells a secret exactly replaced by the redaction mark. Returns
 * `value` itself when there is nothing to scrub.
 */
export function scrubRecord<T>(value: T, secrets: SecretValues): T {
  if (secrets.size === 0) return value;
  return scrub(value, secrets, 0) as T;
}

function scrub(value: unknown, secrets: SecretValues, depth: number): unknown {
  if (typeof value === 'string') return secrets.scrub(value);
  if (typeof value === 'number' || typeof value === 'bigint') return secrets.scrub(String(value)) === REDACTED ? REDACTED : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (Array.isArray(value)) return value.map((item) => scrub(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[secrets.scrub(key)] = scrub(item, secrets, depth + 1);
  return out;
}
