// What the tray shows for a snapshot: the worst state as a colour, and a
// tooltip in the window's plain words — all from the one catalogue
// (app/shared/messages): no server names, roles, codes or attempts (DESIGN.md §6).
import type { AgentView, ConnectivitySnapshot } from '../../shared/connectivity.ts';
import { agentStateLabel, WORDS } from '../../shared/messages/index.ts';
import type { NotReadyReason } from '../../shared/ui-config.ts';

export type TrayLevel = 'ok' | 'warn' | 'error';

export interface TrayState {
  level: TrayLevel;
  /** One line; Windows truncates tray tooltips at 127 characters. */
  tooltip: string;
}

const MAX_TOOLTIP = 127;
const T = WORDS.tray;

/** The agent's state in words; a state the switch cannot confirm now says so before the state itself. */
function agentText(agent: AgentView, reasons: readonly NotReadyReason[]): string {
  if (agent.state === 'unknown') return '';
  const who = T.who(agent.agentId, agent.dn);
  // Qualifier first, so a tooltip cut at 127 characters never shows a bare, stale state.
  const label = agent.confidence === 'last-known' ? `${who}, ${T.lastKnown}` : who;
  const state = agent.state === 'logged-out' && agent.loggedOutBySwitch ? T.loggedOutBySwitch : agentStateLabel(agent.state, agent.reasonCode, reasons);
  return `${label}: ${state}`;
}

function connectionText(s: ConnectivitySnapshot): { level: TrayLevel; text: string } {
  switch (s.phase) {
    case 'online':
      // On the backup with nothing behind it: still working, but one more failure is an outage.
      if (s.server?.role === 'backup' && !s.standby.ready) return { level: 'warn', text: T.noStandby };
      return { level: 'ok', text: T.phase.online };
    case 'checking': // not lost yet (one ADDP interval of silence, the ping is out): amber, never red
    case 'link-down':
    case 'connecting':
      return { level: 'warn', text: T.phase[s.phase] };
    case 'reconnecting':
    case 'offline':
    case 'failed':
      return { level: 'error', text: T.phase[s.phase] };
  }
}

/** Every tooltip starts with this; notification bodies drop it (the OS shows which app sent them). */
export const TOOLTIP_PREFIX = `${WORDS.appName}: `;

/** `reasons`: the configured Not Ready reasons, for their labels (a code without one is shown as it is). */
export function trayStateFor(snapshot: ConnectivitySnapshot, reasons: readonly NotReadyReason[] = []): TrayState {
  const { level, text } = connectionText(snapshot);
  const agent = agentText(snapshot.agent, reasons);
  const tooltip = `${TOOLTIP_PREFIX}${text}${agent ? ` · ${agent}` : ''}`;
  return { level, tooltip: tooltip.length > MAX_TOOLTIP ? `${tooltip.slice(0, MAX_TOOLTIP - 1)}…` : tooltip };
}
