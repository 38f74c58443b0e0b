// What `npm start` / `npm run preview` print last, once everything is up, for someone
// running the project for the first time: where the toolbar is, where the simulator's
// control API is, and one command to paste that makes the toolbar fail over. Pure, so
// the words are tested; cli.ts writes them to stdout after the build's output.
import type { EndpointConfig } from '../tserver/session/api.ts';

export interface FirstRunFacts {
  /** The page, with this run's access token. */
  url: string;
  endpoints: readonly EndpointConfig[];
  /** The embedded simulator, when this run started it. */
  sim: { controlUrl: string | null; servers: Record<'a' | 'b', { host: string; port: number }> } | null;
  /** The documented ports were taken, so the simulator listens on free ones. */
  simulatorMoved: boolean;
}

const address = (e: { host: string; port: number }): string => `${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}`;

export function firstRunText(facts: FirstRunFacts): string {
  const lines = ['', 'Agent Toolbar (browser preview) is ready.', ''];
  lines.push(`  Toolbar:     ${facts.url}`);
  const { sim } = facts;
  if (sim) {
    const { a, b } = sim.servers;
    lines.push(`  Simulator:   ${sim.controlUrl ?? '(no control API)'}   T-Servers a=${address(a)} (primary), b=${address(b)} (backup); docs/simulator.md`);
    if (sim.controlUrl) lines.push(`  Failover:    curl -s -X POST ${sim.controlUrl}/servers/a/crash`);
    if (facts.simulatorMoved) lines.push('', '  (Ports 7001/7002/7099 were taken, so the simulator took free ones: use the addresses above.)');
    lines.push(
      '',
      'Open the toolbar URL in Chromium. Run the failover command in another terminal: the',
      'toolbar moves to b and restores the agent. Ctrl+C stops everything.',
    );
  } else {
    lines.push(`  T-Servers:   ${facts.endpoints.map((e) => `${e.name}=${address(e)}${e.tls ? ' (tls)' : ''}`).join(', ')}`);
    lines.push('', 'Open the toolbar URL in Chromium. Ctrl+C stops the preview.');
  }
  return `${lines.join('\n')}\n`;
}
