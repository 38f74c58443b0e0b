// Issue 8, "never lie to the agent", in Debian's Chromium: the exact snapshots the
// contract allows (pushed by a ScriptedSession through the real preview host and
// shim) render as checking, last known, pending, changed while away and forced
// logout — calm where it may be nothing, assertive only where it is news, every
// state axe-clean in light and dark and fitting the app's window sizes. The
// screenshots of these states, at every size, are agent-view.test.ts's.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { AgentView } from '../../app/shared/connectivity.ts';
import { axeBothSchemes } from './support/axe.ts';
import { scriptedToolbarSuite } from './support/scripted-toolbar.ts';
import { banner, bannerKind, focusedName, text, WAIT } from './support/toolbar-page.ts';
import { COMPACT, expectFits, showView } from './support/views.ts';

const { session, show, openPage } = scriptedToolbarSuite();

const lastKnown = (ageMs: number, agent: Partial<AgentView> = {}): Partial<AgentView> => ({ confidence: 'last-known', asOf: Date.now() - ageMs, ...agent });

/** Every banner kind the page shows from now on, in order (a MutationObserver sees even a flash). */
async function recordBannerKinds(p: Page): Promise<() => Promise<string[]>> {
  await p.evaluate(() => {
    const w = window as unknown as { kinds: string[] };
    w.kinds = [];
    const note = () => {
      const kind = document.querySelector('[data-testid="banner"]')?.getAttribute('data-kind') ?? 'none';
      if (w.kinds.at(-1) !== kind) w.kinds.push(kind);
    };
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-kind'] });
  });
  return () => p.evaluate(() => (window as unknown as { kinds: string[] }).kinds);
}

/** The state as it is now: axe-clean in light and dark, fitting 480×120 and the 420 px wide full window. */
async function record(p: Page, name: string): Promise<void> {
  expect(await axeBothSchemes(p), name).toEqual([]);
  await expectFits(p, COMPACT, `${name} at 480x120`);
  const full = { name: '420x640', width: 420, height: 640, scheme: 'light' as const };
  await showView(p, full);
  await expectFits(p, full, `${name} at 420x640`);
  await showView(p, COMPACT);
}

