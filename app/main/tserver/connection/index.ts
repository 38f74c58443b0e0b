export { TServerConnection, disconnectInfoOf, DEFAULT_CONNECT_TIMEOUT_MS, DEFAULT_MAX_WRITE_QUEUE_BYTES, DEFAULT_REQUEST_TIMEOUT_MS } from './connection.ts';
export type { AgentNotReadyOptions, ConnectionOptions, ConnectionState, ConnectionUsage, EventListener, LinkStatus, OpenResult } from './connection.ts';
export { DISCONNECT_REASONS, TServerError } from './errors.ts';
export type { DisconnectInfo, DisconnectReason, TServerErrorKind } from './errors.ts';
export { realClock } from './clock.ts';
export type { Clock, TimerHandle } from './clock.ts';
export { AddpMonitor } from './addp.ts';
