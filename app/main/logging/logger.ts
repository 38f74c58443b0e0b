// The toolbar's structured log: pino, one JSON line per record, into a
// size-rotated file. Secrets are removed twice — by key name at any depth
// (formatters.log) and by known value on the final line (SecretValues).
import pino from 'pino';
import type { Logger } from 'pino';
import { RotatingFile } from './rotating-file.ts';
import type { RotatingFileOptions } from './rotating-file.ts';
import type { SecretValues } from './redact.ts';
import { REDACTED, redactKeys } from './redact.ts';

export type { Logger } from 'pino';

export interface LogSink {
  write(line: string): unknown;
}

export interface ToolbarLoggerOptions {
  level?: pino.LevelWithSilent;
  /** Where lines go after scrubbing; a RotatingFile in the app. */
  sink: LogSink;
  secrets: SecretValues;
}

/** A sink that scrubs known secret values from each line before passing it on. */
export function scrubbingSink(sink: LogSink, secrets: SecretValues): LogSink {
  return { write: (line: string) => sink.write(secrets.scrub(line)) };
}

export function createToolbarLogger(options: ToolbarLoggerOptions): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { app: 'agent-toolbar' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Fast path for the usual shapes; redactKeys below catches any depth.
      redact: { paths: ['password', '*.password', 'applicationPassword', '*.applicationPassword', 'args[*].password'], censor: REDACTED },
      formatters: { log: (obj) => redactKeys(obj) as Record<string, unknown> },
      serializers: { err: (err: unknown) => redactKeys(err) },
    },
    scrubbingSink(options.sink, options.secrets),
  );
}

export function createFileLogger(
  file: RotatingFileOptions,
  secrets: SecretValues,
  level: pino.LevelWithSilent = 'info',
): { logger: Logger; file: RotatingFile } {
  const rotating = new RotatingFile(file);
  return { logger: createToolbarLogger({ level, sink: rotating, secrets }), file: rotating };
}
