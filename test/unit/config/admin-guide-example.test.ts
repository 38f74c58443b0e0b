// The admin guide's example machine file (issue 10, done-when): the copy in
// docs/deployment.md is the file every package ships, and it loads with no problem.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../app/main/config/load.ts';
import { PRODUCT_NAME } from '../../../app/main/desktop/app-id.ts';
import { USER_CONFIG_FOLDER } from '../../../app/main/config/paths.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const example = readFileSync(join(root, 'build', 'config', 'config.example.yaml'), 'utf8');
const guide = readFileSync(join(root, 'docs', 'deployment.md'), 'utf8');

function guideExample(): string {
  const at = guide.indexOf('Example machine file (`build/config/config.example.yaml`');
  expect(at).toBeGreaterThan(0);
  const match = /```yaml\n([\s\S]*?)```/.exec(guide.slice(at));
  return match![1]!;
}

describe("the admin guide's example config", () => {
  it('is the file the packages ship, word for word', () => {
    expect(guideExample()).toBe(example);
  });

  it('loads as the machine-wide file with no problem, and names real endpoints', () => {
    const machinePath = '/etc/agent-toolbar/config.yaml';
    const loaded = loadConfig({ machinePath, userPath: '/nowhere/config.yaml', readText: (p) => (p === machinePath ? guideExample() : null) });
    expect(loaded.problems).toEqual([]);
    expect(loaded.blocked).toBeNull();
    expect(loaded.builtinEndpoints).toBe(false);
    expect(loaded.config.endpoints).toEqual({ primary: 'tserver-east tsrv-east.example.com:3000 tls', backup: 'tserver-west tsrv-west.example.com:3000 tls' });
    expect(loaded.config.mode).toBe('hot');
    expect(loaded.config.reconnect.firstDelayMaxMs).toBe(1800);
  });

  it("puts the agent's file in Electron's userData folder (the product name)", () => {
    expect(USER_CONFIG_FOLDER).toBe(PRODUCT_NAME);
  });
});
