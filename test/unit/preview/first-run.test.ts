import { describe, expect, it } from 'vitest';
import { firstRunText } from '../../../app/main/preview/first-run.ts';

const url = 'http://127.0.0.1:41995/?token=abc';
const servers = { a: { host: '127.0.0.1', port: 7001 }, b: { host: '127.0.0.1', port: 7002 } };

describe('what the preview prints last', () => {
  it('with the simulator: toolbar URL, control URL, one failover command, then what to do', () => {
    const text = firstRunText({ url, endpoints: [], sim: { controlUrl: 'http://127.0.0.1:7099', servers }, simulatorMoved: false });
    expect(text.split('\n').filter((l) => l.startsWith('  '))).toEqual([
      `  Toolbar:     ${url}`,
      '  Simulator:   http://127.0.0.1:7099   T-Servers a=127.0.0.1:7001 (primary), b=127.0.0.1:7002 (backup); docs/simulator.md',
      '  Failover:    curl -s -X POST http://127.0.0.1:7099/servers/a/crash',
    ]);
    expect(text).toMatch(/Ctrl\+C stops everything\.\n$/);
    expect(text).not.toContain('were taken');
  });

  it('says when the documented ports were taken', () => {
    const moved = { a: { host: '127.0.0.1', port: 40001 }, b: { host: '127.0.0.1', port: 40002 } };
    const text = firstRunText({ url, endpoints: [], sim: { controlUrl: 'http://127.0.0.1:40099', servers: moved }, simulatorMoved: true });
    expect(text).toContain('curl -s -X POST http://127.0.0.1:40099/servers/a/crash');
    expect(text).toContain('Ports 7001/7002/7099 were taken');
  });

  it('with real servers: no simulator line, no failover command', () => {
    const text = firstRunText({ url, endpoints: [{ name: 'east', host: '::1', port: 3000, tls: true }, { name: 'west', host: 'tsrv2', port: 3000 }], sim: null, simulatorMoved: false });
    expect(text).toContain('  T-Servers:   east=[::1]:3000 (tls), west=tsrv2:3000');
    expect(text).not.toMatch(/curl|Simulator/);
  });
});
