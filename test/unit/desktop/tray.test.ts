import { describe, expect, it } from 'vitest';
import { TrayService } from '../../../app/main/desktop/tray.ts';
import type { TrayHandle, TrayMenuItem } from '../../../app/main/desktop/tray.ts';
import { trayStateFor } from '../../../app/main/desktop/tray-state.ts';
import { PHASES } from '../../../app/shared/connectivity.ts';
import type { ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';
import { makeSnapshot } from '../../support/snapshots.ts';

describe('trayStateFor', () => {
  it.each([
    ['online on primary', makeSnapshot(), 'ok', 'Agent Toolbar: Connected · Agent 1001: Ready'],
    ['online on backup with standby', makeSnapshot({ server: { name: 'b', role: 'backup' }, standby: { name: 'a', ready: true } }), 'ok', 'Agent Toolbar: Connected · Agent 1001: Ready'],
    ['online on backup without standby', makeSnapshot({ server: { name: 'b', role: 'backup' }, standby: { name: 'a', ready: false } }), 'warn', 'Connected, but no backup server is ready'],
    ['link down', makeSnapshot({ phase: 'link-down', link: 'down' }), 'warn', 'Phone system link down: calls continue, controls paused'],
    ['checking (silent server, not lost): amber, never red', makeSnapshot({ phase: 'checking', silence: { server: 'a', since: 1_699_999_990_000 } }), 'warn', 'Checking the connection, no answer yet'],
    ['connecting', makeSnapshot({ phase: 'connecting', server: null, nextServer: 'a' }), 'warn', 'Agent Toolbar: Connecting ·'],
    ['reconnecting', makeSnapshot({ phase: 'reconnecting', server: null, nextServer: 'b', attempt: 3 }), 'error', 'Agent Toolbar: Connection lost, reconnecting ·'],
    ['offline', makeSnapshot({ phase: 'offline', server: null }), 'error', "Can't reach the phone system, still trying"],
    [
      'failed',
      makeSnapshot({ phase: 'failed', server: null, lastError: { code: 119, message: 'Bad application password', retryable: false, server: 'a' } }),
      'error',
      "Can't connect: open the toolbar",
    ],
  ] as const)('%s', (_label, snapshot, level, text) => {
    const state = trayStateFor(snapshot);
    expect(state.level).toBe(level);
    expect(state.tooltip).toContain(text);
    expect(state.tooltip.length).toBeLessThanOrEqual(127);
  });

  const agent = (overrides: Partial<ConnectivitySnapshot['agent']>) => ({ ...makeSnapshot().agent, ...overrides });

  it('never names servers, roles, attempts or what the server said: those are Details', () => {
    const noisy = { server: { name: 'SRV-X', role: 'backup' as const }, standby: { name: 'SRV-Y', ready: false }, nextServer: 'SRV-Z', attempt: 77 };
    const err = { code: 119, message: 'SERVER-WORDS', retryable: false, server: 'SRV-X' };
    for (const phase of PHASES) {
      const tip = trayStateFor(makeSnapshot({ ...noisy, phase, lastError: err, linkError: { code: 109, message: 'SERVER-WORDS' } })).tooltip;
      expect(tip, phase).not.toMatch(/SRV-|SERVER-WORDS|77|primary|backup \(|119|109/);
    }
  });

  it('names the agent state with the configured reason label, and keeps long tooltips within 127 characters', () => {
    const reasons = [{ code: 'R7', label: 'Lunch' }];
    expect(trayStateFor(makeSnapshot({ agent: agent({ state: 'not-ready', reasonCode: 'R7' }) }), reasons).tooltip).toMatch(/Agent 1001: Not Ready \(Lunch\)$/);
    expect(trayStateFor(makeSnapshot({ agent: agent({ state: 'not-ready', reasonCode: 'R8' }) }), reasons).tooltip).toMatch(/Agent 1001: Not Ready \(R8\)$/);
    expect(trayStateFor(makeSnapshot({ agent: agent({ agentId: null, state: 'acw' }) })).tooltip).toMatch(/Extension 5001: After-call work$/);
    const long = trayStateFor(makeSnapshot({ agent: agent({ agentId: 'A'.repeat(64), state: 'not-ready', reasonCode: 'X'.repeat(32) }) }));
    expect(long.tooltip).toHaveLength(127);
    expect(long.tooltip.endsWith('…')).toBe(true);
  });

  it('never presents a last-known agent state as current', () => {
    const away = makeSnapshot({ phase: 'reconnecting', server: null, nextServer: 'b', attempt: 2, agent: agent({ confidence: 'last-known', state: 'not-ready', reasonCode: 'Lunch' }) });
    expect(trayStateFor(away).tooltip).toBe('Agent Toolbar: Connection lost, reconnecting · Agent 1001, last known: Not Ready (Lunch)');
    expect(trayStateFor(makeSnapshot({ phase: 'checking', agent: agent({ confidence: 'last-known' }) })).tooltip).toMatch(/Agent 1001, last known: Ready$/);
    expect(trayStateFor(makeSnapshot({ agent: agent({ confidence: 'current' }) })).tooltip).toMatch(/Agent 1001: Ready$/);
    // Cut at 127 characters, the qualifier comes before the state, so no bare stale state is left.
    const cut = trayStateFor(makeSnapshot({ phase: 'offline', agent: agent({ agentId: 'B'.repeat(51), confidence: 'last-known' }) }));
    expect(cut.tooltip).toHaveLength(127);
    expect(cut.tooltip).toMatch(/, last kn…$/);
  });

  it('says when the switch logged the agent out, unlike a logout the agent asked for', () => {
    expect(trayStateFor(makeSnapshot({ agent: agent({ state: 'logged-out', loggedOutBySwitch: { at: 1_699_999_995_000 } }) })).tooltip).toMatch(/Agent 1001: Logged out by the phone system$/);
    expect(trayStateFor(makeSnapshot({ agent: agent({ state: 'logged-out' }) })).tooltip).toMatch(/Agent 1001: Logged out$/);
  });
});

function fakeFactory() {
  const calls: string[] = [];
  let click = () => {};
  let menu: (id: TrayMenuItem['id']) => void = () => {};
  let items: readonly TrayMenuItem[] = [];
  const factory = (initial: string, onClick: () => void, onMenu: (id: TrayMenuItem['id']) => void): TrayHandle => {
    calls.push(`create:${initial}`);
    click = onClick;
    menu = onMenu;
    return {
      setImage: (level) => void calls.push(`image:${level}`),
      setToolTip: () => void calls.push('tooltip'),
      setMenu: (m) => {
        items = m;
        calls.push(`menu:${m.find((i) => i.id === 'reconnect')!.enabled ? 'reconnect-on' : 'reconnect-off'}`);
      },
      destroy: () => void calls.push('destroy'),
    };
  };
  return { factory, calls, click: () => click(), menu: (id: TrayMenuItem['id']) => menu(id), items: () => items };
}

describe('TrayService', () => {
  it('redraws only what changed', () => {
    const f = fakeFactory();
    const actions: string[] = [];
    const tray = new TrayService(f.factory, { show: () => void actions.push('show'), reconnectNow: () => void actions.push('reconnect'), quit: () => void actions.push('quit') });
    tray.update(makeSnapshot());
    tray.update(makeSnapshot({ seq: 2 })); // same view: nothing redrawn
    tray.update(makeSnapshot({ seq: 3, phase: 'link-down', link: 'down' }));
    tray.update(makeSnapshot({ seq: 4, phase: 'reconnecting', server: null, nextServer: 'b', attempt: 1 }));
    // The attempt number is Details, not the tooltip: nothing is redrawn per attempt.
    tray.update(makeSnapshot({ seq: 5, phase: 'reconnecting', server: null, nextServer: 'b', attempt: 2 }));
    tray.update(makeSnapshot({ seq: 6, phase: 'reconnecting', server: null, nextServer: 'b', attempt: 2, agent: { ...makeSnapshot().agent, confidence: 'last-known' } })); // tooltip only
    expect(f.calls).toEqual([
      'create:ok', 'tooltip', 'menu:reconnect-off',
      'image:warn', 'tooltip', 'menu:reconnect-on',
      'image:error', 'tooltip',
      'tooltip',
    ]);
    expect(f.items().map((i) => i.label)).toEqual(['Show Agent Toolbar', 'Reconnect now', 'Quit']);
    f.click();
    f.menu('reconnect');
    f.menu('show');
    f.menu('quit');
    expect(actions).toEqual(['show', 'reconnect', 'show', 'quit']);
    tray.destroy();
    expect(f.calls.at(-1)).toBe('destroy');
  });
});
