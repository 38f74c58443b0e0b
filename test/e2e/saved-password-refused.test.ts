// Issue 11, end to end in Debian's Chromium: the real preview app (session, handlers,
// WebSocket IPC, built renderer) against the simulator. After a failover the switch
// refuses the saved password of the automatic re-login (1705): the agent sees that at
// the password field in plain words, can type a new one at once (no failed banner, no
// Reconnect now, no form that only offers the saved password), and is logged in.
import { expect, it } from 'vitest';
import { focusedName } from './support/toolbar-page.ts';
import { toolbarSuite } from './support/toolbar-under-test.ts';
import type { ToolbarUnderTest } from './support/toolbar-under-test.ts';

const suite = toolbarSuite();
let t: ToolbarUnderTest | null = null;

it('the saved password refused after a failover: said at the password field; the agent types a new one and is logged in', async () => {
  t = await suite.start({
    sim: { mode: 'warm', logoutOnDisconnectMs: 10, promoteDelayMs: 100, agents: [{ id: '1001', password: 'right' }] },
    // What the re-login offers when the keychain has nothing (the host's configured password): no longer valid.
    app: { agentPassword: 'stale' },
  });
  const p = t.page;
  const form = p.getByTestId('login-form');
  const password = p.getByLabel('Password');
  const logIn = p.getByRole('button', { name: 'Log in', exact: true });
  await form.waitFor();

  // The agent logs in with the right password, not remembered.
  await p.getByLabel('Remember').uncheck();
  await password.fill('right');
  await logIn.click();
  await p.getByTestId('agent-bar').waitFor();

  // The server goes; the switch logs the agent out with it; the re-login on b offers 'stale'.
  await t.control('/servers/a/crash');
  await form.waitFor();
  await p.locator('[data-testid="banner"][data-kind="logged-out"]').waitFor();
  await p.getByTestId('login-error').waitFor();
  expect(await p.getByTestId('login-error').textContent()).toBe('The saved password was not accepted. Type your password to log in again.');
  expect(await password.getAttribute('aria-invalid')).toBe('true');
  expect(await password.getAttribute('aria-describedby')).toBe('login-error');
  // Nothing stands in the way: the session is up, the form can be sent, there is no failed banner.
  expect(t.app.session.snapshot()).toMatchObject({ phase: 'online', server: { name: 'b' }, agent: { state: 'logged-out' }, lastError: { code: 1705, retryable: false } });
  expect(await p.locator('[data-testid="banner"][data-kind="failed"]').count()).toBe(0);
  expect(await logIn.getAttribute('aria-disabled')).toBe('false');

  // Log in without typing would only offer the refused password again: the field is asked for instead.
  await logIn.click();
  await expect.poll(() => focusedName(p)).toBe('password');
  expect(await p.getByTestId('login-error').textContent()).toBe('The saved password was not accepted. Type your password to log in again.');
  expect(t.sim.state().agents.find((a) => a.id === '1001')?.state).toBe('logged-out');

  // "Log in again" leads to the password field; typing answers the words; the new password logs in.
  await p.getByRole('button', { name: 'Log in again' }).click();
  await expect.poll(() => focusedName(p)).toBe('password');
  await password.fill('right');
  expect(await p.getByTestId('login-error').count()).toBe(0);
  expect(await password.getAttribute('aria-invalid')).toBe('false');
  await logIn.click();
  await p.getByTestId('agent-bar').waitFor();
  expect(t.sim.state().agents.find((a) => a.id === '1001')?.state).toBe('not-ready');
  // No leftover notice that the toolbar could not log the agent back in: they did.
  await expect.poll(() => t!.app.session.snapshot().lastError).toBeNull();
  expect(await p.getByTestId('banner').count()).toBe(0);
});
