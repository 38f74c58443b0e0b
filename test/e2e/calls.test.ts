// Issue 12, the call bar and call-aware banners, in Debian's Chromium: exact snapshots
// (pushed by a ScriptedSession through the real preview host and shim) of a ringing,
// an established and a held call, a call with the link down, with the toolbar offline,
// and a call only last known during a warm failover — each screenshotted in light and
// dark at 480×120 and 360 px (forced colours for some), fitting, axe-clean; plus the
// behaviour: one click (or shortcut) sends exactly one request with the call's ConnID,
// a paused control says why and sends nothing, an unknown outcome is never "failed",
// a ringing call is announced assertively once. Screenshots: __screenshots__/call-*.png.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { AgentView, CallView, ConnectivitySnapshot, RequestOutcome } from '../../app/shared/connectivity.ts';
import { DEFAULT_UI_CONFIG } from '../../app/shared/ui-config.ts';
import type { UiConfig } from '../../app/shared/ui-config.ts';
import { makeCall } from '../support/snapshots.ts';
import { scriptedToolbarSuite } from './support/scripted-toolbar.ts';
import { danglingDescriptions, describedBy, focusedTestId, nextFrames, WAIT } from './support/toolbar-page.ts';
import { COMPACT, recordViews, showView, VIEWS } from './support/views.ts';
import type { View } from './support/views.ts';

const CONN = '006f02a4c5d1e001';
const PARTY = '+1 555 123 4567';
/** The party inside a sentence: kept on one line with no-break spaces, isolated (FSI … PDI) so it cannot reorder the sentence. */
const IN_TEXT = `\u2068${PARTY.replaceAll(' ', '\u00a0')}\u2069`;
const REASONS = [
  { code: 'BRK', label: 'Break' },
  { code: 'COA', label: 'Coaching with the team lead' },
];

/** The call views: the compact strip and the narrowest full window, light and dark; forced colours where asked. */
const LIGHT_480 = COMPACT;
const DARK_480 = VIEWS.find((v) => v.name === '480x120-dark')!;
const FORCED_480 = VIEWS.find((v) => v.name === '480x120-forced')!;
const STRIP = VIEWS.find((v) => v.name === '560x72')!;
const LIGHT_360: View = { name: '360x640', width: 360, height: 640, scheme: 'light' };
const DARK_360 = VIEWS.find((v) => v.name === '360x640-dark')!;
const TEXT_200 = VIEWS.find((v) => v.name === '420x640-text200')!;
const CALL_VIEWS: readonly View[] = [LIGHT_480, DARK_480, LIGHT_360, DARK_360];
/** The narrowest short window: the agent bar takes two rows there. */
const SHORT_360: View = { name: '360x120', width: 360, height: 120, scheme: 'light' };

/** A box fully inside the window (not hidden: a display:none element has an empty box at 0,0). */
const onScreen = (p: Page, selector: string) =>
  p.evaluate((sel) => {
    const e = document.querySelector(sel);
    if (!e) return 'missing';
    const b = e.getBoundingClientRect();
    if (b.width === 0 || b.height === 0) return 'hidden';
    return b.left >= -0.5 && b.top >= -0.5 && b.right <= window.innerWidth + 0.5 && b.bottom <= window.innerHeight + 0.5 ? 'visible' : `off screen ${JSON.stringify(b)}`;
  }, selector);

/** Whether `a` is drawn left of `b` inside `selector`'s text (the first occurrence of each). */
const drawnLeftOf = (p: Page, selector: string, a: string, b: string) =>
  p.evaluate(
    ([sel, first, second]) => {
      const root = document.querySelector(sel!)!;
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
      const nodes: Text[] = [];
      while (walker.nextNode()) nodes.push(walker.currentNode as Text);
      const left = (needle: string): number => {
        for (const n of nodes) {
          const i = n.data.indexOf(needle);
          if (i < 0) continue;
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + needle.length);
          return r.getBoundingClientRect().left;
        }
        return Number.NaN;
      };
      return left(first!) < left(second!);
    },
    [selector, a, b] as const,
  );

