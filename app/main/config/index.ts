// Config loading for the app: the OS paths plus the file system.
import { homedir } from 'node:os';
import { loadConfig } from './load.ts';
import type { LoadedConfig } from './load.ts';
import { machineConfigPath, userConfigPath } from './paths.ts';
import { readConfigFile } from './read-file.ts';

export type { ConfigBlock, ConfigProblem, LoadedConfig } from './load.ts';
export type { ShortcutsConfig, ToolbarConfig } from './schema.ts';
export { toSessionOptions } from './session-options.ts';
export { uiConfigOf } from './ui-config.ts';
export { machineConfigPath, userConfigPath } from './paths.ts';
export { readConfigFile } from './read-file.ts';

export function loadConfigFromDisk(env: Record<string, string | undefined> = process.env): LoadedConfig {
  const where = { platform: process.platform, env, homedir: homedir() };
  return loadConfig({ machinePath: machineConfigPath(where), userPath: userConfigPath(where), readText: (path) => readConfigFile(path) });
}
