// Where config files live on each OS. Pure: platform and environment are
// passed in, so tests cover every OS from any machine.
import { posix, win32 } from 'node:path';

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

/** The agent's own file; AGENT_TOOLBAR_CONFIG points elsewhere (tests, support). */
export function userConfigPath({ platform, env, homedir }: PlatformEnv): string {
  if (env.AGENT_TOOLBAR_CONFIG) return env.AGENT_TOOLBAR_CONFIG;
  if (platform === 'win32') return win32.join(env.APPDATA ?? win32.join(homedir, 'AppData', 'Roaming'), 'AgentToolbar', 'config.yaml');
  if (platform === 'darwin') return posix.join(homedir, 'Library', 'Application Support', 'AgentToolbar', 'config.yaml');
  return posix.join(env.XDG_CONFIG_HOME || posix.join(homedir, '.config'), 'agent-toolbar', 'config.yaml');
}