const ui: UiConfig = { ...DEFAULT_UI_CONFIG, notReadyReasons: REASONS };
/** The agent in its state for 5 minutes, unless a test says otherwise. */
const { session, show, openPage: openPageShowing } = scriptedToolbarSuite({ uiConfig: () => ui, stateAgeMs: 300_000 });
/** Every test here starts with the agent logged in. */
const openPage = () => openPageShowing('agent-bar');

const call = (over: Partial<CallView> = {}): CallView => makeCall({ connId: CONN, since: Date.now() - 65_000, ...over });
/** What the session says while it cannot hear the switch: the call as last heard, not controllable. */
const unheard = (over: Partial<CallView> = {}): CallView => call({ confidence: 'last-known', controllable: false, ...over });
const lastKnownAgent = (ageMs: number): Partial<AgentView> => ({ confidence: 'last-known', asOf: Date.now() - ageMs, stateSince: null });
const offline: Partial<ConnectivitySnapshot> = {
  phase: 'offline',
  server: null,
  link: 'unknown',
  standby: { name: 'b', ready: false },
  nextServer: 'b',
  attempt: 4,
  lastError: { code: null, message: 'connect ECONNREFUSED 127.0.0.1:7002', retryable: true, server: 'b' },
};
const linkDown: Partial<ConnectivitySnapshot> = { phase: 'link-down', link: 'down', linkError: { code: 109, message: 'CTI link to switch lost' } };

const text = async (p: Page, testId: string) => (await p.getByTestId(testId).first().textContent())?.trim() ?? '';
const requests = () => session.agentCalls.filter((c) => /^(answer|hold|retrieve|release):/.test(c));

/** Where the agent bar's controls are: a call row or banner appearing must not move them. */
const barBoxes = (p: Page) => p.evaluate(() => [...document.querySelectorAll('.bar-row button, .bar-row select')].map((e) => JSON.stringify(e.getBoundingClientRect())).join());

/** In every view: the call's controls fully on screen where the call row is shown, unique names, no dangling descriptions. */
async function expectCallControlsFit(p: Page, view: View, state: string): Promise<void> {
  const dangling = await danglingDescriptions(p);
  const r = await p.evaluate(() => {
    const calls = document.querySelector('[data-testid="call-bar"]');
    const shown = calls !== null && getComputedStyle(calls).display !== 'none';
    const boxes = [...document.querySelectorAll('[data-testid="call-bar"] button')].map((e) => {
      const b = e.getBoundingClientRect();
      return { name: e.getAttribute('aria-label'), left: b.left, top: b.top, right: b.right, bottom: b.bottom };
    });
    const names = [...document.querySelectorAll('button, select')].map((e) => e.getAttribute('aria-label') ?? e.textContent?.trim() ?? '');
    return { shown, boxes, names, vw: window.innerWidth, vh: window.innerHeight, scrollWidth: document.documentElement.scrollWidth };
  });
  expect(r.scrollWidth, `${state} at ${view.name}: wider than the window`).toBeLessThanOrEqual(r.vw);
  expect(dangling).toEqual([]);
  expect(r.names.filter((n, i) => r.names.indexOf(n) !== i)).toEqual([]);
  if (!r.shown) return;
  for (const b of r.boxes) {
    const inside = b.left >= -0.5 && b.top >= -0.5 && b.right <= r.vw + 0.5 && b.bottom <= r.vh + 0.5;
    expect(inside, `${state} at ${view.name}: call control "${b.name}" off screen ${JSON.stringify(b)}`).toBe(true);
  }
}

/** Screenshots `call-<state>-<view>.png` in each view, with the fit and axe checks of the agent's view. */
async function recordCall(p: Page, state: string, views: readonly View[] = CALL_VIEWS): Promise<void> {
  for (const view of views) {
    await showView(p, view);
    await expectCallControlsFit(p, view, state);
  }
  await recordViews(p, `call-${state}`, views);
}

