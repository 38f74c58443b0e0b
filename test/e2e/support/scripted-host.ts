// The real preview host (HTTP + WebSocket IPC + built renderer) over a ScriptedSession,
// so a test can put the page in any exact state the contract allows.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MemoryCredentialStore } from '../../../app/main/credentials/memory-store.ts';
import { createRequestHandlers, RecentEvents } from '../../../app/main/ipc/request-handlers.ts';
import { SecretValues } from '../../../app/main/logging/redact.ts';
import { startPreviewHost } from '../../../app/main/preview/host.ts';
import type { PreviewHost, PreviewHostOptions } from '../../../app/main/preview/host.ts';
import type { UiConfig } from '../../../app/shared/ui-config.ts';
import type { ScriptedSession } from './scripted-session.ts';

export const RENDERER = resolve(import.meta.dirname, '../../../dist/renderer');

const quiet = { warn: () => {}, info: () => {} };

/** `options`: the host's bounds and log, for tests of the bounds themselves; `uiConfig`: what getUiConfig serves (reasons, grace). */
export async function startScriptedHost(
  session: ScriptedSession,
  options: Partial<Pick<PreviewHostOptions, 'clientBounds' | 'ipc' | 'log'>> & { uiConfig?: () => UiConfig } = {},
): Promise<{ host: PreviewHost; recent: RecentEvents }> {
  const { uiConfig, ...hostOptions } = options;
  if (!existsSync(resolve(RENDERER, 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build:renderer` first');
  const recent = new RecentEvents();
  recent.follow(session);
  const handlers = createRequestHandlers({
    session,
    credentials: new MemoryCredentialStore(),
    recentEvents: () => recent.list(),
    secrets: new SecretValues(),
    log: quiet,
    diagnostics: { appVersion: 'test', platform: 'linux', config: () => ({}), logLines: () => [], now: () => Date.now() },
    ...(uiConfig ? { uiConfig } : {}),
  });
  return { host: await startPreviewHost({ session, handlers, rendererDir: RENDERER, log: quiet, ...hostOptions }), recent };
}
