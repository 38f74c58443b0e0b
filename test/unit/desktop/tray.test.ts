import { describe, expect, it } from 'vitest';
import { MAX_TRAY_ANSWERS, TrayService, trayMenuFor } from '../../../app/main/desktop/tray.ts';
import { markCall } from '../../../app/main/desktop/tray-icon.ts';
import type { TrayHandle, TrayIcon, TrayMenuItem } from '../../../app/main/desktop/tray.ts';
import { trayStateFor } from '../../../app/main/desktop/tray-state.ts';
import { PHASES } from '../../../app/shared/connectivity.ts';
import type { CallView, ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';
import { WORDS } from '../../../app/shared/messages/index.ts';
import { makeSnapshot } from '../../support/snapshots.ts';

const call = (over: Partial<CallView> = {}): CallView => ({
  connId: 'c1', state: 'ringing', otherDN: '+15551234567', direction: 'inbound', since: 1_699_999_999_000, confidence: 'current', controllable: true, pending: null, ...over,
});

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
  let menu: (item: TrayMenuItem) => void = () => {};
  let items: readonly TrayMenuItem[] = [];
  const icon = (i: TrayIcon) => `${i.level}${i.call ? `+${i.call}` : ''}`;
  const factory = (initial: TrayIcon, onClick: () => void, onMenu: (item: TrayMenuItem) => void): TrayHandle => {
    calls.push(`create:${icon(initial)}`);
    click = onClick;
    menu = onMenu;
    return {
      setImage: (i) => void calls.push(`image:${icon(i)}`),
      setToolTip: (text) => void calls.push(`tooltip${/Incoming call|On a call/.test(text) ? ':call' : ''}`),
      setMenu: (m) => {
        items = m;
        calls.push(`menu:${m.find((i) => i.id === 'reconnect')!.enabled ? 'reconnect-on' : 'reconnect-off'}`);
      },
      destroy: () => void calls.push('destroy'),
    };
  };
  const pick = (id: TrayMenuItem['id']) => menu(items.find((i) => i.id === id)!);
  return { factory, calls, click: () => click(), menu: pick, items: () => items };
}