describe('the call bar in every call state, fitting, axe-clean (issue 12)', () => {
  it('ringing: the party readable, a calm ring (none with reduced motion), Answer with its shortcut, announced assertively once', async () => {
    show({});
    const p = await openPage();
    const before = await barBoxes(p);
    show({ calls: [call({ state: 'ringing', since: Date.now() - 4_000 })] });
    await p.getByTestId('call').waitFor(WAIT);
    expect(await barBoxes(p)).toBe(before);
    expect(await text(p, 'call-state')).toMatch(/^Incoming call, for 0:0[4-6]$/);
    expect(await text(p, 'call-party')).toBe(PARTY);
    expect(await text(p, 'call-direction')).toBe('Inbound');
    const answer = p.getByTestId('call-answer');
    expect(await answer.getAttribute('aria-label')).toBe(`Answer the call with ${PARTY}`);
    expect(await answer.getAttribute('aria-keyshortcuts')).toBe('Alt+A');
    expect(await answer.getAttribute('title')).toBe('Answer (Alt+A)');
    expect(await answer.getAttribute('aria-disabled')).toBe('false');
    expect(await p.getByTestId('call-release').count()).toBe(0);
    await expect.poll(() => text(p, 'announce-urgent'), WAIT).toBe(`Incoming call from ${IN_TEXT}.`);
    // The same ringing call again (a newer snapshot, e.g. after a switchover): not announced twice.
    const said = await p.getByTestId('announce-urgent').textContent();
    show({ calls: [call({ state: 'ringing', since: Date.now() - 4_000 })] }, { stateSince: Date.now() - 200_000 });
    await nextFrames(p);
    await new Promise((r) => setTimeout(r, 300));
    expect(await p.getByTestId('announce-urgent').textContent()).toBe(said);
    // It rings (an animation), and not for someone who asked for less motion.
    const chip = p.locator('[data-testid="call"] .call-state');
    expect(await chip.evaluate((e) => getComputedStyle(e).animationName)).toBe('ring');
    await p.emulateMedia({ reducedMotion: 'reduce' });
    expect(await chip.evaluate((e) => getComputedStyle(e).animationName)).toBe('none');
    await p.emulateMedia({ reducedMotion: 'no-preference' });
    await recordCall(p, 'ringing', [...CALL_VIEWS, FORCED_480, STRIP]);
  });

  it('established: the time in call counts, Hold and Release', async () => {
    show({ calls: [call()] });
    const p = await openPage();
    expect(await text(p, 'call-state')).toMatch(/^On call, for 1:0[5-7]$/);
    const first = await text(p, 'call-time');
    await expect.poll(() => text(p, 'call-time'), { timeout: 3_000 }).not.toBe(first);
    expect(await p.getByTestId('call-hold').getAttribute('title')).toBe('Hold (Alt+H)');
    expect(await p.getByTestId('call-release').getAttribute('title')).toBe('Release (Alt+E)');
    expect(await p.getByTestId('call-answer').count()).toBe(0);
    await recordCall(p, 'established', [...CALL_VIEWS, STRIP, TEXT_200]);
  });

  it('held: Retrieve and Release', async () => {
    show({ calls: [call({ state: 'held', since: Date.now() - 12_000 })] });
    const p = await openPage();
    expect(await text(p, 'call-state')).toMatch(/^On hold, for 0:1[2-4]$/);
    expect(await p.getByTestId('call-retrieve').getAttribute('aria-keyshortcuts')).toBe('Alt+U');
    await recordCall(p, 'held');
  });

  it('call + link down: the call goes on (issue 12 wording), its controls paused with the reason', async () => {
    show({ calls: [call()] });
    const p = await openPage();
    show({ ...linkDown, calls: [unheard()] }, lastKnownAgent(5_000));
    await p.locator('[data-testid="banner"][data-kind="link-down"]').waitFor(WAIT);
    expect(await text(p, 'banner-body')).toBe(`Your call with ${IN_TEXT} continues. You can't hold or transfer it until the phone system reconnects.`);
    await expect.poll(() => text(p, 'announce-urgent'), WAIT).toBe(
      `Phone system link down. Your call with ${IN_TEXT} continues. You can't hold or transfer it until the phone system reconnects.`,
    );
    expect(await p.getByTestId('call-last-known').isVisible()).toBe(true);
    expect(await p.getByTestId('call-time').count()).toBe(0);
    await recordCall(p, 'link-down', [...CALL_VIEWS, FORCED_480, STRIP, TEXT_200]);
  });

  it('call + offline: the call goes on, controls paused, Reconnect now', async () => {
    show({ ...offline, nextAttemptAt: Date.now() + 12_000, calls: [unheard()] }, lastKnownAgent(30_000));
    const p = await openPage();
    await p.locator('[data-testid="banner"][data-kind="offline"]').waitFor(WAIT);
    expect(await text(p, 'banner-body')).toBe(
      `Your call with ${IN_TEXT} continues, but call controls are paused. Check your network; if this lasts, call IT support.`,
    );
    expect(await p.getByTestId('call-release').getAttribute('title')).toBe('Release (Alt+E) — Paused: the toolbar is not connected to the phone system');
    await recordCall(p, 'offline', [...CALL_VIEWS, STRIP]);
  });

  it('call last known during a warm failover: muted, "last known", no clock, controls waiting for the calls', async () => {
    show({ calls: [call()] });
    const p = await openPage();
    // The new primary carries the session; the calls are not re-learned yet (the query is out).
    show({ mode: 'warm', server: { name: 'b', role: 'primary' }, standby: { name: 'a', ready: false }, calls: [unheard()] });
    await p.getByTestId('call-last-known').waitFor(WAIT);
    expect(await p.getByTestId('call-time').count()).toBe(0);
    expect(await p.locator('[data-testid="call"]').getAttribute('class')).toMatch(/\blast-known\b/);
    const release = p.getByTestId('call-release');
    expect(await release.getAttribute('aria-disabled')).toBe('true');
    expect(await describedBy(release)).toBe('Paused until the phone system confirms your calls');
    expect(await text(p, 'controls-reason')).toBe('Paused until the phone system confirms your calls');
    await recordCall(p, 'last-known', [...CALL_VIEWS, STRIP]);
    // Re-learned: the same ConnID, current and controllable again, with its clock.
    show({ mode: 'warm', server: { name: 'b', role: 'primary' }, standby: { name: 'a', ready: false }, calls: [call()] });
    await p.getByTestId('call-time').waitFor(WAIT);
    expect(await release.getAttribute('aria-disabled')).toBe('false');
  });

  it('a call request with no answer in time: "Answer sent — waiting", never failed; the call that ended unheard is said', async () => {
    show({ calls: [call({ state: 'ringing' })] });
    const p = await openPage();
    session.answer = () => {
      show({ calls: [call({ state: 'ringing', controllable: false, pending: { request: 'answer', since: Date.now() } })] });
      return { outcome: 'unknown' };
    };
    await p.getByTestId('call-answer').click();
    await p.locator('[data-testid="agent-note"][data-kind="call-pending"]').waitFor(WAIT);
    expect(await text(p, 'agent-note')).toBe('Answer sent — waiting to hear from the phone system.');
    expect(await p.getByTestId('agent-note').getAttribute('class')).not.toMatch(/\berror\b/);
    expect(await p.getByTestId('call-answer').getAttribute('aria-disabled')).toBe('true');
    await recordCall(p, 'pending', [LIGHT_480, DARK_360]);
    // Re-learned after a failover: the call had ended meanwhile.
    show({ calls: [], callsEndedUnheard: [{ connId: CONN, otherDN: '+15551234567', at: Date.now() }] });
    await p.locator('[data-testid="agent-note"][data-kind="ended-unheard"]').waitFor(WAIT);
    expect(await p.getByTestId('agent-note').getByRole('paragraph').textContent()).toBe(`Your call with ${IN_TEXT} ended while the toolbar could not hear the phone system.`);
    await expect.poll(() => text(p, 'announce-polite'), WAIT).toBe(`Your call with ${IN_TEXT} ended while the toolbar could not hear the phone system.`);
    await recordCall(p, 'ended-unheard', [LIGHT_480, DARK_360]);
    await p.getByRole('button', { name: 'Dismiss note' }).click();
    await p.getByTestId('agent-note').waitFor({ state: 'detached', ...WAIT });
  });

  it('more calls on the line than the toolbar keeps: a quiet note while it lasts, said politely once, in Details; gone when the list fits', async () => {
    show({ calls: [call()] });
    const p = await openPage();
    const words = 'More calls than the toolbar can show — use the phone.';
    show({ calls: [call(), call({ connId: '006f02a4c5d1e002', state: 'held', otherDN: '5012', direction: 'internal' })], callsIncomplete: true });
    await p.locator('[data-testid="agent-note"][data-kind="calls-incomplete"]').waitFor(WAIT);
    expect(await p.getByTestId('agent-note').getByRole('paragraph').textContent()).toBe(words);
    expect(await p.getByTestId('agent-note').getAttribute('class')).not.toMatch(/\berror\b/);
    await expect.poll(() => text(p, 'announce-polite'), WAIT).toContain(words);
    // A live fact, not a dismissible message: no Dismiss button.
    expect(await p.getByRole('button', { name: 'Dismiss note' }).count()).toBe(0);
    // The short window's marker: a floor ("+1+"), never "+1 more call" as if that were all.
    const marker = p.getByTestId('more-calls');
    expect(await marker.getAttribute('title')).toMatch(/More calls than the toolbar can show — use the phone\.$/);
    expect((await marker.textContent())?.startsWith('+1+ more calls')).toBe(true);
    await recordCall(p, 'incomplete', [LIGHT_480, DARK_360, STRIP]);
    await p.keyboard.press('Alt+D');
    expect(await p.getByTestId('details-calls-incomplete').textContent()).toBe('Not all shown: more calls than the toolbar keeps');
    show({ calls: [call()], callsIncomplete: false });
    await p.locator('[data-testid="agent-note"][data-kind="calls-incomplete"]').waitFor({ state: 'detached', ...WAIT });
  });

  it('a party with a right-to-left letter: its digits read in the order sent, in the call bar and the banner sentence', async () => {
    // The review's s3: "א 555 123 4567" showed as "4567 123 555 א" — another number to the eye.
    const rtl = '\u05d0 555 123 4567';
    show({ calls: [call({ otherDN: rtl })] });
    const p = await openPage();
    show({ ...linkDown, calls: [unheard({ otherDN: rtl })] }, lastKnownAgent(5_000));
    await p.locator('[data-testid="banner"][data-kind="link-down"]').waitFor(WAIT);
    expect(await p.getByTestId('call-party').evaluate((e) => e.localName)).toBe('bdi');
    expect(await text(p, 'banner-body')).toBe(`Your call with \u2068\u200e\u05d0\u200e 555 123 4567\u2069 continues. You can't hold or transfer it until the phone system reconnects.`);
    for (const where of ['[data-testid="call-party"]', '[data-testid="banner-body"]']) {
      expect(await drawnLeftOf(p, where, '\u05d0', '555'), `${where}: א left of 555`).toBe(true);
      expect(await drawnLeftOf(p, where, '555', '4567'), `${where}: 555 left of 4567`).toBe(true);
    }
    // The sentence keeps its order around the party (a window wide enough for it on one line).
    await showView(p, { name: 'wide', width: 1200, height: 120, scheme: 'light' });
    expect(await drawnLeftOf(p, '[data-testid="banner-body"]', 'Your call', '\u05d0')).toBe(true);
    expect(await drawnLeftOf(p, '[data-testid="banner-body"]', '4567', 'continues')).toBe(true);
    await recordCall(p, 'rtl-party-link-down', [LIGHT_480, DARK_360]);
  });

  it('logged out by the switch with a call ringing: the call row shows and answers at every size; the banner does not say no calls come', async () => {
    show({});
    const p = await openPage();
    show({ calls: [call({ state: 'ringing', since: Date.now() - 3_000 })] }, { state: 'logged-out', reasonCode: null, loggedOutBySwitch: { at: Date.now() - 2_000 } });
    await p.locator('[data-testid="banner"][data-kind="logged-out"]').waitFor({ state: 'attached', ...WAIT });
    expect(await p.getByTestId('banner-body').textContent()).toBe("You won't get calls from the queue until you log in again. Calls to your phone still ring here.");
    for (const view of [STRIP, LIGHT_480, SHORT_360, LIGHT_360]) {
      await showView(p, view);
      expect(await onScreen(p, '[data-testid="call-answer"]'), `Answer at ${view.name}`).toBe('visible');
    }
    await showView(p, LIGHT_480);
    await p.getByTestId('call-answer').click();
    await expect.poll(requests, WAIT).toEqual([`answer:${CONN}`]);
    await recordCall(p, 'logged-out-ringing', [STRIP, LIGHT_480, SHORT_360, DARK_360]);
  });

  it('two calls and a banner in a short window: one call row (the ringing one) and "+1 more call", the banner action on screen', async () => {
    const ringing = call({ connId: '006f02a4c5d1e002', state: 'ringing', otherDN: '+442079460958', confidence: 'last-known', controllable: false });
    show({ ...offline, nextAttemptAt: Date.now() + 12_000, calls: [unheard(), ringing] }, lastKnownAgent(30_000));
    const p = await openPage();
    await p.locator('[data-testid="banner"][data-kind="offline"]').waitFor(WAIT);
    const other = `Also a call on hold with \u2068+1\u00a0555\u00a0123\u00a04567\u2069. A taller window shows every call.`.replace('a call on hold', 'on a call');
    expect(await p.getByTestId('more-calls').getAttribute('title')).toBe(other);
    expect((await p.getByTestId('more-calls').textContent())?.trim()).toBe(`+1 more call. ${other}`);
    for (const view of [LIGHT_480, SHORT_360]) {
      await showView(p, view);
      const shown = await p.locator('[data-testid="call"]').evaluateAll((rows) => rows.filter((r) => r.getBoundingClientRect().height > 0).map((r) => r.getAttribute('data-conn-id')));
      expect(shown, view.name).toEqual(['006f02a4c5d1e002']);
      expect(await onScreen(p, '[data-testid="more-calls"]'), view.name).toBe('visible');
      expect(await onScreen(p, '[data-testid="call-answer"]'), view.name).toBe('visible');
      if (view === LIGHT_480) expect(await onScreen(p, '[data-testid="banner"] .banner-actions button'), view.name).toBe('visible');
    }
    // A tall window shows both rows, and no marker.
    await showView(p, LIGHT_360);
    expect(await onScreen(p, '[data-testid="more-calls"]')).toBe('hidden');
    expect(await p.locator('[data-testid="call"]').evaluateAll((rows) => rows.filter((r) => r.getBoundingClientRect().height > 0).length)).toBe(2);
    await recordCall(p, 'two-calls-offline', [LIGHT_480, SHORT_360, STRIP, DARK_360]);
  });
});

