// The real preview host (HTTP + WebSocket IPC + built renderer) over a ScriptedSession,
// so a test can put the page in any exact state the contract allows.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MemoryCredentialStore } from '../../../app/main/credentials/memory-store.ts';
import { createRequestHandlers, RecentEvents } from '../../../app/main/ipc/request-handlers.ts';
import { SecretValues } from '../../../app/main/logging/redact.ts';
import { startPreviewHost } from '../../../app/main/preview/host.ts';
import type { PreviewHost } from '../../../app/main/preview/host.ts';
import type { ScriptedSession } from './scripted-session.ts';

export const RENDERER = resolve(import.meta.dirname, '../../../dist/renderer');

const quiet = { warn: () => {}, info: () => {} };

export async function startScriptedHost(session: ScriptedSession): Promise<{ host: PreviewHost; recent: RecentEvents }> {
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
  });
  return { host: await startPreviewHost({ session, handlers, rendererDir: RENDERER, log: quiet }), recent };
}
