// The logger the Electron-free core writes its story to (DESIGN.md §4: every phase
// change, event, request outcome, failover and dial failure, one JSON line each).
// Injected, never global: the hosts pass a pino child (pino's Logger fits this
// shape), tests pass a recording one. Callers never put secrets in `fields`; the
// hosts' pino redacts by key and scrubs known values on top.

export type LogFields = Record<string, unknown>;

export interface CoreLogger {
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
}

/** For callers that did not inject one (unit tests of single modules). */
export const silentLogger: CoreLogger = { info: () => undefined, warn: () => undefined };

/** Warn-level sink for a throwing listener, so it is seen in the log instead of `process.emitWarning`. */
export function listenerErrorLogger(log: CoreLogger, where: string): (error: unknown) => void {
  return (error) => log.warn({ where, err: error instanceof Error ? error.message : String(error) }, 'listener threw');
}
