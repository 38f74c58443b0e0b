// The agent's view of every connectivity situation, end to end: simulator
// faults (control API) → real HA session → preview host WebSocket IPC →
// Svelte renderer in Debian's Chromium. Screenshots in __screenshots__/sim-*.png
// (the same states from scripted snapshots, at every window size: agent-view.test.ts).
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { banner, bannerKind, describedBy, focusedName, WAIT } from './support/toolbar-page.ts';
import { logIn, shoot, toolbarSuite } from './support/toolbar-under-test.ts';
import type { ToolbarUnderTest } from './support/toolbar-under-test.ts';

const suite = toolbarSuite();
let t: ToolbarUnderTest | null = null;

const chip = (page: Page) => page.getByTestId('status-chip');
const agentState = (page: Page) => page.getByTestId('agent-state');

/** Online on `server` (the chip says only "Connected": which server is Details, and the session's word). */
async function online(page: Page, server: string): Promise<void> {
  await chip(page).getByText('Connected', { exact: true }).waitFor(WAIT);
  await expect.poll(() => t!.app.session.snapshot().server?.name, WAIT).toBe(server);
}

/** The Details drawer's facts, as text. */
async function details(page: Page): Promise<string> {
  if ((await page.getByTestId('details').count()) === 0) await page.getByTestId('details-toggle').click();
  return (await page.getByTestId('details').textContent()) ?? '';
}

/** Chooses a state in the agent bar and waits until the switch's answer is shown. */
async function chooseReady(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Ready', exact: true }).click();
  await expect.poll(() => agentState(page).textContent(), WAIT).toBe('Ready');
}

/** A toolbar online on a, the agent logged in and Ready. */
async function startReadyAgent(options?: Parameters<typeof suite.start>[0]): Promise<ToolbarUnderTest> {
  t = await suite.start(options);
  await online(t.page, 'a');
  await logIn(t.page);
  await chooseReady(t.page);
  return t;
}

