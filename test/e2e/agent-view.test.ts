// Issue 11, the agent's view, in Debian's Chromium: every state the contract allows
// (pushed by a ScriptedSession through the real preview host and shim) answers in
// plain words, fits every window the app uses (480×120, 560×72, 420×640, 360 wide,
// 200 % text) in light, dark and forced colours, axe-clean in each — plus the
// behaviour around it: no flicker, controls that never move, keyboard shortcuts,
// focus that never falls to <body>, errors at the field, reasons from config.
// Screenshots: __screenshots__/<state>-<view>.png.
import { afterEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { AgentView, ConnectivitySnapshot, FailoverInfo } from '../../app/shared/connectivity.ts';
import { DEFAULT_UI_CONFIG } from '../../app/shared/ui-config.ts';
import type { UiConfig } from '../../app/shared/ui-config.ts';
import { scriptedToolbarSuite } from './support/scripted-toolbar.ts';
import { banner, bannerKind, danglingDescriptions, describedBy, focusedTestId, nextFrames, text, WAIT } from './support/toolbar-page.ts';
import { COMPACT, recordViews, showView, VIEWS } from './support/views.ts';

const REASONS = [
  { code: 'BRK', label: 'Break' },
  { code: 'LUN', label: 'Lunch' },
  { code: 'COA', label: 'Coaching with the team lead' },
  { code: 'TRN', label: 'Training' },
];

let ui: UiConfig = { ...DEFAULT_UI_CONFIG, notReadyReasons: REASONS };
const { session, show, openPage, closePage } = scriptedToolbarSuite({ uiConfig: () => ui });

afterEach(() => {
  ui = { ...DEFAULT_UI_CONFIG, notReadyReasons: REASONS };
});

const lastKnown = (ageMs: number, agent: Partial<AgentView> = {}): Partial<AgentView> => ({ confidence: 'last-known', asOf: Date.now() - ageMs, ...agent });
const outage = (phase: 'reconnecting' | 'offline', inMs: number | null = 12_000): Partial<ConnectivitySnapshot> => ({
  phase,
  server: null,
  link: 'unknown',
  nextServer: 'b',
  attempt: 4,
  nextAttemptAt: inMs === null ? null : Date.now() + inMs,
  lastError: { code: null, message: 'connect ECONNREFUSED 127.0.0.1:7002', retryable: true, server: 'b' },
});
const failover = (result: FailoverInfo['result'], restored = true): FailoverInfo => ({ at: Date.now(), from: 'a', to: 'b', restored, result });

const readyButton = (p: Page) => p.getByTestId('ready');
const notReadyButton = (p: Page) => p.getByTestId('not-ready');

/** Everything the agent can read, outside Details. */
const agentFacingText = (p: Page) =>
  p.evaluate(() => {
    const main = document.querySelector('main')!.cloneNode(true) as HTMLElement;
    main.querySelector('#details')?.remove();
    return `${main.textContent} ${[...main.querySelectorAll('[title]')].map((e) => e.getAttribute('title')).join(' ')}`;
  });

/** Every aria-describedby points at an element that exists; every button's name is unique. */
async function expectSoundA11y(p: Page): Promise<void> {
  const r = await p.evaluate(() => {
    const names = [...document.querySelectorAll('button, select, input:not([type=checkbox])')].map((e) => e.getAttribute('aria-label') ?? e.closest('label')?.textContent?.trim() ?? e.textContent?.trim() ?? '');
    return { names, h1: document.querySelectorAll('h1').length };
  });
  expect(await danglingDescriptions(p)).toEqual([]);
  expect(r.names.filter((n, i) => r.names.indexOf(n) !== i)).toEqual([]);
  expect(r.h1).toBe(1);
}

/** Checks, shoots and axe-checks the state in every view. */
async function record(p: Page, state: string): Promise<void> {
  await expectSoundA11y(p);
  const words = await agentFacingText(p);
  // Server names, roles, error numbers, attempts and what the server said are Details only.
  expect(words).not.toMatch(/\b(primary|backup \(|T-Server|ECONNREFUSED|attempt \d|\(1\d\d\)|error \d)|Request failed/);
  await recordViews(p, state);
}

describe('every state in plain words, fitting every window, axe-clean (issue 11)', () => {
  it('online, Ready for 2:05: a quiet "Connected", no server names, reasons as IT configured them', async () => {
    show({}, { stateSince: Date.now() - 125_000 });
    const p = await openPage();
    expect(await text(p, 'status-chip')).toBe('Connected');
    expect(await text(p, 'time-in-state')).toMatch(/^, for 2:0[5-7]$/);
    expect(await p.getByTestId('reason-picker').locator('option').allTextContents()).toEqual(REASONS.map((r) => r.label));
    expect(await readyButton(p).getAttribute('aria-pressed')).toBe('true');
    expect(await readyButton(p).getAttribute('title')).toBe('Ready (Alt+R) — You are already Ready');
    expect(await notReadyButton(p).getAttribute('title')).toBe('Not Ready (Break) (Alt+N)');
    await record(p, 'online-ready');
  });

  it('a long state name is cut with … on screen and whole in the text and tooltip', async () => {
    show({}, { state: 'not-ready', reasonCode: 'COA', stateSince: Date.now() - 61_000 });
    const p = await openPage();
    const badge = p.getByTestId('agent-state');
    expect(await badge.textContent()).toBe('Not Ready (Coaching with the team lead)');
    expect(await p.getByTestId('agent-badge').getAttribute('title')).toBe('Not Ready (Coaching with the team lead)');
    expect(await badge.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
    // Not Ready is the pressed one, in amber.
    expect(await notReadyButton(p).getAttribute('aria-pressed')).toBe('true');
    await record(p, 'not-ready-long-reason');
  });

  it('logged out: the login form fits one row at 480 px', async () => {
    show({}, { state: 'logged-out', agentId: null });
    const p = await openPage();
    await record(p, 'logged-out');
  });

  it('checking: quiet "Checking the connection…", calls are fine, controls paused with their reason', async () => {
    show({});
    const p = await openPage();
    show({ phase: 'checking', silence: { server: 'a', since: Date.now() - 3_000 } }, lastKnown(3_000));
    await bannerKind(p, 'checking');
    expect(await text(p, 'banner-body')).toMatch(/^No answer for \d s\. Calls in progress are fine\.$/);
    await expect.poll(() => text(p, 'announce-polite'), WAIT).toBe('Checking the connection… Calls in progress are fine.');
    await record(p, 'checking');
  });

  it('link down: the plain headline, and the server and its message behind Details', async () => {
    show({});
    const p = await openPage();
    show({ phase: 'link-down', link: 'down', linkError: { code: 109, message: 'CTI link to switch lost' } }, lastKnown(5_000));
    await bannerKind(p, 'link-down');
    expect(await banner(p).getByRole('heading').textContent()).toBe('Phone system link down.');
    expect(await text(p, 'banner-body')).toBe('Calls in progress are fine. New calls may not reach you, and call controls are paused until the phone system reconnects.');
    await expect.poll(() => text(p, 'announce-urgent'), WAIT).toBe(
      'Phone system link down. Calls in progress are fine. New calls may not reach you, and call controls are paused until the phone system reconnects.',
    );
    expect(await text(p, 'controls-reason')).toBe('Paused: the phone system link is down');
    await record(p, 'link-down');
    await p.getByTestId('details-toggle').click();
    expect(await text(p, 'link-error')).toBe('a: “CTI link to switch lost” (109)');
    await record(p, 'link-down-details');
  });

  it('the first moments of an outage: the calm "Reconnecting…" (a long grace from config, to look at it)', async () => {
    ui = { ...ui, alarmGraceMs: 10_000 };
    show({});
    const p = await openPage();
    show(outage('reconnecting'), lastKnown(1_000));
    await bannerKind(p, 'lost');
    expect(await banner(p).getAttribute('class')).toMatch(/\bcaution\b/);
    expect(await text(p, 'announce-urgent')).toBe('');
    await record(p, 'reconnecting-grace');
  });

  it('reconnecting: red, the countdown and Reconnect now; no server, no attempt number', async () => {
    show({});
    const p = await openPage();
    show(outage('reconnecting'), lastKnown(2_000));
    await bannerKind(p, 'reconnecting');
    expect(await text(p, 'countdown')).toMatch(/^Next try in 0:1[0-2]$/);
    await expect.poll(() => text(p, 'announce-urgent'), WAIT).toBe("Connection lost. Reconnecting… Calls on your phone continue. Your state can't be changed until the toolbar is back.");
    await record(p, 'reconnecting');
    await p.getByTestId('details-toggle').click();
    expect(await text(p, 'next-attempt')).toBe('b, attempt 4');
    expect(await text(p, 'last-error')).toBe('connect ECONNREFUSED 127.0.0.1:7002 (b)');
  });

  it('offline: what to do, in plain words, and Reconnect now', async () => {
    show(outage('offline'), lastKnown(30_000, { state: 'not-ready', reasonCode: 'LUN' }));
    const p = await openPage();
    await bannerKind(p, 'offline');
    expect(await banner(p).getByRole('heading').textContent()).toBe("Can't reach the phone system.");
    await record(p, 'offline');
  });

  it('failed (application password): the cause and whom to call, no retry', async () => {
    show({ phase: 'failed', server: null, link: 'unknown', lastError: { code: 119, message: 'Invalid application password', retryable: false, server: 'a' } }, lastKnown(10_000));
    const p = await openPage();
    await bannerKind(p, 'failed');
    expect(await text(p, 'banner-body')).toBe("The toolbar's application password was refused. Call IT support.");
    expect(await banner(p).getByRole('button').count()).toBe(0);
    await record(p, 'failed');
  });

  it('failed re-login (the stored password was refused): said at the password field, with Reconnect now', async () => {
    show(
      { phase: 'failed', server: null, link: 'unknown', lastError: { code: 1705, message: 'AgentLogin: Password does not match', retryable: false, server: 'b' } },
      { state: 'logged-out', confidence: 'last-known' },
    );
    const p = await openPage();
    await bannerKind(p, 'failed');
    const password = p.getByLabel('Password');
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect(await password.getAttribute('aria-describedby')).toBe('login-error');
    expect(await text(p, 'login-error')).toBe('Password not accepted. Try again, or ask your supervisor to reset it.');
    expect(await banner(p).getByRole('button', { name: 'Reconnect now' }).isVisible()).toBe(true);
    await record(p, 'failed-password');
  });

  it('reconnected: what the restore came to, said once', async () => {
    show({ phase: 'reconnecting', server: null, link: 'unknown' }, lastKnown(500, { state: 'not-ready', reasonCode: 'LUN' }));
    const p = await openPage();
    show({ server: { name: 'b', role: 'primary' }, lastFailover: failover({ outcome: 'relogged-in', agentId: '1001', state: 'not-ready', reasonCode: 'LUN' }) }, { state: 'not-ready', reasonCode: 'LUN' });
    await bannerKind(p, 'switched');
    expect(await text(p, 'banner-body')).toBe('You were logged back in, as Not Ready (Lunch).');
    await expect.poll(() => text(p, 'announce-polite'), WAIT).toBe('Reconnected. You were logged back in, as Not Ready (Lunch).');
    await record(p, 'reconnected');
  });

  it('reconnected, but the state waits for the link: stays until dismissed', async () => {
    show({});
    const p = await openPage();
    show({ server: { name: 'b', role: 'primary' }, lastFailover: failover({ outcome: 'deferred-link-down', agentId: '1001', state: 'not-ready', reasonCode: 'COA' }, false) });
    await bannerKind(p, 'switched');
    expect(await text(p, 'banner-body')).toBe('Your state (Not Ready (Coaching with the team lead)) will be restored when the phone system link is back.');
    await record(p, 'reconnected-deferred');
  });

  it('forced logout: the banner with Log in again over the login form', async () => {
    show({});
    const p = await openPage();
    show({}, { state: 'logged-out', loggedOutBySwitch: { at: Date.now() } });
    await bannerKind(p, 'logged-out');
    await expect.poll(() => text(p, 'announce-urgent'), WAIT).toBe("You were logged out by the phone system. You won't get calls until you log in again.");
    await record(p, 'forced-logout');
  });

  it('pending: "checking whether Ready went through", never "failed"', async () => {
    show({}, { state: 'not-ready', reasonCode: 'LUN' });
    const p = await openPage();
    session.answer = () => {
      show({}, { state: 'not-ready', reasonCode: 'LUN', pending: { request: 'ready', reasonCode: null, since: Date.now() } });
      return { outcome: 'unknown' };
    };
    await readyButton(p).click();
    await p.locator('[data-testid="agent-note"][data-kind="pending"]').waitFor(WAIT);
    expect(await text(p, 'agent-note')).toBe('No answer from the phone system yet — checking whether Ready went through.');
    await record(p, 'pending');
  });

  it('changed while away: said once, dismissible', async () => {
    show({ phase: 'link-down', link: 'down', linkError: { code: 109, message: 'CTI link to switch lost' } }, lastKnown(30_000));
    const p = await openPage();
    show({}, { state: 'not-ready', reasonCode: 'TRN', changedWhileAway: { at: Date.now(), from: { state: 'ready', reasonCode: null }, during: 'link-down' } });
    await p.locator('[data-testid="agent-note"][data-kind="away"]').waitFor(WAIT);
    expect(await p.getByTestId('agent-note').getByRole('paragraph').textContent()).toBe('Your state was changed to Not Ready (Training) while the phone system link was down.');
    await record(p, 'changed-while-away');
  });

  it('a refused login: at the field, in plain words, never "Request failed"', async () => {
    show({}, { state: 'logged-out' });
    const p = await openPage();
    session.answer = () => {
      throw Object.assign(new Error('Password does not match'), { code: 1705 });
    };
    await p.getByLabel('Password').fill('wrong');
    await p.getByRole('button', { name: 'Log in', exact: true }).click();
    await p.getByTestId('login-error').waitFor(WAIT);
    expect(await text(p, 'login-error')).toBe('Password not accepted. Try again, or ask your supervisor to reset it.');
    expect(await p.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => text(p, 'announce-urgent'), WAIT).toBe('Password not accepted. Try again, or ask your supervisor to reset it.');
    await record(p, 'login-refused');
    // Typing again: the words no longer talk about what is in the field.
    await p.getByLabel('Password').fill('again');
    expect(await p.getByTestId('login-error').count()).toBe(0);
    expect(await p.getByLabel('Password').getAttribute('aria-invalid')).toBe('false');
  });

  it('a refused request: what did not go through, and why, in plain words', async () => {
    show({}, { state: 'not-ready', reasonCode: 'LUN' });
    const p = await openPage();
    session.answer = () => {
      throw Object.assign(new Error('Agent is in a state that does not allow this'), { code: 999 });
    };
    await readyButton(p).click();
    await p.getByTestId('action-note').waitFor(WAIT);
    expect(await text(p, 'action-note')).toBe("Ready didn't go through. The phone system reported a problem. Details show what it said.");
    await record(p, 'request-refused');
    await p.getByTestId('details-toggle').click();
    expect(await p.getByTestId('details').textContent()).toContain('failed 999: Agent is in a state that does not allow this');
  });

  it('Details: the facts for IT, the shortcuts, the timeline', async () => {
    show({ mode: 'hot' }, { stateSince: Date.now() - 5_000 });
    const p = await openPage();
    session.emit({ t: Date.now(), event: 'EventLinkConnected', server: 'a', attributes: { ServerRole: 'primary' } });
    await p.keyboard.press('Alt+D');
    await p.getByTestId('details-drawer').waitFor(WAIT);
    expect(await p.evaluate(() => document.activeElement?.id)).toBe('details-title');
    expect((await p.getByTestId('shortcuts').textContent())?.replace(/\s+/g, ' ')).toBe(
      'Alt+R ReadyAlt+N Not Ready with the last reasonAlt+C Reconnect nowAlt+D Details Alt+A Answer the incoming callAlt+H Hold the callAlt+U Retrieve the held callAlt+E Release the call',
    );
    expect(await p.getByTestId('details').textContent()).toMatch(/Servera \(primary\); switch link up/);
    await recordViews(p, 'details', [VIEWS[0]!, VIEWS[1]!, VIEWS[4]!]);
    await p.keyboard.press('Escape');
    expect(await focusedTestId(p)).toBe('details-toggle');
  });
});

describe('no flicker, no shift', () => {
  /** Every banner kind and countdown text from now on, with when it appeared (a MutationObserver sees even a flash). */
  async function recordChanges(p: Page): Promise<() => Promise<{ what: string; at: number }[]>> {
    await p.evaluate(() => {
      const w = window as unknown as { seen: { what: string; at: number }[] };
      w.seen = [];
      const note = () => {
        const b = document.querySelector('[data-testid="banner"]');
        const what = `${b?.getAttribute('data-kind') ?? 'none'}|${document.querySelector('[data-testid="countdown"]')?.textContent ?? ''}`;
        if (w.seen.at(-1)?.what !== what) w.seen.push({ what, at: performance.now() });
      };
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
      note();
    });
    return () => p.evaluate(() => (window as unknown as { seen: { what: string; at: number }[] }).seen);
  }

  it('a failover inside the 400 ms grace shows only the calm notice and "Reconnected", and is heard only as that', async () => {
    show({});
    const p = await openPage();
    const seen = await recordChanges(p);
    show(outage('reconnecting', null), lastKnown(100));
    await bannerKind(p, 'lost');
    await new Promise((r) => setTimeout(r, 150));
    show({ server: { name: 'b', role: 'primary' }, lastFailover: failover({ outcome: 'restored', agentId: '1001', state: 'ready', reasonCode: null }) });
    await bannerKind(p, 'switched');
    await new Promise((r) => setTimeout(r, 800));
    expect((await seen()).map((s) => s.what.split('|')[0])).toEqual(['none', 'lost', 'switched']);
    expect(await text(p, 'announce-urgent')).toBe('');
    expect(await text(p, 'announce-polite')).toBe('Reconnected. Your state was restored: Ready.');
  });

  it('no per-attempt flash: a dial that fails at once keeps "Trying now…" a whole second', async () => {
    show(outage('offline', 2_000), lastKnown(30_000));
    const p = await openPage();
    await bannerKind(p, 'offline');
    const seen = await recordChanges(p);
    // The attempt starts, fails 10 ms later, and the next wait is 5 s.
    show(outage('offline', null), lastKnown(30_000));
    await new Promise((r) => setTimeout(r, 10));
    show(outage('offline', 5_000), lastKnown(30_000));
    await expect.poll(async () => (await seen()).length, { timeout: 3_000 }).toBeGreaterThanOrEqual(3);
    const changes = await seen();
    expect(changes.map((c) => c.what)).toEqual(['offline|Next try in 0:02', 'offline|Trying now…', expect.stringMatching(/^offline\|Next try in 0:0[34]$/)]);
    expect(changes[2]!.at - changes[1]!.at).toBeGreaterThanOrEqual(900);
  });

  it('banners come and go below the agent bar: the controls never move', async () => {
    for (const view of [COMPACT, VIEWS[3]!, VIEWS[4]!]) {
      show({});
      const p = await openPage();
      await showView(p, view);
      const at = () => p.evaluate(() => [...document.querySelectorAll('.bar-row button, .bar-row select')].map((e) => JSON.stringify(e.getBoundingClientRect())).join());
      const before = await at();
      for (const patch of [
        { phase: 'link-down' as const, link: 'down' as const },
        { phase: 'checking' as const, silence: { server: 'a', since: Date.now() - 2_000 } },
        outage('reconnecting'),
        outage('offline'),
        { server: { name: 'b', role: 'primary' as const }, lastFailover: failover({ outcome: 'restored', state: 'ready' }) },
        {},
      ]) {
        show(patch, patch.phase && patch.phase !== 'online' ? lastKnown(1_000) : {});
        await nextFrames(p);
        expect(await at(), `${view.name} ${patch.phase ?? 'online'}`).toBe(before);
      }
      await closePage();
    }
  });

  it('a note about an outage goes when the outage does ("Already trying" after recovery)', async () => {
    show(outage('offline'), lastKnown(30_000));
    const p = await openPage();
    session.acceptChecks = false;
    await banner(p).getByRole('button', { name: 'Reconnect now' }).click();
    await p.getByTestId('action-note').getByText('Already trying — one moment.').waitFor(WAIT);
    show({});
    await p.getByTestId('agent-note').waitFor({ state: 'detached', ...WAIT });
  });
});

describe('keyboard, focus and screen readers', () => {
  it('Alt+R, Alt+N (the last reason) and Alt+C act like the buttons; tooltips name them', async () => {
    show({}, { state: 'not-ready', reasonCode: 'LUN' });
    const p = await openPage();
    await p.keyboard.press('Alt+R');
    await expect.poll(() => session.agentCalls.at(-1), WAIT).toBe('ready');
    show({}, { state: 'ready' });
    await p.getByTestId('reason-picker').selectOption('TRN');
    await p.keyboard.press('Alt+N');
    await expect.poll(() => session.agentCalls.at(-1), WAIT).toBe('not-ready:TRN');
    show({}, { state: 'not-ready', reasonCode: 'TRN' });
    show({}, { state: 'ready' });
    // The last reason is remembered after the state moved on.
    await expect.poll(() => notReadyButton(p).getAttribute('title'), WAIT).toBe('Not Ready (Training) (Alt+N)');
    show(outage('offline'), lastKnown(1_000));
    await bannerKind(p, 'offline');
    const checks = session.checks.length;
    await p.keyboard.press('Alt+C');
    await expect.poll(() => session.checks.length, WAIT).toBe(checks + 1);
    expect(await banner(p).getByRole('button', { name: 'Reconnect now' }).getAttribute('title')).toBe('Reconnect now (Alt+C)');
  });

  it('a shortcut whose control is paused says why, and sends nothing', async () => {
    show({ phase: 'link-down', link: 'down' }, lastKnown(1_000, { state: 'not-ready', reasonCode: 'LUN' }));
    const p = await openPage();
    const calls = session.agentCalls.length;
    await p.keyboard.press('Alt+R');
    await expect.poll(() => text(p, 'announce-polite'), WAIT).toMatch(/^Paused: the phone system link is down/);
    expect(await text(p, 'action-note')).toBe('Paused: the phone system link is down');
    expect(session.agentCalls.length).toBe(calls);
  });

  it('paused controls stay in the Tab order, their reason as description; a click sends nothing', async () => {
    show({ phase: 'link-down', link: 'down' }, lastKnown(1_000));
    const p = await openPage();
    await p.locator('body').focus();
    const focused = () => focusedTestId(p);
    await p.keyboard.press('Tab');
    expect(await focused()).toBe('ready');
    await p.keyboard.press('Tab');
    expect(await focused()).toBe('reason-picker');
    await p.keyboard.press('Tab');
    expect(await focused()).toBe('not-ready');
    expect(await notReadyButton(p).getAttribute('aria-disabled')).toBe('true');
    const described = await describedBy(notReadyButton(p));
    expect(described).toBe('Paused: the phone system link is down');
    const calls = session.agentCalls.length;
    // Playwright waits for "enabled" (it honours aria-disabled); a person's click still lands.
    await notReadyButton(p).click({ force: true });
    await p.keyboard.press('Enter');
    await new Promise((r) => setTimeout(r, 200));
    expect(session.agentCalls.length).toBe(calls);
  });

  it('when the focused Reconnect now disappears on recovery, the focus goes to the status line, not <body>', async () => {
    show(outage('offline'), lastKnown(1_000));
    const p = await openPage();
    await banner(p).getByRole('button', { name: 'Reconnect now' }).focus();
    show({});
    await banner(p).waitFor({ state: 'detached', ...WAIT });
    await expect.poll(() => focusedTestId(p), WAIT).toBe('status');
  });

  it('after logging in from the form, the focus goes to the agent bar', async () => {
    show({}, { state: 'logged-out' });
    const p = await openPage();
    session.answer = () => {
      show({}, { state: 'not-ready', reasonCode: null });
      return { outcome: 'done' };
    };
    await p.getByLabel('Password').fill('pw');
    await p.getByLabel('Password').press('Enter');
    await p.getByTestId('agent-bar').waitFor(WAIT);
    await expect.poll(() => focusedTestId(p), WAIT).toBe('ready');
  });

  it('forced colours: the Details icon and each banner kind keep a shape of their own', async () => {
    show({});
    const p = await openPage();
    await showView(p, VIEWS[2]!);
    const icon = await p.getByTestId('details-toggle').locator('svg').evaluate((e) => ({ w: e.getBoundingClientRect().width, stroke: getComputedStyle(e.querySelector('path')!).stroke }));
    expect(icon.w).toBeGreaterThan(10);
    expect(icon.stroke).not.toBe('none');
    const edges: Record<string, string> = {};
    for (const [kind, patch, agent] of [
      ['reconnecting', outage('reconnecting'), lastKnown(1_000)],
      ['link-down', { phase: 'link-down', link: 'down' }, lastKnown(1_000)],
      ['checking', { phase: 'checking', silence: { server: 'a', since: Date.now() } }, lastKnown(1_000)],
      ['switched', { server: { name: 'b', role: 'primary' }, lastFailover: failover({ outcome: 'restored', state: 'ready' }) }, {}],
    ] as const) {
      show(patch as Partial<ConnectivitySnapshot>, agent);
      await bannerKind(p, kind);
      edges[kind] = await banner(p).evaluate((e) => `${getComputedStyle(e).borderLeftStyle} ${getComputedStyle(e).borderLeftWidth} ${e.querySelector('svg')!.getAttribute('class')}`);
    }
    expect(new Set(Object.values(edges)).size).toBe(4);
  });
});
