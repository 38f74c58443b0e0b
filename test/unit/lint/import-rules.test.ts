// The layer rules of DESIGN.md §2 hold only while eslint enforces them: prove it.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layer import rules', () => {
  it.each([
    ['app/main/tserver/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['sim/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['app/main/ipc/probe.ts', "import { ipcMain } from 'electron';\nexport const a = ipcMain;\n"],
    ['app/renderer/lib/probe.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n"],
    ['app/renderer/lib/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['app/renderer/lib/probe.ts', "import { TServerConnection } from '../../main/tserver/connection/index.ts';\nexport const a = TServerConnection;\n"],
    ['app/shared/probe.ts', "import { createServer } from 'node:net';\nexport const a = createServer;\n"],
    ['app/preload/probe.ts', "import { readFileSync } from 'fs';\nexport const a = readFileSync;\n"],
    [
      'app/renderer/components/Probe.svelte',
      '<script lang="ts">\n  import { readFileSync } from "node:fs";\n  console.log(readFileSync);\n</script>\n',
    ],
  ])('%s cannot import %s', async (file, code) => {
    expect(await restrictedImports(file, code)).toHaveLength(1);
  });

  it.each([
    ['app/main/desktop/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['app/preload/probe.ts', "import { contextBridge } from 'electron';\nexport const a = contextBridge;\n"],
    ['app/renderer/lib/probe.ts', "import { PHASES } from '../../shared/connectivity.ts';\nexport const a = PHASES;\n"],
  ])('%s may import what its layer needs', async (file, code) => {
    expect(await restrictedImports(file, code)).toEqual([]);
  });
});