describe('call controls act once, on the right call, or say why not', () => {
  it('a click on Answer sends exactly one answerCall with the ConnID, however often it is clicked while in flight', async () => {
    show({ calls: [call({ state: 'ringing' })] });
    const p = await openPage();
    let reply: (o: RequestOutcome) => void = () => {};
    session.answer = () => new Promise((done) => (reply = done));
    await p.getByTestId('call-answer').click();
    await expect.poll(requests, WAIT).toEqual([`answer:${CONN}`]);
    // In flight: the button says so, and more clicks and the shortcut send nothing.
    await expect.poll(() => p.getByTestId('call-answer').getAttribute('aria-disabled'), WAIT).toBe('true');
    await p.getByTestId('call-answer').click({ force: true });
    await p.keyboard.press('Alt+A');
    await new Promise((r) => setTimeout(r, 200));
    expect(requests()).toEqual([`answer:${CONN}`]);
    show({ calls: [call()] });
    reply({ outcome: 'done' });
    await p.getByTestId('call-hold').waitFor(WAIT);
    expect(requests()).toEqual([`answer:${CONN}`]);
    // Answer went with the ringing state: the focus moved on to the call's next control, not to <body>.
    await expect.poll(() => focusedTestId(p), WAIT).toBe('call-hold');
  });

  it('Alt+A answers the ringing call — not the one on hold — once', async () => {
    const waiting = call({ connId: '006f02a4c5d1e002', state: 'ringing', otherDN: '5012', direction: 'internal' });
    show({ calls: [call({ state: 'held' }), waiting] });
    const p = await openPage();
    expect(await p.getByTestId('call').count()).toBe(2);
    await p.keyboard.press('Alt+A');
    await expect.poll(requests, WAIT).toEqual(['answer:006f02a4c5d1e002']);
    await new Promise((r) => setTimeout(r, 200));
    expect(requests()).toEqual(['answer:006f02a4c5d1e002']);
    // Two calls, two Release buttons: each named for its call.
    expect(await p.getByTestId('call-release').first().getAttribute('aria-label')).toBe(`Release the call with ${PARTY}`);
    await recordCall(p, 'two-calls', [LIGHT_480, DARK_360]);
    // Details: the ConnIDs and what the session says of each call, for IT.
    await p.keyboard.press('Alt+D');
    expect(await p.getByTestId('details-calls').textContent()).toBe(
      `${CONN}: held, inbound, current, controllable006f02a4c5d1e002: ringing, internal, current, controllable`,
    );
  });

  it('Hold, Retrieve and Release by click and by shortcut, each with the ConnID', async () => {
    show({ calls: [call()] });
    const p = await openPage();
    await p.keyboard.press('Alt+H');
    await expect.poll(requests, WAIT).toEqual([`hold:${CONN}`]);
    // Each next step waits for the reply to reach the window: a request in flight pauses the call's buttons (said, not sent).
    const ready = (id: string) => expect.poll(() => p.getByTestId(id).getAttribute('aria-disabled').catch(() => 'absent'), WAIT).toBe('false');
    show({ calls: [call({ state: 'held' })] });
    await ready('call-retrieve');
    await p.getByTestId('call-retrieve').click();
    await expect.poll(requests, WAIT).toEqual([`hold:${CONN}`, `retrieve:${CONN}`]);
    show({ calls: [call()] });
    await ready('call-hold');
    await ready('call-release');
    await p.keyboard.press('Alt+E');
    await expect.poll(requests, WAIT).toEqual([`hold:${CONN}`, `retrieve:${CONN}`, `release:${CONN}`]);
    // No call on hold: Alt+U says so and sends nothing.
    await p.keyboard.press('Alt+U');
    await expect.poll(() => text(p, 'action-note'), WAIT).toBe('No call on hold');
    expect(requests()).toHaveLength(3);
  });

  it('Release while the link is down is disabled, focusable, with its reason — and neither click nor shortcut sends it', async () => {
    show({ ...linkDown, calls: [unheard()] }, lastKnownAgent(5_000));
    const p = await openPage();
    const release = p.getByTestId('call-release');
    expect(await release.getAttribute('aria-disabled')).toBe('true');
    expect(await describedBy(release)).toBe('Paused: the phone system link is down');
    expect(await release.getAttribute('title')).toBe('Release (Alt+E) — Paused: the phone system link is down');
    await release.focus();
    expect(await focusedTestId(p)).toBe('call-release');
    await release.click({ force: true });
    await p.keyboard.press('Enter');
    await p.keyboard.press('Alt+E');
    await expect.poll(() => text(p, 'announce-polite'), WAIT).toMatch(/^Paused: the phone system link is down/);
    await new Promise((r) => setTimeout(r, 200));
    expect(requests()).toEqual([]);
  });

  it('a refused call request says what did not go through, in plain words', async () => {
    show({ calls: [call()] });
    const p = await openPage();
    session.answer = () => {
      throw Object.assign(new Error('Invalid call state for hold'), { code: 1712 });
    };
    await p.getByTestId('call-hold').click();
    await p.getByTestId('action-note').waitFor(WAIT);
    expect(await text(p, 'action-note')).toBe("Hold didn't go through. The call is not in a state that allows this.");
  });
});

describe('the Not Ready reason picker (issue 11)', () => {
  it('a long reason is cut with … at 360 px and 480×120, whole in its value and tooltip, nothing wider than the window', async () => {
    show({}, { state: 'not-ready', reasonCode: 'COA' });
    const p = await openPage();
    const picker = p.getByTestId('reason-picker');
    for (const view of [LIGHT_480, LIGHT_360]) {
      await showView(p, view);
      expect(await picker.getAttribute('title')).toBe('Not Ready reason: Coaching with the team lead');
      const r = await picker.evaluate((e) => {
        const s = e as HTMLSelectElement;
        const b = s.getBoundingClientRect();
        return { text: s.selectedOptions[0]?.textContent, overflow: getComputedStyle(s).textOverflow, right: b.right, vw: window.innerWidth, scrollWidth: document.documentElement.scrollWidth };
      });
      expect(r).toMatchObject({ text: 'Coaching with the team lead', overflow: 'ellipsis' });
      expect(r.right).toBeLessThanOrEqual(r.vw);
      expect(r.scrollWidth).toBeLessThanOrEqual(r.vw);
    }
    await recordViews(p, 'reason-picker-long', [LIGHT_480, LIGHT_360, DARK_360]);
  });
});
