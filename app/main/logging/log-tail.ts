// The log's last lines, kept in memory for "Copy diagnostics" (issue 8: the
// connectivity story travels with the support ticket, no file hunting). It is
// a log sink placed after the scrubbing one, so it only ever holds lines that
// are already free of known secrets. Bounded in lines and in line length, so a
// flapping link or a huge event cannot grow memory.

export const DEFAULT_LOG_TAIL_LINES = 500;
/** Longer lines are cut (a T-Library event can carry up to 1 MiB of attributes). */
export const DEFAULT_LOG_TAIL_LINE_CHARS = 4_096;
export const TRUNCATED_MARK = '…[truncated]';

export class LogTail {
  private readonly ring: string[] = [];
  /** Index of the oldest line once the ring is full. */
  private head = 0;

  constructor(
    readonly capacity = DEFAULT_LOG_TAIL_LINES,
    readonly maxLineChars = DEFAULT_LOG_TAIL_LINE_CHARS,
  ) {
    if (!(Number.isInteger(capacity) && capacity > 0)) throw new RangeError('LogTail capacity must be a positive integer');
    if (!(Number.isInteger(maxLineChars) && maxLineChars > TRUNCATED_MARK.length)) {
      throw new RangeError(`LogTail maxLineChars must be an integer > ${TRUNCATED_MARK.length}`);
    }
  }

  /** pino writes one record per call, ending in a newline; several lines in one chunk are split. */
  write(chunk: string): boolean {
    for (const line of chunk.split('\n')) {
      if (line !== '') this.push(line);
    }
    return true;
  }

  /** Oldest first. */
  lines(): string[] {
    return [...this.ring.slice(this.head), ...this.ring.slice(0, this.head)];
  }

  private push(line: string): void {
    const kept = line.length > this.maxLineChars ? `${line.slice(0, this.maxLineChars - TRUNCATED_MARK.length)}${TRUNCATED_MARK}` : line;
    if (this.ring.length < this.capacity) {
      this.ring.push(kept);
      return;
    }
    this.ring[this.head] = kept;
    this.head = (this.head + 1) % this.capacity;
  }
}
