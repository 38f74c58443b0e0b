// One identity in four places: package.json, electron-builder.yml, the code's
// constants (app/main/desktop/app-id.ts, app/main/config/paths.ts) and the admin
// guide (docs/deployment.md). Electron derives folder names from package.json
// productName and the Linux window class from desktopName; electron-builder
// derives the install folder, executable and .desktop file from its config.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import YAML from 'yaml';
import { APP_ID, DESKTOP_NAME, LINUX_EXECUTABLE, PRODUCT_NAME } from '../../app/main/desktop/app-id.ts';
import { machineConfigPath, userConfigPath } from '../../app/main/config/paths.ts';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
const builder = YAML.parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as {
  appId: string;
  productName: string;
  linux: { executableName: string; syncDesktopName: boolean };
};
const guide = readFileSync(join(root, 'docs', 'deployment.md'), 'utf8');

describe('product identity', () => {
  it('package.json names the product and the .desktop file as the code does', () => {
    assert.equal(pkg.productName, PRODUCT_NAME);
    assert.equal(pkg.desktopName, DESKTOP_NAME);
    assert.equal(DESKTOP_NAME, `${APP_ID}.desktop`);
    assert.match(String(pkg.homepage), /^https:\/\//); // the deb's Homepage; electron-builder refuses Linux packages without one
  });

  it('electron-builder.yml uses the same appId, productName and Linux names', () => {
    assert.equal(builder.appId, APP_ID);
    assert.equal(builder.productName, PRODUCT_NAME);
    assert.equal(builder.linux.executableName, LINUX_EXECUTABLE);
    // Without it electron-builder names the .desktop file after the executable, not desktopName.
    assert.equal(builder.linux.syncDesktopName, true);
  });

  it("the admin guide gives Electron's folders under the product name", () => {
    // Electron: userData = <appData>/<productName>; logs = <userData>/logs (Linux, Windows), ~/Library/Logs/<productName> (macOS).
    for (const path of [
      `~/.config/${PRODUCT_NAME}/logs/toolbar.log`,
      `%APPDATA%\\${PRODUCT_NAME}\\logs\\toolbar.log`,
      `~/Library/Logs/${PRODUCT_NAME}/toolbar.log`,
      `~/.config/${PRODUCT_NAME}/`,
      `%APPDATA%\\${PRODUCT_NAME}\\`,
      `~/Library/Application Support/${PRODUCT_NAME}/`,
    ]) {
      assert.ok(guide.includes(path), `docs/deployment.md does not give ${path}`);
    }
    // The folder Electron would use were productName missing (package.json "name").
    assert.doesNotMatch(guide, new RegExp(`\\.config/${String(pkg.name)}/logs|Logs/${String(pkg.name)}\\b`));
  });

  it('the admin guide gives the installed program, launcher entry and window class', () => {
    for (const text of [
      `/opt/${PRODUCT_NAME}/${LINUX_EXECUTABLE}`,
      `C:\\Program Files\\${PRODUCT_NAME}\\${PRODUCT_NAME}.exe`,
      `/Applications/${PRODUCT_NAME}.app`,
      `/usr/share/applications/${DESKTOP_NAME}`,
      `\`${APP_ID}\``,
    ]) {
      assert.ok(guide.includes(text), `docs/deployment.md does not give ${text}`);
    }
  });

  it('the admin guide gives the config files where paths.ts looks for them', () => {
    const env = { ProgramData: '%ProgramData%', APPDATA: '%APPDATA%' };
    const home = '~';
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      for (const path of [machineConfigPath({ platform, env, homedir: home }), userConfigPath({ platform, env, homedir: home })]) {
        assert.ok(guide.includes(`\`${path}\``), `docs/deployment.md does not give ${path} (${platform})`);
      }
    }
  });
});
