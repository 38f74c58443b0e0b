// The toolbar's structured log: pino, one JSON line per record, into a
// size-rotated file, and the last lines in memory for Copy diagnostics.
// Secrets are removed twice — by key name at any depth (formatters.log) and by
// known value on the final line (SecretValues), before any sink sees it.
import pino from 'pino';
import type { Logger } from 'pino';
import { LogTail } from './log-tail.ts';
import { RotatingFile } from './rotating-file.ts';
import type { RotatingFileOptions } from './rotating-file.ts';
import type { SecretValues } from './redact.ts';
import { REDACTED, redactKeys } from './redact.ts';

export type { Logger } from 'pino';

export interface LogSink {
  write(line: string): unknown;
}

export interface ToolbarLoggerOptions {
  /** The level of `sink` (default info). */
  level?: pino.LevelWithSilent;
  /** Where lines go after scrubbing; a RotatingFile in the app. */
  sink: LogSink;
  secrets: SecretValues;
  /**
   * Also keeps the last lines for Copy diagnostics, at info even when `sink` is
   * quieter (the preview's console), or as verbose as `sink` when that is more.
   */
  tail?: LogTail;
}

/** The connectivity story (phase changes, events, requests, failovers, dial failures) is written at info. */
export const STORY_LEVEL = 'info' satisfies pino.Level;

/** Levels the file logger accepts (config `logging.level`): never quieter than the story. */
export const FILE_LOG_LEVELS = [STORY_LEVEL, 'debug', 'trace'] as const satisfies readonly pino.Level[];
export type FileLogLevel = (typeof FILE_LOG_LEVELS)[number];

/** pino's number for a level: smaller is more verbose. */
const rank = (level: pino.LevelWithSilent): number => (level === 'silent' ? Infinity : pino.levels.values[level]!);
const moreVerbose = <L extends pino.LevelWithSilent>(a: L, b: L): L => (rank(a) <= rank(b) ? a : b);

/** A sink that scrubs known secret values from each line before passing it on. */
export function scrubbingSink(sink: LogSink, secrets: SecretValues): LogSink {
  return { write: (line: string) => sink.write(secrets.scrub(line)) };
}

export function createToolbarLogger(options: ToolbarLoggerOptions): Logger {
  const sinkLevel = options.level ?? STORY_LEVEL;
  // pino.multistream gives each sink its own level; the logger runs at the most verbose of them.
  const streams: pino.StreamEntry[] = [];
  if (sinkLevel !== 'silent') streams.push({ level: sinkLevel, stream: scrubbingSink(options.sink, options.secrets) });
  if (options.tail) {
    const tailLevel = sinkLevel === 'silent' ? STORY_LEVEL : moreVerbose<pino.Level>(sinkLevel, STORY_LEVEL);
    streams.push({ level: tailLevel, stream: scrubbingSink(options.tail, options.secrets) });
  }
  const loggerLevel = streams.reduce<pino.LevelWithSilent>((level, entry) => moreVerbose(level, entry.level ?? STORY_LEVEL), 'silent');
  return pino(
    {
      level: loggerLevel,
      base: { app: 'agent-toolbar' },
      timestamp: pino.stdTimeFunctions.isoTime,
      // Fast path for the usual shapes; redactKeys below catches any depth.
      redact: { paths: ['password', '*.password', 'applicationPassword', '*.applicationPassword', 'args[*].password'], censor: REDACTED },
      formatters: { log: (obj) => redactKeys(obj) as Record<string, unknown> },
      serializers: { err: (err: unknown) => redactKeys(err) },
    },
    pino.multistream(streams),
  );
}

/**
 * The app's log file, never quieter than info: the file is where IT reads the
 * connectivity story, so `level` can only add detail (debug, trace).
 */
export function createFileLogger(
  file: RotatingFileOptions,
  secrets: SecretValues,
  level: FileLogLevel = STORY_LEVEL,
): { logger: Logger; file: RotatingFile; tail: LogTail } {
  const rotating = new RotatingFile(file);
  const tail = new LogTail();
  return { logger: createToolbarLogger({ level, sink: rotating, secrets, tail }), file: rotating, tail };
}

