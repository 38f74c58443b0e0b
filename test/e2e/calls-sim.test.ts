// The call bar end to end (issue 12): a call rung on the simulated switch (control API,
// as an operator would) → real HA session → preview host WebSocket IPC → Svelte renderer
// in Debian's Chromium. Answer from the toolbar reaches the switch exactly once with the
// call's ConnID; the link going down keeps the call on screen, last known, with its
// controls paused and the call-aware banner. Screenshots: __screenshots__/sim-call-*.png.
import { describe, expect, it } from 'vitest';
import type { RequestOutcome } from '../../app/shared/connectivity.ts';
import { WAIT } from './support/toolbar-page.ts';
import { logIn, shoot, toolbarSuite } from './support/toolbar-under-test.ts';
import type { ToolbarUnderTest } from './support/toolbar-under-test.ts';

const suite = toolbarSuite();
let t: ToolbarUnderTest | null = null;

type SimCall = { connId: string; parties: { address: string; state: string }[] };

/** The state of 5001's side of the call on the switch. */
async function partyState(sim: ToolbarUnderTest['sim'], connId: string): Promise<string | undefined> {
  const res = await fetch(`${sim.controlUrl}/state`);
  const state = (await res.json()) as { calls: SimCall[] };
  return state.calls.find((c) => c.connId === connId)?.parties.find((p) => p.address === '5001')?.state;
}

describe('calls end to end (simulator → session → preview host → Chromium)', () => {
  it('a call rings in, is answered from the toolbar once, and survives the link going down on screen', async () => {
    t = await suite.start();
    const { page, control, sim } = t;
    await logIn(page);
    const { connId } = (await control('/calls', { to: '5001', from: '+15551234567' })) as { connId: string };

    const row = page.locator(`[data-testid="call"][data-conn-id="${connId}"]`);
    await row.waitFor(WAIT);
    expect(await row.getAttribute('data-state')).toBe('ringing');
    expect(await row.getByTestId('call-party').textContent()).toBe('+1 555 123 4567');
    await expect.poll(() => page.getByTestId('announce-urgent').textContent(), WAIT).toMatch(/Incoming call from \u2068\+1\s555\s123\s4567\u2069\./);
    await shoot(page, 'sim-call-ringing');

    // Every answerCall the session gets, with its ConnID.
    const session = t.app.session;
    const answered: string[] = [];
    const answer = session.answerCall.bind(session);
    session.answerCall = (id: string): Promise<RequestOutcome> => {
      answered.push(id);
      return answer(id);
    };
    await row.getByTestId('call-answer').dblclick();
    await expect.poll(() => row.getAttribute('data-state'), WAIT).toBe('established');
    expect(await partyState(sim, connId)).toBe('established');
    expect(answered).toEqual([connId]);
    // Confirmed by ear too.
    await expect.poll(() => page.getByTestId('announce-polite').textContent(), WAIT).toMatch(/On call with \u2068\+1\s555\s123\s4567\u2069\./);
    await row.getByTestId('call-time').waitFor(WAIT);
    await shoot(page, 'sim-call-established');

    await control('/servers/a/link', { up: false, errorCode: 109, errorMessage: 'CTI link to switch lost' });
    await page.locator('[data-testid="banner"][data-kind="link-down"]').waitFor(WAIT);
    expect(await page.getByTestId('banner-body').textContent()).toBe("Your call with \u2068+1\u00a0555\u00a0123\u00a04567\u2069 continues. You can't hold or transfer it until the phone system reconnects.");
    await row.getByTestId('call-last-known').waitFor(WAIT);
    expect(await row.getByTestId('call-release').getAttribute('aria-disabled')).toBe('true');
    // The voice goes on: the switch still has the call.
    expect(await partyState(sim, connId)).toBe('established');
    await shoot(page, 'sim-call-link-down');

    await control('/servers/a/link', { up: true });
    await expect.poll(() => row.getByTestId('call-release').getAttribute('aria-disabled'), WAIT).toBe('false');
    await row.getByTestId('call-release').click();
    await row.waitFor({ state: 'detached', ...WAIT });
    expect(await partyState(sim, connId)).toBeUndefined();
  });

  it('a warm failover during a call: the call stays on screen, last known and paused, until the new primary is asked; then the same ConnID, controllable', async () => {
    // Warm: the backup refuses until promoted (600 ms), and learns the calls only when asked (QueryAddress).
    t = await suite.start({ sim: { mode: 'warm', promoteDelayMs: 600 } });
    const { page, control } = t;
    await logIn(page);
    const { connId } = (await control('/calls', { to: '5001', from: '+15551234567' })) as { connId: string };
    await control(`/calls/${connId}/answer`);
    const row = page.locator(`[data-testid="call"][data-conn-id="${connId}"]`);
    await expect.poll(() => row.getAttribute('data-state'), WAIT).toBe('established');
    await row.getByTestId('call-time').waitFor(WAIT);

    // Every look of the call row from now on (a MutationObserver sees even a short one), and whether it ever left the screen.
    await page.evaluate((id) => {
      const w = window as unknown as { looks: string[] };
      w.looks = [];
      const note = () => {
        const r = document.querySelector(`[data-testid="call"][data-conn-id="${id}"]`);
        const look = r === null ? 'gone' : `${r.getAttribute('data-state')}|${r.classList.contains('last-known') ? 'last-known' : 'current'}|${r.querySelector('[data-testid="call-release"]')?.getAttribute('aria-disabled')}`;
        if (w.looks.at(-1) !== look) w.looks.push(look);
      };
      new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true });
      note();
    }, connId);
    await control('/servers/a/crash');
    await expect.poll(() => t!.app.session.snapshot().server?.name, { timeout: 8_000 }).toBe('b');
    await expect.poll(() => row.getByTestId('call-release').getAttribute('aria-disabled'), { timeout: 8_000 }).toBe('false');
    const looks = await page.evaluate(() => (window as unknown as { looks: string[] }).looks);
    expect(looks).not.toContain('gone');
    expect(looks[0]).toBe('established|current|false');
    expect(looks).toContain('established|last-known|true');
    expect(looks.at(-1)).toBe('established|current|false');
    // Nothing claimed the call was controllable while it was only last known.
    expect(looks.filter((l) => l.includes('last-known') && !l.endsWith('|true'))).toEqual([]);
  });
});
