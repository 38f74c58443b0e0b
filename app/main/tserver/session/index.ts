// The HA session's public entry: what the Electron entry, the preview host and
// the watch CLI import. Implementation: session.ts (docs/architecture.md §3).
import type { SessionOptions, ToolbarSession } from './api.ts';
import { TServerSession } from './session.ts';

export { TServerSession } from './session.ts';
export type { CheckNowReason, EndpointConfig, ReconnectSettings, SessionOptions, ToolbarSession, WakeReason } from './api.ts';
export { SessionRequestError } from './api.ts';

export function createToolbarSession(options: SessionOptions): ToolbarSession {
  return new TServerSession(options);
}
