// Issue 10, defect 1: a refusal's code must reach the renderer through contextBridge.
// contextBridge copies values by structured clone and, for a rejected promise, builds
// a new Error from the message alone: custom properties (`code`) are dropped
// (electron/electron#25596). `acrossContextBridge` does the same here, so the whole
// path — IpcServer in main, the preload, the bridge, the renderer's bridge, the words —
// is tested as it runs in Electron, not as the preview shim (which kept `code`) saw it.
import { describe, expect, it } from 'vitest';
import { IpcServer } from '../../../app/main/ipc/ipc-server.ts';
import { MemoryCredentialStore } from '../../../app/main/credentials/memory-store.ts';
import { createRequestHandlers } from '../../../app/main/ipc/request-handlers.ts';
import { SecretValues } from '../../../app/main/logging/redact.ts';
import { SessionRequestError } from '../../../app/main/tserver/session/api.ts';
import { buildToolbarApi } from '../../../app/preload/api.ts';
import type { IpcRendererLike } from '../../../app/preload/api.ts';
import { ToolbarRequestError, findToolbarApi } from '../../../app/renderer/lib/bridge.ts';
import { errorCodeOf, isNoReply, refusalWords } from '../../../app/renderer/lib/request-errors.ts';
import { CHANNEL_PREFIX } from '../../../app/shared/ipc-contract.ts';
import { FakeSession, silentLog } from './fixtures.ts';

/** What contextBridge.exposeInMainWorld hands the page for an object of functions. */
function acrossContextBridge<T extends object>(api: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(api)) {
    if (typeof value !== 'function') continue;
    out[key] = async (...args: unknown[]) => {
      try {
        return structuredClone(await (value as (...a: unknown[]) => unknown)(...structuredClone(args)));
      } catch (err) {
        // Only the message crosses (electron/electron#25596).
        throw new Error(err instanceof Error ? err.message : String(err));
      }
    };
  }
  return out as T;
}

/** Main's IpcServer behind an ipcRenderer-like invoke (what ipcMain.handle returns is cloned too). */
function mainOverIpc(session: FakeSession): IpcRendererLike {
  const handlers = createRequestHandlers({
    session,
    credentials: new MemoryCredentialStore(),
    recentEvents: () => [],
    secrets: new SecretValues(),
    log: silentLog(),
    diagnostics: { appVersion: 'test', platform: 'test', config: () => ({}), logLines: () => [], now: () => 0 },
  });
  const server = new IpcServer(handlers, silentLog());
  return {
    invoke: async (channel, ...args) => structuredClone(await server.handle({ name: channel.slice(CHANNEL_PREFIX.length), args, senderOk: true, senderDescription: 'window 1' })),
    on: () => undefined,
    removeListener: () => undefined,
  };
}

describe('a refusal crosses contextBridge as data', () => {
  it('the simulated bridge drops an Error\'s code, as Electron does (the old way could not work)', async () => {
    const api = acrossContextBridge({ fails: async () => Promise.reject(Object.assign(new Error('AgentLogin refused'), { code: 1705 })) });
    const err = await api.fails().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as { code?: unknown }).code).toBeUndefined();
  });

  it('a password the switch refused (1705) reaches the renderer with its code, retryable, server — and its curated words', async () => {
    const session = new FakeSession();
    session.emitSnapshot({ server: { name: 'b', role: 'primary' } });
    session.failNext = new SessionRequestError('AgentLogin: password does not match (ErrorCode 1705)', 1705, false);
    const page = { agentToolbar: acrossContextBridge(buildToolbarApi(mainOverIpc(session))) };
    const api = findToolbarApi(page)!;
    const err = await api.agentLogin({ agentId: '1001', password: 'wrong', remember: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ToolbarRequestError);
    expect(err).toMatchObject({ kind: 'failed', code: 1705, retryable: false, server: 'b', message: 'AgentLogin: password does not match (ErrorCode 1705)' });
    expect(errorCodeOf(err)).toBe(1705);
    expect(refusalWords(err)).toBe('Password not accepted. Try again, or ask your supervisor to reset it.');
  });

  it("the switch's timeout (57) stays an unknown outcome, never \"failed\"", async () => {
    const session = new FakeSession();
    session.failNext = new SessionRequestError('AgentReady: ErrorCode 57', 57, true);
    const api = findToolbarApi({ agentToolbar: acrossContextBridge(buildToolbarApi(mainOverIpc(session))) })!;
    const err = await api.agentReady().catch((e: unknown) => e);
    expect(isNoReply(err)).toBe(true);
  });

  it("the transport's own refusals keep their kind (a bad payload)", async () => {
    const api = findToolbarApi({ agentToolbar: acrossContextBridge(buildToolbarApi(mainOverIpc(new FakeSession()))) })!;
    const err = await api.agentNotReady('no spaces allowed').catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'invalid-payload', code: null, retryable: false });
    expect(refusalWords(err)).toMatch(/^The toolbar could not send that request\./);
  });
});
