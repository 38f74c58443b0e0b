// The layer table of docs/architecture.md §1 holds only while eslint enforces it:
// prove each refusal (by layer and by what was reached) and that the imports the
// layers need still pass. Probes are linted as if they sat at the given path.
import { ESLint, Linter } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';
import layers from '../../../eslint-rules/layers.js';

const eslint = new ESLint({ cwd: process.cwd() });

async function layerMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = result?.messages.find((m) => m.fatal);
  if (fatal) throw new Error(`probe does not parse: ${fatal.message}`);
  return (result?.messages ?? []).filter((m) => m.ruleId === 'local/layers').map((m) => m.message);
}

// The first lint loads the config, the TypeScript and Svelte parsers: not a test's 5 s.
beforeAll(async () => {
  await layerMessages('app/shared/warm-up.ts', 'export {};\n');
  await layerMessages('app/renderer/components/WarmUp.svelte', '<script lang="ts"></script>\n');
}, 60_000);

const uses = (line: string): string => `${line}\nexport const probe = 1;\n`;

describe('layer allow-list', () => {
  it.each([
    // The holes a deny-list left open (issue 9).
    ['app/main/tserver/session/probe.ts', uses("import { CONFIG_DEFAULTS } from '../../config/defaults.ts';"), 'session', 'in layer config'],
    ['app/main/tserver/session/probe.ts', uses("import type { IpcServer } from '../../ipc/ipc-server.ts';"), 'session', 'in layer ipc'],
    ['app/main/tserver/connection/probe.ts', uses("import { Simulator } from '../../../../sim/index.ts';"), 'connection', 'in layer sim'],
    ['app/main/tserver/protocol/probe.ts', uses("import type { SessionOptions } from '../session/api.ts';"), 'protocol', 'in layer session'],
    ['app/main/preview/probe.ts', uses("import { app } from 'electron';"), 'preview', 'electron'],
    ['app/main/config/probe.ts', uses("import { app } from 'electron';"), 'config', 'electron'],
    ['app/main/tserver/connection/probe.ts', uses("import type { ToolbarSession } from '../session/api.ts';"), 'connection', 'in layer session'],
    // The rules of DESIGN.md §2.
    ['app/main/tserver/probe.ts', uses("import { app } from 'electron';"), 'tserver-base', 'electron'],
    ['app/main/tserver/session/probe.ts', uses("import type { App } from 'electron';"), 'session', 'electron'],
    ['sim/probe.ts', uses("import { app } from 'electron';"), 'sim', 'electron'],
    ['app/main/ipc/probe.ts', uses("import { ipcMain } from 'electron';"), 'ipc', 'electron'],
    ['app/renderer/lib/probe.ts', uses("import { readFileSync } from 'node:fs';"), 'renderer', 'a Node built-in'],
    ['app/renderer/lib/probe.ts', uses("import { app } from 'electron';"), 'renderer', 'electron'],
    ['app/renderer/lib/probe.ts', uses("import { TServerConnection } from '../../main/tserver/connection/index.ts';"), 'renderer', 'in layer connection'],
    ['app/renderer/lib/probe.ts', uses("import { contextBridge } from '../../preload/index.ts';"), 'renderer', 'in layer preload'],
    ['app/shared/probe.ts', uses("import { createServer } from 'node:net';"), 'shared', 'a Node built-in'],
    ['app/shared/probe.ts', uses("import type { CoreLogger } from '../main/tserver/core-logger.ts';"), 'shared', 'in layer tserver-base'],
    ['app/shared/probe.ts', uses("import pino from 'pino';"), 'shared', 'the npm package pino'],
    ['app/preload/probe.ts', uses("import { readFileSync } from 'fs';"), 'preload', 'a Node built-in'],
    ['app/preload/probe.ts', uses("import { Simulator } from '../../sim/index.ts';"), 'preload', 'in layer sim'],
    ['app/preload/probe.ts', uses("import * as v from 'valibot';"), 'preload', 'the npm package valibot'],
    // Lower layers stay below higher ones.
    ['app/main/tserver/probe.ts', uses("import { TServerConnection } from './connection/index.ts';"), 'tserver-base', 'in layer connection'],
    ['app/main/tserver/protocol/probe.ts', uses("import type { CoreLogger } from '../core-logger.ts';"), 'protocol', 'in layer tserver-base'],
    ['app/main/tserver/protocol/probe.ts', uses("import * as v from 'valibot';"), 'protocol', 'the npm package valibot'],
    ['sim/probe.ts', uses("import { createSession } from '../app/main/tserver/session/index.ts';"), 'sim', 'in layer session'],
    ['app/main/logging/probe.ts', uses("import { loadConfig } from '../config/index.ts';"), 'logging', 'in layer config'],
    ['app/main/credentials/probe.ts', uses("import type { SessionOptions } from '../tserver/session/api.ts';"), 'credentials', 'in layer session'],
    ['app/main/ipc/probe.ts', uses("import { loadConfig } from '../config/index.ts';"), 'ipc', 'in layer config'],
    ['app/main/cli/probe.ts', uses("import { Simulator } from '../../../sim/index.ts';"), 'cli', 'in layer sim'],
    ['app/main/desktop/probe.ts', uses("import { startPreview } from '../preview/preview-app.ts';"), 'desktop', 'in layer preview'],
    ['app/main/desktop/probe.ts', uses("import { Simulator } from '../../../sim/index.ts';"), 'desktop', 'in layer sim'],
    // The composition root (issue 10): plain Node, and the simulator only as the host injects it.
    ['app/main/core/probe.ts', uses("import { app } from 'electron';"), 'core', 'electron'],
    ['app/main/core/probe.ts', uses("import { startSimulator } from '../../../sim/index.ts';"), 'core', 'in layer sim'],
    ['app/main/core/probe.ts', uses("import { parseWatchArgs } from '../cli/watch-args.ts';"), 'core', 'in layer cli'],
    ['app/main/core/probe.ts', uses("import { startPreviewHost } from '../preview/host.ts';"), 'core', 'in layer preview'],
    ['app/main/core/probe.ts', uses("import { TrayService } from '../desktop/tray.ts';"), 'core', 'in layer desktop'],
    ['app/main/ipc/probe.ts', uses("import { startToolbarCore } from '../core/start-core.ts';"), 'ipc', 'in layer core'],
    ['app/main/tserver/session/probe.ts', uses("import type { ToolbarCore } from '../../core/start-core.ts';"), 'session', 'in layer core'],
    ['bench/probe.ts', uses("import { CONTENT_SECURITY_POLICY } from '../app/main/desktop/csp.ts';"), 'bench', 'in layer desktop'],
    ['bench/probe.ts', uses("import { app } from 'electron';"), 'bench', 'electron'],
    ['scripts/probe.ts', uses("import { banner } from '../app/renderer/lib/banner.ts';"), 'scripts', 'in layer renderer'],
    ['scripts/probe.ts', uses("import '../app/main/index.ts';"), 'scripts', 'in layer main-entry'],
    // Every way of naming a module counts, type-only included.
    ['app/main/tserver/connection/probe.ts', "export type { SessionOptions } from '../session/api.ts';\n", 'connection', 'in layer session'],
    ['app/main/tserver/connection/probe.ts', "export * from '../session/api.ts';\n", 'connection', 'in layer session'],
    ['app/main/tserver/probe.ts', "export const load = () => import('electron');\n", 'tserver-base', 'electron'],
    ['app/main/tserver/connection/probe.ts', "export type S = typeof import('../session/api.ts');\n", 'connection', 'in layer session'],
    ['app/main/tserver/session/probe.ts', uses("import '../../../../docs/notes.ts';"), 'session', 'docs/notes.ts, in no layer'],
    ['app/renderer/components/Probe.svelte', '<script lang="ts">\n  import { readFileSync } from "node:fs";\n  console.log(readFileSync);\n</script>\n', 'renderer', 'a Node built-in'],
    ['app/renderer/components/Probe.svelte', '<script lang="ts">\n  import type { Session } from "../../main/tserver/session/api.ts";\n  let s: Session | undefined;\n  console.log(s);\n</script>\n', 'renderer', 'in layer session'],
  ])('%s: %s is refused', async (file, code, layer, what) => {
    const messages = await layerMessages(file, code);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(new RegExp(`^${layer} may import only itself[^:]*: '[^']+' is ${what.replace(/[.()]/g, '\\$&')}\\.$`));
  });

  it('says what the layer may import', async () => {
    expect(await layerMessages('app/main/tserver/connection/probe.ts', uses("import type { EndpointConfig } from '../session/api.ts';"))).toEqual([
      "connection may import only itself, protocol, tserver-base, shared, Node built-ins, npm packages: '../session/api.ts' is in layer session.",
    ]);
  });

  it('refuses a file in a folder the table does not list', async () => {
    expect(await layerMessages('app/main/updater/probe.ts', uses("import { x } from './x.ts';"))).toEqual([
      'app/main/updater/probe.ts is in no layer: add its folder to the layer table (eslint.config.js, docs/architecture.md §1).',
    ]);
    // tserver-base is the files directly in app/main/tserver, not any new subfolder.
    expect(await layerMessages('app/main/tserver/agent/probe.ts', uses(''))).toHaveLength(1);
  });

  it.each([
    ['app/main/tserver/connection/probe.ts', uses("import type { EndpointConfig } from '../endpoint-config.ts';\nimport { SessionRequestError } from '../request-error.ts';")],
    ['app/main/tserver/connection/probe.ts', uses("import net from 'node:net';\nimport { makeMessage } from '../protocol/index.ts';\nimport type { CoreLogger } from '../core-logger.ts';")],
    ['app/main/tserver/session/probe.ts', uses("import { TServerConnection } from '../connection/index.ts';\nimport type { ConnectivitySnapshot } from '../../../shared/connectivity.ts';")],
    ['app/main/tserver/protocol/probe.ts', uses("import { Buffer } from 'node:buffer';\nimport { encodeMessage } from './codec.ts';")],
    ['app/main/tserver/probe.ts', uses("import { isIPv6 } from 'node:net';\nimport { ErrorCodes } from './protocol/index.ts';")],
    ['sim/probe.ts', uses("import { makeMessage } from '../app/main/tserver/protocol/index.ts';\nimport { parseEndpointAddress } from '../app/main/tserver/endpoint-address.ts';\nimport * as v from 'valibot';")],
    ['app/main/config/probe.ts', uses("import { DEFAULT_RECONNECT } from '../tserver/session/reconnect/reconnect-policy.ts';\nimport { redact } from '../logging/redact.ts';\nimport YAML from 'yaml';")],
    ['app/main/credentials/probe.ts', uses("import { ErrorCodes } from '../tserver/protocol/index.ts';\nimport type { SecretValues } from '../logging/redact.ts';")],
    ['app/main/ipc/probe.ts', uses("import type { ToolbarSession } from '../tserver/session/api.ts';\nimport { isPasswordRefusal } from '../credentials/agent-password.ts';")],
    ['app/main/cli/probe.ts', uses("import { createSession } from '../tserver/session/index.ts';\nimport { loadConfig } from '../config/index.ts';")],
    ['app/main/cli/probe.ts', uses("import { startToolbarCore } from '../core/start-core.ts';\nimport { MemoryCredentialStore } from '../credentials/memory-store.ts';")],
    ['app/main/core/probe.ts', uses("import { createToolbarSession } from '../tserver/session/index.ts';\nimport { loadConfig } from '../config/index.ts';\nimport { createRequestHandlers } from '../ipc/request-handlers.ts';\nimport { AgentPasswordKeychain } from '../credentials/agent-password.ts';\nimport type { SecretValues } from '../logging/redact.ts';")],
    ['app/main/preview/probe.ts', uses("import { startToolbarCore } from '../core/start-core.ts';")],
    ['app/main/preview/probe.ts', uses("import { Simulator } from '../../../sim/index.ts';\nimport { WebSocketServer } from 'ws';\nimport { parseWatchArgs } from '../cli/watch-args.ts';")],
    ['app/main/desktop/probe.ts', uses("import { app } from 'electron';\nimport type { IpcServer } from '../ipc/ipc-server.ts';\nimport type { ToolbarSession } from '../tserver/session/api.ts';")],
    ['app/preload/probe.ts', uses("import { contextBridge } from 'electron';\nimport { IPC } from '../shared/ipc-contract.ts';")],
    ['app/renderer/lib/probe.ts', uses("import { PHASES } from '../../shared/connectivity.ts';\nimport { mount } from 'svelte';")],
    ['app/shared/probe.ts', uses("import * as v from 'valibot';\nimport { PHASES } from './connectivity.ts';")],
    ['scripts/security-check.ts', uses("import { CONTENT_SECURITY_POLICY } from '../app/main/desktop/csp.ts';")],
    ['bench/probe.ts', uses("import { startPreview } from '../app/main/preview/preview-app.ts';\nimport { launch } from '../test/e2e/support/chromium.ts';")],
    ['test/unit/probe.test.ts', uses("import { app } from 'electron';\nimport { hardenSession } from '../../app/main/desktop/hardening.ts';")],
    ['app/renderer/components/Probe.svelte', '<script lang="ts">\n  import type { ConnectivitySnapshot } from "../../shared/connectivity.ts";\n  let s: ConnectivitySnapshot | undefined;\n  console.log(s);\n</script>\n'],
  ])('%s may import what its layer needs', async (file, code) => {
    expect(await layerMessages(file, code)).toEqual([]);
  });

  it('app/main/index.ts, the composition root, may import every main layer, sim and electron', async () => {
    const code = uses(
      [
        "import { app } from 'electron';",
        "import { createWindow } from './desktop/window.ts';",
        "import { Simulator } from '../../sim/index.ts';",
        "import { loadConfig } from './config/index.ts';",
        "import { startPreview } from './preview/preview-app.ts';",
        "import { startToolbarCore } from './core/start-core.ts';",
      ].join('\n'),
    );
    expect(await layerMessages('app/main/index.ts', code)).toEqual([]);
  });
});

describe('local/layers options', () => {
  it('fails loudly on a layer table naming a layer that does not exist', () => {
    const linter = new Linter({ cwd: '/repo' });
    const config: Linter.Config = {
      files: ['**/*.js'],
      plugins: { local: { rules: { layers } } },
      rules: { 'local/layers': ['error', { root: '/repo', layers: { a: { files: ['a/**'], may: ['typo'] } } }] },
    };
    expect(() => linter.verify("import x from './x.js';\n", config, '/repo/a/probe.js')).toThrow(/layer 'a' may import unknown layer 'typo'/);
  });
});
