import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { APP_ID, PRODUCT_NAME } from '../../../app/main/desktop/app-id.ts';
import { loadConfig } from '../../../app/main/config/load.ts';

describe('packaging', () => {
  it('electron-builder appId is the Windows AppUserModelID the app sets', () => {
    const builder = YAML.parse(readFileSync('electron-builder.yml', 'utf8')) as { appId: string; productName: string; asar: boolean };
    expect(builder.appId).toBe(APP_ID);
    expect(builder.productName).toBe(PRODUCT_NAME);
    expect(builder.asar).toBe(true);
  });

  it('a tray icon PNG exists for every tray level', () => {
    for (const level of ['ok', 'warn', 'error']) {
      const png = readFileSync(`build/icons/tray-${level}.png`);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
    }
    expect(existsSync('build/icons/tray-unknown.png')).toBe(false);
  });

  it('the shipped machine config example loads without a problem', () => {
    const example = 'build/config/config.example.yaml';
    const loaded = loadConfig({ machinePath: example, userPath: '/nonexistent', readText: (p) => (p === example ? readFileSync(p, 'utf8') : null) });
    expect(loaded.problems).toEqual([]);
    expect(loaded.config.endpoints.primary).toBe('tserver-east tsrv-east.example.com:3000 tls');
    expect(loaded.builtinEndpoints).toBe(false);
  });
});
