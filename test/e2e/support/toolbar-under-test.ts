// One toolbar under test: a simulator pair on ephemeral ports (driven over its
// HTTP control API, as an operator would), the real preview app (session,
// handlers, WebSocket IPC, built renderer) in this process, and a Chromium
// page on it. Short ADDP and backoff so every scenario runs in seconds.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startSimulator } from '../../../sim/index.ts';
import type { Simulator, SimulatorOptions } from '../../../sim/index.ts';
import { RENDERER_DIR, startPreviewApp } from '../../../app/main/preview/preview-app.ts';
import type { PreviewApp, PreviewAppOptions } from '../../../app/main/preview/preview-app.ts';
import { axeBothSchemes } from './axe.ts';
import { launchChromium } from './chromium.ts';
import type { Browser } from './chromium.ts';
import { collectProblems, WAIT } from './toolbar-page.ts';

export const SHOTS = resolve(import.meta.dirname, '../__screenshots__');

/** Fast failure detection and reconnects for tests; waits are the backoff ceiling (random pinned to 1). */
export const FAST: Partial<PreviewAppOptions> = {
  addpTimeoutMs: 400,
  connectTimeoutMs: 1_000,
  reconnect: { initialDelayMs: 300, maxDelayMs: 1_000, firstDelayMaxMs: 0, minConnectTimeoutMs: 500 },
  random: () => 1,
};

export interface ToolbarUnderTest {
  sim: Simulator;
  app: PreviewApp;
  page: Page;
  /** Page errors and console errors seen so far (should stay empty). */
  problems: string[];
  /** POST to the simulator's control API; throws on a non-200 answer. */
  control(path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export function requireBuiltRenderer(): void {
  if (!existsSync(resolve(RENDERER_DIR, 'index.html'))) throw new Error('dist/renderer is missing: run `npm run build:renderer` first');
}

/**
 * The hooks of a suite whose tests each run one toolbar against the real simulator: Chromium
 * once for the file, and after each test the toolbar closed and its page's problems (console
 * errors, failed requests) expected to be none. `start` is startToolbar with the suite's browser.
 */
export function toolbarSuite(): { start: (options?: Parameters<typeof startToolbar>[1]) => Promise<ToolbarUnderTest> } {
  let browser: Browser | undefined;
  let current: ToolbarUnderTest | null = null;
  beforeAll(async () => {
    requireBuiltRenderer();
    browser = await launchChromium();
  });
  afterEach(async () => {
    const problems = current?.problems ?? [];
    await current?.close();
    current = null;
    expect(problems).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    start: async (options) => {
      if (!browser) throw new Error('toolbarSuite: Chromium is not up (start() outside a test?)');
      current = await startToolbar(browser, options);
      return current;
    },
  };
}

export async function startToolbar(
  browser: Browser,
  options: { sim?: SimulatorOptions; app?: Partial<PreviewAppOptions> } = {},
): Promise<ToolbarUnderTest> {
  const sim = await startSimulator({ mode: 'hot', ...options.sim, a: { port: 0 }, b: { port: 0 }, control: { port: 0 } });
  let app: PreviewApp;
  try {
    app = await startPreviewApp({
      mode: options.sim?.mode ?? 'hot',
      dn: '5001',
      agentId: '1001',
      endpoints: (['a', 'b'] as const).map((name) => ({ name, host: sim.servers[name].host, port: sim.servers[name].port })),
      ...FAST,
      ...options.app,
    });
  } catch (err) {
    await sim.close();
    throw err;
  }
  const page = await browser.context.newPage();
  page.setDefaultTimeout(WAIT.timeout);
  const problems = collectProblems(page);
  await page.goto(app.url);

  const control = async (path: string, body: unknown = {}): Promise<unknown> => {
    const res = await fetch(`${sim.controlUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
    const json: unknown = await res.json();
    if (res.status !== 200) throw new Error(`control ${path}: HTTP ${res.status} ${JSON.stringify(json)}`);
    return json;
  };

  return {
    sim,
    app,
    page,
    problems,
    control,
    close: async () => {
      await page.close();
      await app.close();
      await sim.close();
    },
  };
}

/**
 * Saves `<name>-light.png` and `<name>-dark.png` of the page as it is now, then checks
 * that very state with axe-core in both schemes: every screenshot is of an accessible page.
 */
export async function shoot(page: Page, name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: resolve(SHOTS, `${name}-light.png`) });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: resolve(SHOTS, `${name}-dark.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
  const violations = await axeBothSchemes(page);
  if (violations.length > 0) throw new Error(`axe (${name}):\n${violations.join('\n')}`);
}

/** Logs the agent in through the login form (the switch starts with every agent logged out); `password` typed first if given. */
export async function logIn(page: Page, password?: string): Promise<void> {
  const form = page.getByTestId('login-form');
  await form.waitFor(WAIT);
  if (password !== undefined) await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('agent-bar').waitFor(WAIT);
}
