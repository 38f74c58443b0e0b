// Where config files live on each OS. Pure: platform and environment are
// passed in, so tests cover every OS from any machine.
//
// Two kinds of folder, named on purpose:
// - the agent's own file sits in the folder Electron already keeps for the agent —
//   userData, named after package.json's productName ("Agent Toolbar") — next to the
//   window position and (Linux, Windows) the logs: one folder holds everything the
//   toolbar keeps for an agent, so support collects one folder;
// - the machine-wide file IT deploys keeps names without spaces (`/etc/agent-toolbar`,
//   `AgentToolbar`): typed in deployment scripts and GPO paths, and /etc is lower case
//   by convention. Electron has no folder of its own there.
import { posix, win32 } from 'node:path';

/** Electron's userData folder name: package.json productName (test/packaging/names.test.ts keeps them equal). */
export const USER_CONFIG_FOLDER = 'Agent Toolbar';

export interface PlatformEnv {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  homedir: string;
}

/** The machine-wide file IT deploys (defaults + enforced). */
export function machineConfigPath({ platform, env }: PlatformEnv): string {
  if (platform === 'win32') return win32.join(env.ProgramData ?? 'C:\\ProgramData', 'AgentToolbar', 'config.yaml');
  if (platform === 'darwin') return '/Library/Application Support/AgentToolbar/config.yaml';
  return '/etc/agent-toolbar/config.yaml';
}

/**
 * The agent's own file, in Electron's userData folder (app.getPath('userData')):
 * `<appData>/Agent Toolbar/config.yaml`, where appData is %APPDATA%, ~/Library/Application
 * Support, or $XDG_CONFIG_HOME (default ~/.config). AGENT_TOOLBAR_CONFIG points elsewhere
 * (tests, support).
 */
export function userConfigPath({ platform, env, homedir }: PlatformEnv): string {
  if (env.AGENT_TOOLBAR_CONFIG) return env.AGENT_TOOLBAR_CONFIG;
  if (platform === 'win32') return win32.join(env.APPDATA ?? win32.join(homedir, 'AppData', 'Roaming'), USER_CONFIG_FOLDER, 'config.yaml');
  if (platform === 'darwin') return posix.join(homedir, 'Library', 'Application Support', USER_CONFIG_FOLDER, 'config.yaml');
  return posix.join(env.XDG_CONFIG_HOME || posix.join(homedir, '.config'), USER_CONFIG_FOLDER, 'config.yaml');
}
