// The text behind "Copy diagnostics": what a support engineer needs (version,
// snapshot, recent T-Library events, the log's last lines), never a secret.
import type { ConnectivitySnapshot, TimelineEvent } from '../../shared/connectivity.ts';
import { redactKeys } from './redact.ts';
import type { SecretValues } from './redact.ts';

export interface DiagnosticsInput {
  appVersion: string;
  platform: string;
  /** Human-readable config summary (endpoints, mode, sources); secrets never enter config. */
  config: Record<string, unknown>;
  snapshot: ConnectivitySnapshot;
  events: readonly TimelineEvent[];
  /** The log's last lines (JSON, already scrubbed when written), oldest first like the events. */
  logLines: readonly string[];
  generatedAt: number;
}

export function buildDiagnosticsText(input: DiagnosticsInput, secrets: SecretValues): string {
  const lines = [
    'Agent Toolbar diagnostics',
    `generated: ${new Date(input.generatedAt).toISOString()}`,
    `version: ${input.appVersion}  platform: ${input.platform}`,
    '',
    '## Config',
    JSON.stringify(redactKeys(input.config), null, 2),
    '',
    '## Snapshot',
    JSON.stringify(redactKeys(input.snapshot), null, 2),
    '',
    `## Recent events (${input.events.length}, oldest first)`,
    ...input.events.map(
      (e) => `${new Date(e.t).toISOString()} ${e.event} server=${e.server ?? '-'} ${JSON.stringify(redactKeys(e.attributes))}`,
    ),
    '',
    `## Log (last ${input.logLines.length} lines, oldest first)`,
    ...input.logLines,
  ];
  // Scrubbed again as a whole: a secret learned after a line was written is caught here.
  return secrets.scrub(lines.join('\n'));
}
