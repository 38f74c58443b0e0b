// The hooks of a suite that puts the toolbar's page in exact states: one ScriptedSession
// behind the real preview host (HTTP + WebSocket IPC + built renderer) and Chromium, both
// once for the file; a fresh page per test, closed after it, its problems (page errors,
// console errors) expected to be none, and the session's script back to its defaults.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { PreviewHost } from '../../../app/main/preview/host.ts';
import type { AgentView, ConnectivitySnapshot } from '../../../app/shared/connectivity.ts';
import type { UiConfig } from '../../../app/shared/ui-config.ts';
import { makeSnapshot } from '../../support/snapshots.ts';
import { launchChromium } from './chromium.ts';
import type { Browser } from './chromium.ts';
import { startScriptedHost } from './scripted-host.ts';
import { ScriptedSession } from './scripted-session.ts';
import { collectProblems, WAIT } from './toolbar-page.ts';
import { COMPACT, showView } from './views.ts';

export interface ScriptedToolbarOptions {
  /** What getUiConfig serves (read at each call, so a test may change it). */
  uiConfig?: () => UiConfig;
  /** How long ago the online agent's state began (default: the fixture says nothing). */
  stateAgeMs?: number;
}

export interface ScriptedToolbar {
  /** The file's session: a test scripts its answers and reads the requests it got. */
  session: ScriptedSession;
  /** Pushes a whole new picture: online, the agent current as of a minute ago, unless the patch and `agent` say otherwise. */
  show(patch: Partial<ConnectivitySnapshot>, agent?: Partial<AgentView>): void;
  /**
   * A new page at 480×120, light, on the host, once it shows the agent bar (`'agent-bar'`) or
   * either the agent bar or the login form (the default). Closed after the test.
   */
  openPage(shows?: 'agent-bar' | 'agent-bar-or-login-form'): Promise<Page>;
  /** Closes the test's page now (for a test that opens several). */
  closePage(): Promise<void>;
}

export function scriptedToolbarSuite(options: ScriptedToolbarOptions = {}): ScriptedToolbar {
  const onlineNow = (agent: Partial<AgentView> = {}): ConnectivitySnapshot => {
    const base = makeSnapshot({ t: Date.now() });
    const since = options.stateAgeMs === undefined ? {} : { stateSince: Date.now() - options.stateAgeMs };
    return { ...base, agent: { ...base.agent, asOf: Date.now() - 60_000, ...since, ...agent } };
  };
  const session = new ScriptedSession(onlineNow());
  let host: PreviewHost | undefined;
  let browser: Browser | undefined;
  let page: Page | null = null;
  let problems: string[] = [];

  const closePage = async () => {
    await page?.close();
    page = null;
  };

  beforeAll(async () => {
    ({ host } = await startScriptedHost(session, options.uiConfig ? { uiConfig: options.uiConfig } : {}));
    browser = await launchChromium();
  });
  afterEach(async () => {
    await closePage();
    session.answer = () => ({ outcome: 'done' });
    session.acceptChecks = true;
    session.agentCalls.length = 0;
    const seen = problems;
    problems = [];
    expect(seen).toEqual([]);
  });
  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  return {
    session,
    show: (patch, agent = {}) => {
      const fresh = onlineNow(agent);
      session.set({ ...fresh, ...patch, agent: { ...fresh.agent, ...agent } });
    },
    openPage: async (shows = 'agent-bar-or-login-form') => {
      if (!browser || !host) throw new Error('scriptedToolbarSuite: Chromium or the host is not up (openPage() outside a test?)');
      const p = await browser.context.newPage();
      p.setDefaultTimeout(WAIT.timeout);
      collectProblems(p, problems);
      await showView(p, COMPACT);
      await p.goto(host.url);
      const bar = p.getByTestId('agent-bar');
      await (shows === 'agent-bar' ? bar : bar.or(p.getByTestId('login-form'))).waitFor();
      page = p;
      return p;
    },
    closePage,
  };
}