describe('never more certainty than the toolbar has (issue 8), in Chromium', () => {
  it('checking: a quiet amber notice, polite only, controls paused; online again the moment the server is heard', async () => {
    show({});
    const p = await openPage();
    show({ phase: 'checking', silence: { server: 'a', since: Date.now() - 3_000 } }, lastKnown(3_000));
    await bannerKind(p, 'checking');
    expect(await banner(p).getAttribute('class')).toMatch(/\bcaution\b/);
    expect(await p.locator('.error').count()).toBe(0);
    expect(await banner(p).getByRole('heading').textContent()).toBe('Checking the connection…');
    expect(await text(p, 'banner-body')).toMatch(/^No answer for \d s\. Calls in progress are fine\.$/);
    await expect.poll(() => text(p, 'announce-polite'), WAIT).toBe('Checking the connection… Calls in progress are fine.');
    expect(await text(p, 'announce-urgent')).toBe('');
    expect(await text(p, 'last-known')).toMatch(/^last known · \d s ago$/);
    expect(await p.getByRole('button', { name: 'Not Ready', exact: true }).isDisabled()).toBe(true);
    expect(await text(p, 'controls-reason')).toBe('Paused while the toolbar checks the connection');
    await record(p, 'checking');
    // Behind the drawer, the facts for IT: who is silent since when, and how sure the agent state is.
    await p.getByTestId('details-toggle').click();
    const details = (await p.getByTestId('details').textContent()) ?? '';
    expect(details).toMatch(/Silenta, last heard at \d\d:\d\d:\d\d/);
    expect(details).toMatch(/AgentReady \(last-known, as of \d\d:\d\d:\d\d\)/);
    await p.getByRole('button', { name: 'Close details' }).click();

    show({});
    await banner(p).waitFor({ state: 'detached', ...WAIT });
    await p.getByTestId('status-chip').getByText('Connected').waitFor(WAIT);
    expect(await p.getByTestId('last-known').count()).toBe(0);
    expect(await p.getByRole('button', { name: 'Not Ready', exact: true }).isEnabled()).toBe(true);
    expect(await text(p, 'announce-urgent')).toBe('');
  });

  it('last known: link down and then reconnecting keep the last Not Ready (Meeting), greyed with its age', async () => {
    const meeting = { state: 'not-ready' as const, reasonCode: 'Meeting' };
    show({}, meeting);
    const p = await openPage();
    show({ phase: 'link-down', link: 'down', linkError: { code: 109, message: 'CTI link to switch lost' } }, lastKnown(45_000, meeting));
    await bannerKind(p, 'link-down');
    expect(await text(p, 'agent-state')).toBe('Not Ready (Meeting)');
    expect(await text(p, 'last-known')).toMatch(/^last known · 4\d s ago$/);
    expect(await p.getByTestId('agent-badge').getAttribute('title')).toMatch(/^Last known state, heard at \d\d:\d\d:\d\d \(4\d s ago\)\. It may have changed since\.$/);
    expect(await text(p, 'controls-reason')).toBe('Paused: the phone system link is down');
    await record(p, 'last-known-link-down');

    const kinds = await recordBannerKinds(p);
    show({ phase: 'reconnecting', server: null, link: 'unknown', nextServer: 'b', attempt: 2, nextAttemptAt: Date.now() + 20_000 }, lastKnown(47_000, meeting));
    await bannerKind(p, 'reconnecting');
    // The first moments were calm; red came only after the grace period, and with it the assertive voice.
    expect(await kinds()).toEqual(['lost', 'reconnecting']);
    await expect.poll(() => text(p, 'announce-urgent'), WAIT).toBe("Connection lost. Reconnecting… Calls on your phone continue. Your state can't be changed until the toolbar is back.");
    expect(await text(p, 'agent-state')).toBe('Not Ready (Meeting)');
    expect(await text(p, 'last-known')).toMatch(/^last known · 4\d s ago$/);
    // The red banner says why; the paused controls carry the reason as their description.
    expect(await p.locator('#why-ready').textContent()).toBe('Paused: the toolbar is not connected to the phone system');
    await record(p, 'last-known-reconnecting');
  });

  it('a sub-second failover shows only the calm notice: no red, no assertive announcement', async () => {
    show({});
    const p = await openPage();
    const kinds = await recordBannerKinds(p);
    show({ phase: 'reconnecting', server: null, link: 'unknown', nextServer: 'b', attempt: 1, nextAttemptAt: null }, lastKnown(100));
    await bannerKind(p, 'lost');
    await new Promise((r) => setTimeout(r, 300));
    show({ server: { name: 'b', role: 'primary' }, lastFailover: { at: Date.now(), from: 'a', to: 'b', restored: true, result: { outcome: 'restored', agentId: '1001', state: 'ready', reasonCode: null } } });
    await bannerKind(p, 'switched');
    await new Promise((r) => setTimeout(r, 1_200));
    expect(await kinds()).toEqual(['lost', 'switched']);
    expect(await text(p, 'announce-urgent')).toBe('');
    expect(await text(p, 'announce-polite')).toBe('Reconnected. Your state was restored: Ready.');
  });

  it('changed while away: said once, politely; gone when the state changes or when dismissed', async () => {
    show({ phase: 'link-down', link: 'down', linkError: { code: 109, message: 'CTI link to switch lost' } }, lastKnown(30_000));
    const p = await openPage();
    const away = (at: number): Partial<AgentView> => ({ state: 'not-ready', reasonCode: 'Meeting', changedWhileAway: { at, from: { state: 'ready', reasonCode: null }, during: 'link-down' } });
    const sentence = 'Your state was changed to Not Ready (Meeting) while the phone system link was down.';

    show({}, away(Date.now()));
    await p.locator('[data-testid="agent-note"][data-kind="away"]').waitFor(WAIT);
    expect(await p.getByTestId('agent-note').getByRole('paragraph').textContent()).toBe(sentence);
    await expect.poll(() => text(p, 'announce-polite'), WAIT).toBe(`Connected to the phone system. ${sentence}`);
    expect(await text(p, 'announce-urgent')).toBe('');
    await record(p, 'changed-while-away');

    // The agent moves on: the note talked about Not Ready (Meeting) and no longer holds.
    const first = session.snapshot().agent.changedWhileAway!;
    show({}, { state: 'ready', changedWhileAway: first });
    await p.getByTestId('agent-note').waitFor({ state: 'detached', ...WAIT });

    show({}, away(Date.now()));
    await p.getByTestId('agent-note').waitFor(WAIT);
    await p.getByRole('button', { name: 'Dismiss note' }).click();
    await p.getByTestId('agent-note').waitFor({ state: 'detached', ...WAIT });
    const heard = await text(p, 'announce-polite');
    // The same fact again (with a change the badge shows, to know the page has it): not said again.
    show({}, { ...away(session.snapshot().agent.changedWhileAway!.at), stateSince: Date.now() - 3_000 });
    await p.getByTestId('time-in-state').waitFor(WAIT);
    expect(await p.getByTestId('agent-note').count()).toBe(0);
    expect(await text(p, 'announce-polite')).toBe(heard);
  });

  it('a request without an answer in time says "checking", never "failed", and the note goes once the switch was asked', async () => {
    show({}, { state: 'not-ready', reasonCode: 'Lunch' });
    const p = await openPage();
    session.answer = (call) => {
      expect(call).toBe('ready');
      show({}, { state: 'not-ready', reasonCode: 'Lunch', pending: { request: 'ready', reasonCode: null, since: Date.now() } });
      return { outcome: 'unknown' };
    };
    await p.getByRole('button', { name: 'Ready', exact: true }).click();
    await p.locator('[data-testid="agent-note"][data-kind="pending"]').waitFor(WAIT);
    expect(await text(p, 'agent-note')).toBe('No answer from the phone system yet — checking whether Ready went through.');
    expect(await p.getByText(/failed|didn't go through/).count()).toBe(0);
    expect(await p.getByRole('button', { name: 'Not Ready', exact: true }).isDisabled()).toBe(true);
    // The note says why nothing is offered; the paused controls carry the same reason as their description.
    expect(await p.getByTestId('controls-reason').count()).toBe(0);
    expect(await p.getByRole('button', { name: 'Not Ready', exact: true }).getAttribute('aria-describedby')).toBe('why-not-ready');
    expect(await p.locator('#why-not-ready').textContent()).toBe('Waiting to hear whether your last request went through');
    expect(await p.getByRole('button', { name: 'Not Ready', exact: true }).getAttribute('title')).toBe('Not Ready (Lunch) (Alt+N) — Waiting to hear whether your last request went through');
    expect(await text(p, 'announce-urgent')).toBe('');
    await record(p, 'pending');

    show({}, { state: 'ready', pending: null });
    await p.getByTestId('agent-note').waitFor({ state: 'detached', ...WAIT });
    await expect.poll(() => text(p, 'agent-state'), WAIT).toBe('Ready');
    await expect.poll(() => text(p, 'announce-polite'), WAIT).toBe('Your state: Ready.');
  });

  it('a refused request says so only while it holds: the note goes when the agent state changes', async () => {
    show({}, { state: 'not-ready', reasonCode: 'Lunch' });
    const p = await openPage();
    session.answer = () => {
      throw Object.assign(new Error('Agent is in a state that does not allow this'), { code: 999 });
    };
    await p.getByRole('button', { name: 'Ready', exact: true }).click();
    await p.getByTestId('action-note').getByText("Ready didn't go through. The phone system reported a problem. Details show what it said.").waitFor(WAIT);
    // A supervisor makes the agent Ready: the failure talked about a state that is gone.
    show({}, { state: 'ready' });
    await p.getByTestId('agent-note').waitFor({ state: 'detached', ...WAIT });
  });

  it('forced logout: a banner with Log in again (focus goes to the form), an assertive announcement; gone after the login', async () => {
    show({});
    const p = await openPage();
    show({}, { state: 'logged-out', loggedOutBySwitch: { at: Date.now() } });
    await bannerKind(p, 'logged-out');
    expect(await banner(p).getByRole('heading').textContent()).toBe('You were logged out by the phone system.');
    await expect.poll(() => text(p, 'announce-urgent'), WAIT).toBe("You were logged out by the phone system. You won't get calls until you log in again.");
    expect(await p.getByTestId('login-form').isVisible()).toBe(true);
    await record(p, 'forced-logout');

    await banner(p).getByRole('button', { name: 'Log in again' }).click();
    // The agent id is known (1001), so the password is the field to fill.
    expect(await focusedName(p)).toBe('password');

    session.answer = () => {
      show({}, { state: 'ready', loggedOutBySwitch: null });
      return { outcome: 'done' };
    };
    await p.getByLabel('Password').fill('pw');
    await p.getByRole('button', { name: 'Log in', exact: true }).click();
    await p.getByTestId('agent-bar').waitFor(WAIT);
    expect(await banner(p).count()).toBe(0);
    expect(session.agentCalls.at(-1)).toBe('login:1001:typed');
  });

  it('the axe check runs in the app page despite its CSP, and catches what it should', async () => {
    show({});
    const p = await openPage();
    expect(await axeBothSchemes(p)).toEqual([]);
    await p.evaluate(() => document.querySelector('main')?.append(document.createElement('button')));
    expect(await axeBothSchemes(p)).toEqual([expect.stringMatching(/^light: button-name: /), expect.stringMatching(/^dark: button-name: /)]);
  });
});