describe('TrayService', () => {
  it('redraws only what changed', () => {
    const f = fakeFactory();
    const actions: string[] = [];
    const tray = new TrayService(f.factory, { show: () => void actions.push('show'), reconnectNow: () => void actions.push('reconnect'), answer: (id) => void actions.push(`answer ${id}`), quit: () => void actions.push('quit') });
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

describe('calls in the tray', () => {
  it('a ringing call comes first in the tooltip, then the call in progress; the icon level stays the connection\'s', () => {
    const ringing = trayStateFor(makeSnapshot({ calls: [call()] }));
    expect(ringing).toMatchObject({ level: 'ok', call: 'ringing', tooltip: 'Agent Toolbar: Incoming call from \u2068+1 555 123 4567\u2069 · Connected · Agent 1001: Ready' });
    expect(trayStateFor(makeSnapshot({ calls: [call(), call({ connId: 'c2' })] })).tooltip).toMatch(/^Agent Toolbar: 2 incoming calls · Connected/);
    // Ringing beats a call in progress: it is the one that needs the agent.
    expect(trayStateFor(makeSnapshot({ calls: [call({ connId: 'c0', state: 'held' }), call()] })).tooltip).toMatch(/^Agent Toolbar: Incoming call from \u2068\+1 555 123 4567\u2069 · /);
    expect(trayStateFor(makeSnapshot({ calls: [call({ state: 'established' })] }))).toMatchObject({ call: 'in-call', tooltip: expect.stringMatching(/^Agent Toolbar: On a call with \u2068\+1 555 123 4567\u2069 · Connected/) });
    expect(trayStateFor(makeSnapshot({ calls: [call({ state: 'held' })] })).tooltip).toMatch(/^Agent Toolbar: Call on hold with \u2068\+1 555 123 4567\u2069 · /);
    expect(trayStateFor(makeSnapshot({ calls: [call({ state: 'dialing', direction: 'outbound', otherDN: null })] })).tooltip).toMatch(/^Agent Toolbar: Calling an unknown number · /);
    expect(trayStateFor(makeSnapshot({ calls: [call({ state: 'established' }), call({ connId: 'c2', state: 'held' })] })).tooltip).toMatch(/^Agent Toolbar: On 2 calls · /);
    expect(trayStateFor(makeSnapshot())).toMatchObject({ call: null, tooltip: 'Agent Toolbar: Connected · Agent 1001: Ready' });
  });

  it('a call the toolbar cannot hear is said to be last known, never as current — a last-known ringing call is not "ringing"', () => {
    const away = { phase: 'reconnecting' as const, server: null, nextServer: 'b', attempt: 2 };
    const held = trayStateFor(makeSnapshot({ ...away, calls: [call({ state: 'established', confidence: 'last-known', controllable: false })] }));
    expect(held).toMatchObject({ level: 'error', call: 'in-call', tooltip: expect.stringMatching(/^Agent Toolbar: On a call with \u2068\+1 555 123 4567\u2069 \(last known\) · Connection lost/) });
    const rang = trayStateFor(makeSnapshot({ ...away, calls: [call({ confidence: 'last-known', controllable: false })] }));
    expect(rang).toMatchObject({ call: 'in-call', tooltip: expect.stringMatching(/^Agent Toolbar: Incoming call from \u2068\+1 555 123 4567\u2069 \(last known\) · /) });
  });

  it('a hostile party name is cleaned and cut, so the qualifier and the connection still fit in 127 characters', () => {
    const s = trayStateFor(makeSnapshot({ phase: 'link-down', link: 'down', calls: [call({ state: 'established', confidence: 'last-known', otherDN: `\u202e${'9'.repeat(200)}\u0007` })] }));
    expect(s.tooltip).toMatch(/^Agent Toolbar: On a call with \u20689{31}…\u2069 \(last known\) · Phone system link down/);
    expect([...s.tooltip].some((ch) => ch === '\u202e' || ch === '\u0007')).toBe(false);
    expect(s.tooltip.length).toBeLessThanOrEqual(127);
    // The degrade notification's body is the connection and the agent only: a call it named would go stale on screen.
    expect(s.status).toBe('Phone system link down: calls continue, controls paused · Agent 1001: Ready');
  });

  it('each ringing call has an Answer item (at most a few), greyed while it cannot act; labels from the catalogue', () => {
    const M = WORDS.tray.menu;
    expect(trayMenuFor(makeSnapshot()).map((i) => i.label)).toEqual([M.show, M.reconnect, M.quit]);
    const menu = trayMenuFor(makeSnapshot({ calls: [call(), call({ connId: 'c2', otherDN: null, controllable: false }), call({ connId: 'c3', state: 'established' })] }));
    expect(menu).toEqual([
      { id: 'answer', connId: 'c1', label: 'Answer call from \u2068+1 555 123 4567\u2069', enabled: true },
      { id: 'answer', connId: 'c2', label: 'Answer call from an unknown number', enabled: false },
      { id: 'show', label: 'Show Agent Toolbar', enabled: true },
      { id: 'reconnect', label: 'Reconnect now', enabled: false },
      { id: 'quit', label: 'Quit', enabled: true },
    ]);
    // A request on it pending: greyed too. Last known: not listed (it may have stopped ringing).
    expect(trayMenuFor(makeSnapshot({ calls: [call({ pending: { request: 'answer', since: 1 } })] }))[0]).toMatchObject({ id: 'answer', enabled: false });
    expect(trayMenuFor(makeSnapshot({ phase: 'reconnecting', calls: [call({ confidence: 'last-known' })] })).some((i) => i.id === 'answer')).toBe(false);
    const flood = Array.from({ length: 500 }, (_, n) => call({ connId: `f${n}` }));
    expect(trayMenuFor(makeSnapshot({ calls: flood })).filter((i) => i.id === 'answer')).toHaveLength(MAX_TRAY_ANSWERS);
  });

  it('the service redraws tooltip and menu when a call rings and stops; Answer passes the ConnID on', () => {
    const f = fakeFactory();
    const answered: string[] = [];
    const tray = new TrayService(f.factory, { show: () => {}, reconnectNow: () => {}, answer: (id) => void answered.push(id), quit: () => {} });
    tray.update(makeSnapshot());
    tray.update(makeSnapshot({ seq: 2, calls: [call()] }));
    expect(f.items()[0]).toMatchObject({ id: 'answer', connId: 'c1' });
    f.menu('answer');
    expect(answered).toEqual(['c1']);
    tray.update(makeSnapshot({ seq: 3, calls: [call({ state: 'established' })] }));
    expect(f.items().some((i) => i.id === 'answer')).toBe(false);
    tray.update(makeSnapshot({ seq: 4, calls: [call({ state: 'held' })] })); // another call state, same mark: tooltip only
    tray.update(makeSnapshot({ seq: 5, calls: [] }));
    expect(f.calls).toEqual([
      'create:ok', 'tooltip', 'menu:reconnect-off',
      'image:ok+ringing', 'tooltip:call', 'menu:reconnect-off',
      'image:ok+in-call', 'tooltip:call', 'menu:reconnect-off',
      'tooltip',
      'image:ok', 'tooltip', // the menu is as it was
    ]);
  });

  it('the service labels Not Ready with the configured reason', () => {
    const f = fakeFactory();
    const tips: string[] = [];
    const factory = (...args: Parameters<typeof f.factory>) => ({ ...f.factory(...args), setToolTip: (t: string) => void tips.push(t) });
    new TrayService(factory, { show: () => {}, reconnectNow: () => {}, answer: () => {}, quit: () => {} }, [{ code: 'R7', label: 'Lunch' }]).update(
      makeSnapshot({ agent: { ...makeSnapshot().agent, state: 'not-ready', reasonCode: 'R7' } }),
    );
    expect(tips).toEqual(['Agent Toolbar: Connected · Agent 1001: Not Ready (Lunch)']);
  });
});

describe('the call mark on the tray icon', () => {
  const size = 32;
  /** An opaque green dot stand-in: every pixel (0x2e, 0xa0, 0x43, 0xff). */
  const dot = () => {
    const px = new Uint8Array(size * size * 4);
    for (let i = 0; i < px.length; i += 4) px.set([0x2e, 0xa0, 0x43, 0xff], i);
    return px;
  };
  const at = (px: Uint8Array, x: number, y: number) => [...px.slice((y * size + x) * 4, (y * size + x) * 4 + 4)];

  it('ringing: a large white centre; on a call: a small dark one; the colour around it untouched', () => {
    const base = dot();
    const ringing = markCall(base, size, size, 'ringing');
    const inCall = markCall(base, size, size, 'in-call');
    expect(at(ringing, 16, 16)).toEqual([0xff, 0xff, 0xff, 0xff]);
    expect(at(inCall, 16, 16)).toEqual([0x20, 0x20, 0x20, 0xff]);
    // 7 px from the centre: inside the ringing mark (r ≈ 7.7), outside the in-call one (r ≈ 5.1).
    expect(at(ringing, 22, 16)).toEqual([0xff, 0xff, 0xff, 0xff]);
    expect(at(inCall, 22, 16)).toEqual([0x2e, 0xa0, 0x43, 0xff]);
    expect(at(ringing, 2, 16)).toEqual([0x2e, 0xa0, 0x43, 0xff]);
    // Greys only (R = G = B): the same in BGRA and RGBA bitmaps.
    for (const px of [ringing, inCall]) {
      for (let i = 0; i < px.length; i += 4) if (px[i] !== 0x2e) expect(px[i + 1]).toBe(px[i]);
    }
    expect(base).toEqual(dot()); // a copy: the source is untouched
    expect(() => markCall(new Uint8Array(10), size, size, 'ringing')).toThrow(/10 bytes for 32×32/);
  });
});
