// Secrets never leave main in a log line or a diagnostics text. Two nets:
// keys that name a secret (at any depth) and the values of secrets we know
// (passwords typed by the agent, values read from the keychain), wherever
// they appear — in a message string, an error, an array, a JSON-escaped form.

export const REDACTED = '[redacted]';

/** Keys whose value is a secret, whatever the casing or separator. */
export const SECRET_KEY_PATTERN = /password|passwd|passphrase|^pass$|^pwd$|secret|token|credential|api[-_]?key|private[-_]?key|authorization|cookie/i;

export function isSecretKey(key: string): boolean {
  return SECRET_KEY_PATTERN.test(key);
}

/** Known secret values, registered as soon as main learns them. */
export class SecretValues {
  private readonly values = new Set<string>();

  add(value: string | null | undefined): void {
    // Very short values would scrub ordinary text ("1", "ab"); a password that
    // short is still caught by key-name redaction.
    if (typeof value === 'string' && value.length >= 3) this.values.add(value);
  }

  delete(value: string): void {
    this.values.delete(value);
  }

  get size(): number {
    return this.values.size;
  }

  /** Replaces every known secret, raw and in its JSON-escaped forms, longest first. */
  scrub(text: string): string {
    if (this.values.size === 0) return text;
    const forms = new Set<string>();
    for (const value of this.values) {
      // Raw, and JSON-escaped up to three times (a JSON string logged inside JSON).
      let form = value;
      for (let level = 0; level < 4; level++) {
        forms.add(form);
        form = JSON.stringify(form).slice(1, -1);
      }
    }
    let out = text;
    for (const form of [...forms].sort((a, b) => b.length - a.length)) {
      if (form.length > 0 && out.includes(form)) out = out.split(form).join(REDACTED);
    }
    return out;
  }
}

/** A deep copy with every secret-named key's value replaced; cycles and depth bounded. */
export function redactKeys(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (depth > 12) return '[too deep]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((item) => redactKeys(item, depth + 1, seen));
  if (value instanceof Error) {
    return { type: value.name, message: value.message, stack: value.stack };
  }
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretKey(key) ? REDACTED : redactKeys(item, depth + 1, seen);
  }
  return out;
}
