// What the tray shows for a snapshot: the worst state as a colour, and a
// tooltip in the same plain words as the window (DESIGN.md §6).
import type { AgentView, ConnectivitySnapshot } from '../../shared/connectivity.ts';
import { PRODUCT_NAME } from './app-id.ts';

export type TrayLevel = 'ok' | 'warn' | 'error';

export interface TrayState {
  level: TrayLevel;
  /** One line; Windows truncates tray tooltips at 127 characters. */
  tooltip: string;
}

const MAX_TOOLTIP = 127;

/** The agent's state in words; a state the switch cannot confirm now says so before the state itself. */
function agentText(agent: AgentView): string {
  const who = agent.agentId ? `Agent ${agent.agentId}` : `DN ${agent.dn}`;
  // Qualifier first, so a tooltip cut at 127 characters never shows a bare, stale state.
  const label = agent.confidence === 'last-known' ? `${who}, last known` : who;
  switch (agent.state) {
    case 'ready':
      return `${label}: Ready`;
    case 'not-ready':
      return `${label}: Not Ready${agent.reasonCode ? ` (${agent.reasonCode})` : ''}`;
    case 'acw':
      return `${label}: After-call work`;
    case 'logged-out':
      return `${label}: ${agent.loggedOutBySwitch ? 'Logged out by the switch' : 'Logged out'}`;
    case 'unknown':
      return '';
  }
}

function connectionText(s: ConnectivitySnapshot): { level: TrayLevel; text: string } {
  const server = s.server ? `${s.server.name}${s.server.role === 'unknown' ? '' : ` (${s.server.role})`}` : 'the server';
  switch (s.phase) {
    case 'online':
      if (s.server?.role === 'backup' && !s.standby.ready) {
        return { level: 'warn', text: `On backup ${s.server.name}, no standby server ready` };
      }
      return { level: 'ok', text: `Connected to ${server}` };
    case 'checking':
      // Not lost yet (one ADDP interval of silence, the ping is out): amber, never red.
      return { level: 'warn', text: `Checking the connection to ${server}, no answer yet` };
    case 'link-down':
      return { level: 'warn', text: `Phone switch link down on ${server}: calls continue, controls paused` };
    case 'connecting':
      return { level: 'warn', text: `Connecting${s.nextServer ? ` to ${s.nextServer}` : ''}…` };
    case 'reconnecting':
      return { level: 'error', text: `Connection lost, reconnecting${s.nextServer ? ` to ${s.nextServer}` : ''} (attempt ${s.attempt})` };
    case 'offline':
      return { level: 'error', text: 'No T-Server reachable, retrying' };
    case 'failed':
      return { level: 'error', text: `Cannot connect: ${s.lastError?.message ?? 'unknown error'}` };
  }
}

/** Every tooltip starts with this; notification bodies drop it (the OS shows which app sent them). */
export const TOOLTIP_PREFIX = `${PRODUCT_NAME}: `;

export function trayStateFor(snapshot: ConnectivitySnapshot): TrayState {
  const { level, text } = connectionText(snapshot);
  const agent = agentText(snapshot.agent);
  const tooltip = `${TOOLTIP_PREFIX}${text}${agent ? ` · ${agent}` : ''}`;
  return { level, tooltip: tooltip.length > MAX_TOOLTIP ? `${tooltip.slice(0, MAX_TOOLTIP - 1)}…` : tooltip };
}
