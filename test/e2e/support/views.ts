// The window sizes and looks the agent's view must work in (issue 11): the compact
// strips 480×120 and 560×72, the full window 420×640 and its minimum width 360, and
// 200 % text size; light, dark and forced colours. For each: nothing wider than the
// window, every control of the agent bar and the banner's action on screen, a
// screenshot, and axe-core with no violation of any impact.
import { resolve } from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { violations } from './axe.ts';
import { nextFrames } from './toolbar-page.ts';
import { SHOTS } from './toolbar-under-test.ts';

export interface View {
  name: string;
  width: number;
  height: number;
  scheme: 'light' | 'dark';
  forced?: boolean;
  /** Root text size in percent (the browser's text-size setting), 100 by default. */
  textSize?: number;
}

export const COMPACT: View = { name: '480x120', width: 480, height: 120, scheme: 'light' };

export const VIEWS: readonly View[] = [
  COMPACT,
  { name: '480x120-dark', width: 480, height: 120, scheme: 'dark' },
  { name: '480x120-forced', width: 480, height: 120, scheme: 'light', forced: true },
  { name: '560x72', width: 560, height: 72, scheme: 'light' },
  { name: '420x640', width: 420, height: 640, scheme: 'light' },
  { name: '360x640-dark', width: 360, height: 640, scheme: 'dark' },
  { name: '420x640-text200', width: 420, height: 640, scheme: 'light', textSize: 200 },
];

export async function showView(page: Page, view: View): Promise<void> {
  await page.setViewportSize({ width: view.width, height: view.height });
  await page.emulateMedia({ colorScheme: view.scheme, forcedColors: view.forced ? 'active' : 'none' });
  await page.evaluate((size) => {
    document.documentElement.style.fontSize = size === 100 ? '' : `${size}%`;
  }, view.textSize ?? 100);
  await nextFrames(page);
}

type Box = { name: string; left: number; top: number; right: number; bottom: number };

/** What must be on screen: every control of the agent bar (or login form), the banner's action, the note. */
export async function layout(page: Page): Promise<{ vw: number; vh: number; scrollWidth: number; controls: Box[]; action: Box | null; note: Box | null; contentBottom: number }> {
  return page.evaluate(() => {
    const box = (e: Element | null, name = ''): Box | null => {
      if (!e) return null;
      const b = e.getBoundingClientRect();
      return { name: name || e.getAttribute('aria-label') || (e.textContent ?? '').trim(), left: b.left, top: b.top, right: b.right, bottom: b.bottom };
    };
    const controls = [...document.querySelectorAll('.bar-row button, .bar-row select, .bar-row input')].map((e) => box(e)!);
    return {
      vw: window.innerWidth,
      vh: window.innerHeight,
      scrollWidth: document.documentElement.scrollWidth,
      controls,
      action: box(document.querySelector('[data-testid="banner"] .banner-actions button')),
      note: box(document.querySelector('[data-testid="agent-note"], [data-testid="login-error"]')),
      contentBottom: Math.max(...[...document.querySelector('main')!.children].map((e) => e.getBoundingClientRect().bottom)),
    };
  });
}

const inside = (b: Box, vw: number, vh: number) => b.left >= -0.5 && b.top >= -0.5 && b.right <= vw + 0.5 && b.bottom <= vh + 0.5;

/** Nothing wider than the window; the agent bar's controls and the banner's action fully visible; at 480×120 the note too. */
export async function expectFits(page: Page, view: View, label: string): Promise<void> {
  const l = await layout(page);
  expect(l.scrollWidth, `${label}: page wider than the window`).toBeLessThanOrEqual(l.vw);
  for (const c of l.controls) expect(inside(c, l.vw, l.vh), `${label}: control "${c.name}" off screen ${JSON.stringify(c)}`).toBe(true);
  expect(l.controls.length, `${label}: no agent controls`).toBeGreaterThan(0);
  if (l.action) expect(inside(l.action, l.vw, l.vh), `${label}: banner action "${l.action.name}" off screen`).toBe(true);
  if (l.note && view.height >= 120) expect(inside(l.note, l.vw, l.vh), `${label}: note off screen`).toBe(true);
}

/** The state as it is now, in every view: fits, screenshot `<state>-<view>.png`, axe clean. Leaves the page at 480×120, light. */
export async function recordViews(page: Page, state: string, views: readonly View[] = VIEWS): Promise<void> {
  const found: string[] = [];
  for (const view of views) {
    await showView(page, view);
    const l = await layout(page);
    // Tall windows: only the part with content (the rest is empty background).
    const height = Math.min(view.height, Math.ceil(l.contentBottom) + 6);
    await page.screenshot({ path: resolve(SHOTS, `${state}-${view.name}.png`), clip: { x: 0, y: 0, width: view.width, height } });
    await expectFits(page, view, `${state} at ${view.name}`);
    found.push(...(await violations(page)).map((v) => `${view.name}: ${v}`));
  }
  await showView(page, COMPACT);
  if (found.length > 0) throw new Error(`axe (${state}):\n${found.join('\n')}`);
}
