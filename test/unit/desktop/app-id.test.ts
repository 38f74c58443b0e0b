import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { APP_ID } from '../../../app/main/desktop/app-id.ts';
import { loadConfig } from '../../../app/main/config/load.ts';

describe('packaging', () => {
  it('electron-builder appId is the Windows AppUserModelID the app sets', () => {
    const builder = YAML.parse(readFileSync('electron-builder.yml', 'utf8')) as { appId: string; asar: boolean };
    expect(builder.appId).toBe(APP_ID);
    expect(builder.asar).toBe(true);
  });

  it('the shipped machine config example loads without a problem', () => {
    const example = 'build/config/config.example.yaml';
    const loaded = loadConfig({ machinePath: example, userPath: '/nonexistent', readText: (p) => (p === example ? readFileSync(p, 'utf8') : null) });
    expect(loaded.problems).toEqual([]);
    expect(loaded.config.endpoints.primary).toBe('tserver-east tsrv-east.example.com:3000 tls');
    expect(loaded.builtinEndpoints).toBe(false);
  });
});
