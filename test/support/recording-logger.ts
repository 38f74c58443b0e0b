// A CoreLogger that keeps every line (level, message, fields) for assertions on the story the core tells.
import type { CoreLogger, LogFields } from '../../app/main/tserver/core-logger.ts';

export interface LogLine {
  level: 'info' | 'warn';
  msg: string;
  fields: LogFields;
}

export class RecordingLogger implements CoreLogger {
  readonly lines: LogLine[] = [];

  info(fields: LogFields, msg: string): void {
    this.lines.push({ level: 'info', msg, fields });
  }

  warn(fields: LogFields, msg: string): void {
    this.lines.push({ level: 'warn', msg, fields });
  }

  /** Index of the first line at or after `from` that matches, or -1. */
  indexOf(match: (line: LogLine) => boolean, from = 0): number {
    for (let i = from; i < this.lines.length; i++) if (match(this.lines[i] as LogLine)) return i;
    return -1;
  }
}