describe('connectivity end to end (simulator → session → preview host → Chromium)', () => {
  it('starts online: a quiet "Connected" (server, role and standby in Details), the agent bar shows DN and agent', async () => {
    t = await suite.start();
    const { page } = t;
    await online(page, 'a');
    expect(await banner(page).count()).toBe(0);
    expect(await page.getByTestId('announce-polite').textContent()).toMatch(/^Connected to the phone system\./);
    await shoot(page, 'sim-online-logged-out');
    expect(await details(page)).toMatch(/Servera \(primary\); switch link up.*Standbyb, ready/);
    await page.getByRole('button', { name: 'Close details' }).click();
    await logIn(page);
    expect(await page.getByTestId('agent-dn').textContent()).toBe('5001');
    expect(await page.getByTestId('agent-id').textContent()).toBe('1001');
    // The switch puts a new login in Not Ready (aux work).
    await expect.poll(() => agentState(page).textContent(), WAIT).toBe('Not Ready');
    await expect.poll(() => page.getByTestId('announce-polite').textContent(), WAIT).toBe('Your state: Not Ready.');
    await shoot(page, 'sim-online');
  });

  it("link down: amber banner in plain words, the server's ErrorMessage in Details, gone when the link is back", async () => {
    t = await suite.start();
    const { page, control } = t;
    await online(page, 'a');
    const down = { up: false, errorCode: 109, errorMessage: 'CTI link to switch lost' };

    // Logged out: the login form is paused too, and the whole picture still fits 480×120.
    await control('/servers/a/link', down);
    await bannerKind(page, 'link-down');
    expect(await page.getByRole('button', { name: 'Log in' }).isDisabled()).toBe(true);
    expect(await page.getByTestId('controls-reason').isVisible()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(120);
    await shoot(page, 'sim-link-down-logged-out');
    await control('/servers/a/link', { up: true });
    await banner(page).waitFor({ state: 'detached', ...WAIT });

    await logIn(page);
    await control('/servers/a/link', down);
    await bannerKind(page, 'link-down');
    expect(await banner(page).getByRole('heading').textContent()).toBe('Phone system link down.');
    expect(await banner(page).evaluate((el) => el.classList.contains('warning'))).toBe(true);
    await shoot(page, 'sim-link-down');
    await details(page);
    expect(await page.getByTestId('link-error').textContent()).toBe('a: “CTI link to switch lost” (109)');
    await page.getByRole('button', { name: 'Close details' }).click();

    await control('/servers/a/link', { up: true });
    await banner(page).waitFor({ state: 'detached', ...WAIT });
    await online(page, 'a');
  });

  it('controls are disabled with a visible reason while the link is down, and work again after', async () => {
    const { page, control } = await startReadyAgent();
    const notReady = page.getByRole('button', { name: 'Not Ready', exact: true });
    const picker = page.getByTestId('reason-picker');
    expect(await notReady.isEnabled()).toBe(true);
    const ready = page.getByRole('button', { name: 'Ready', exact: true });

    await control('/servers/a/link', { up: false, errorCode: 109, errorMessage: 'CTI link to switch lost' });
    await bannerKind(page, 'link-down');
    const reason = 'Paused: the phone system link is down';
    await page.getByTestId('controls-reason').getByText(reason).waitFor(WAIT);
    // Paused, not gone: aria-disabled keeps them in the Tab order, described by the reason.
    for (const control of [ready, notReady]) {
      expect(await control.isDisabled()).toBe(true);
      expect(await describedBy(control)).toBe(reason);
    }
    expect(await notReady.getAttribute('title')).toBe(`Not Ready (Break) (Alt+N) — ${reason}`);
    // Picking a reason sends nothing, so the picker stays usable.
    expect(await picker.isEnabled()).toBe(true);
    // The switch cannot be heard: Ready is only what it said last, greyed and dated.
    expect(await agentState(page).textContent()).toBe('Ready');
    expect(await page.getByTestId('last-known').textContent()).toMatch(/^last known · \d+ s ago$/);

    await control('/servers/a/link', { up: true });
    await expect.poll(() => notReady.isEnabled(), WAIT).toBe(true);
    expect(await page.getByTestId('controls-reason').count()).toBe(0);
    expect(await page.getByTestId('last-known').count()).toBe(0);
    await picker.selectOption('Break');
    await notReady.click();
    await expect.poll(() => agentState(page).textContent(), WAIT).toBe('Not Ready (Break)');
  });

  it('primary crash: red banner with a live countdown, then switched to the backup with the agent state restored', async () => {
    // Hot pair; the backup is promoted 2.5 s after the crash, so the red banner (after its 1 s grace) is on screen meanwhile.
    const { page, control, sim } = await startReadyAgent({ sim: { mode: 'hot', promoteDelayMs: 2_500 }, app: { reconnect: { initialDelayMs: 2_000, maxDelayMs: 4_000, firstDelayMaxMs: 0, minConnectTimeoutMs: 500 } } });

    await control('/servers/a/crash');
    // Calm first (a quick failover would show nothing worse), red once the grace is over.
    await bannerKind(page, 'lost');
    await bannerKind(page, 'reconnecting');
    expect(await banner(page).evaluate((el) => el.classList.contains('error'))).toBe(true);
    expect(await banner(page).getByRole('heading').textContent()).toBe('Connection lost. Reconnecting…');
    await expect.poll(() => page.getByTestId('countdown').textContent(), WAIT).toMatch(/^Next try in 0:0[12]$/);
    expect(await page.getByRole('button', { name: 'Reconnect now' }).isEnabled()).toBe(true);
    // No session: the agent state is the last one heard (not "unknown"), marked as such.
    expect(await agentState(page).textContent()).toBe('Ready');
    expect(await page.getByTestId('last-known').isVisible()).toBe(true);
    await shoot(page, 'sim-reconnecting');

    await bannerKind(page, 'switched');
    expect(await banner(page).getByRole('heading').textContent()).toBe('Reconnected.');
    expect(await page.getByTestId('banner-body').textContent()).toBe('Your state was restored: Ready.');
    expect(await agentState(page).textContent()).toBe('Ready');
    expect(await page.getByTestId('last-known').count()).toBe(0);
    expect(sim.state().agents.find((a) => a.id === '1001')).toMatchObject({ state: 'ready' });
    await expect.poll(() => page.getByTestId('announce-polite').textContent(), WAIT).toBe('Reconnected. Your state was restored: Ready.');
    await shoot(page, 'sim-switched-to-backup');
  });

  it('both servers down: persistent offline prompt; Reconnect now after one is back connects without waiting for the backoff', async () => {
    // Backoff ceilings 0.3 s, then 18 s, 30 s (random pinned to the ceiling): each server is tried twice
    // within a second, then the loop waits at least 18 s, so only Reconnect now can explain a quick connect.
    t = await suite.start({ app: { reconnect: { initialDelayMs: 300, multiplier: 60, maxDelayMs: 30_000, firstDelayMaxMs: 0, minConnectTimeoutMs: 500 } } });
    const { page, control } = t;
    await online(page, 'a');

    await control('/servers/b/crash');
    await expect.poll(() => t!.app.session.snapshot().standby.ready, WAIT).toBe(false);
    await control('/servers/a/crash');
    await bannerKind(page, 'offline');
    expect(await banner(page).getByRole('heading').textContent()).toBe("Can't reach the phone system.");
    expect(await banner(page).textContent()).toMatch(/call IT support/);
    await expect.poll(() => page.getByTestId('countdown').textContent(), WAIT).toMatch(/^Next try in 0:(1\d|20)$/);
    expect(await page.getByRole('button', { name: 'Details' }).isVisible()).toBe(true);
    await shoot(page, 'sim-offline');

    await control('/servers/a/restart');
    // Still offline: the loop waits out its backoff on its own.
    expect(await banner(page).getAttribute('data-kind')).toBe('offline');
    const clicked = Date.now();
    await page.getByRole('button', { name: 'Reconnect now' }).click();
    await online(page, 'a');
    expect(Date.now() - clicked).toBeLessThan(5_000);
    expect(await banner(page).count()).toBe(0);
  });

  it('bad application password: a not-retryable message in plain words, with no retry button', async () => {
    t = await suite.start({ sim: { applicationPassword: 'right-secret' }, app: { applicationPassword: 'wrong-secret' } });
    const { page } = t;
    await bannerKind(page, 'failed');
    expect(await banner(page).getByRole('heading').textContent()).toBe("The toolbar can't connect.");
    expect(await page.getByTestId('banner-body').textContent()).toBe("The toolbar's application password was refused. Call IT support.");
    expect(await page.getByRole('button', { name: 'Reconnect now' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Details' }).isVisible()).toBe(true);
    // Assertive when it happens while the page is open; polite when the page opens on it (as here, it fails at once).
    const heard = `${await page.getByTestId('announce-polite').textContent()} ${await page.getByTestId('announce-urgent').textContent()}`;
    expect(heard).toMatch(/The toolbar can't connect\. The toolbar's application password was refused/);
    expect(await page.content()).not.toContain('wrong-secret');
    await shoot(page, 'sim-failed');
  });

  it('Not Ready with a reason chosen in the UI survives a failover (warm pair, switch logs the agent out meanwhile)', async () => {
    // Warm: the backup refuses until promoted; the switch logs the agent out 100 ms after its DN is unregistered everywhere.
    const { page, control, sim } = await startReadyAgent({ sim: { mode: 'warm', promoteDelayMs: 600, logoutOnDisconnectMs: 100 } });
    await page.getByTestId('reason-picker').selectOption('Lunch');
    await page.getByRole('button', { name: 'Not Ready', exact: true }).click();
    await expect.poll(() => agentState(page).textContent(), WAIT).toBe('Not Ready (Lunch)');

    await control('/servers/a/crash');
    await expect.poll(() => sim.state().agents.find((a) => a.id === '1001')?.state, WAIT).toBe('logged-out');
    await bannerKind(page, 'switched');
    expect(await banner(page).getByRole('heading').textContent()).toBe('Reconnected.');
    await expect.poll(() => agentState(page).textContent(), WAIT).toBe('Not Ready (Lunch)');
    expect(sim.state().agents.find((a) => a.id === '1001')).toMatchObject({ state: 'not-ready', reasonCode: 'Lunch' });
    // The switch had logged the agent out meanwhile: the restore logged them back in.
    expect(await page.getByTestId('banner-body').textContent()).toBe('You were logged back in, as Not Ready (Lunch).');
  });

  it('a silent server: quiet amber "Checking the connection…" (polite, no red), online again the moment it answers', async () => {
    // ADDP 1 s: checking after 1 s of silence, lost only after 2 s, so there is time to resume in between;
    // no promotion of b meanwhile (the simulator would promote it at once otherwise).
    t = await suite.start({ sim: { promoteDelayMs: 60_000 }, app: { addpTimeoutMs: 1_000 } });
    const { page, control } = t;
    await online(page, 'a');
    await logIn(page);
    await control('/servers/a/hang');
    await bannerKind(page, 'checking');
    expect(await banner(page).getByRole('heading').textContent()).toBe('Checking the connection…');
    expect(await page.locator('.error').count()).toBe(0);
    expect(await page.getByTestId('last-known').isVisible()).toBe(true);
    await control('/servers/a/resume');
    await banner(page).waitFor({ state: 'detached', ...WAIT });
    await online(page, 'a');
    expect(await page.getByTestId('announce-polite').textContent()).toBe('Connected to the phone system.');
    expect(await page.getByTestId('announce-urgent').textContent()).toBe('');
  });

  it('a supervisor changes the state while the link is down: said once when the link is back, dismissible', async () => {
    const { page, control } = await startReadyAgent();
    await control('/servers/a/link', { up: false, errorCode: 109, errorMessage: 'CTI link to switch lost' });
    await bannerKind(page, 'link-down');
    await control('/agents/1001/state', { state: 'not-ready', reasonCode: 'Meeting' });
    // The toolbar cannot hear it yet: still the last known Ready.
    expect(await agentState(page).textContent()).toBe('Ready');
    await control('/servers/a/link', { up: true });
    const note = page.locator('[data-testid="agent-note"][data-kind="away"]');
    await note.waitFor(WAIT);
    expect(await note.getByRole('paragraph').textContent()).toBe('Your state was changed to Not Ready (Meeting) while the phone system link was down.');
    expect(await agentState(page).textContent()).toBe('Not Ready (Meeting)');
    await expect.poll(() => page.getByTestId('announce-polite').textContent(), WAIT).toMatch(/Your state was changed to Not Ready \(Meeting\) while the phone system link was down\./);
    await note.getByRole('button', { name: 'Dismiss note' }).click();
    await note.waitFor({ state: 'detached', ...WAIT });
  });

  it('the switch logs the agent out: banner with Log in again and an assertive announcement, gone after logging in', async () => {
    t = await suite.start();
    const { page, control } = t;
    await online(page, 'a');
    await logIn(page);
    await control('/agents/1001/state', { state: 'logged-out' });
    await bannerKind(page, 'logged-out');
    expect(await banner(page).getByRole('heading').textContent()).toBe('You were logged out by the phone system.');
    await expect.poll(() => page.getByTestId('announce-urgent').textContent(), WAIT).toBe("You were logged out by the phone system. You won't get calls until you log in again.");
    await banner(page).getByRole('button', { name: 'Log in again' }).click();
    expect(await focusedName(page)).toBe('password');
    await logIn(page);
    await banner(page).waitFor({ state: 'detached', ...WAIT });
  });
});
