// Reading the toolbar's page, for the e2e suites: the one bound every wait has, the
// page's problems, and the parts of the page the tests look at.
import type { Locator, Page } from 'playwright-core';

/** Every wait in a scenario is bounded well below the test timeout. */
export const WAIT = { timeout: 5_000 };

/** Collects the page's errors and console errors into `problems` (a test expects none). */
export function collectProblems(page: Page, problems: string[] = []): string[] {
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text());
  });
  return problems;
}

export const banner = (page: Page) => page.getByTestId('banner');

/** Waits until the banner of that kind is shown. */
export async function bannerKind(page: Page, kind: string): Promise<void> {
  await page.locator(`[data-testid="banner"][data-kind="${kind}"]`).waitFor(WAIT);
}

/** The trimmed text of the one element with that test id ('' when it has none). */
export const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent())?.trim() ?? '';

/** The text of the element a control's aria-describedby names. */
export const describedBy = (control: Locator) => control.evaluate((e) => document.getElementById(e.getAttribute('aria-describedby')!)?.textContent);

/** The test id of the focused element. */
export const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid'));

/** Two animation frames: layout and paint have caught up with the last change. */
export const nextFrames = (page: Page) => page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));

/** The aria-describedby ids that name no element of the page. */
export const danglingDescriptions = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('[aria-describedby]')].flatMap((e) => e.getAttribute('aria-describedby')!.split(/\s+/).filter((id) => !document.getElementById(id))));

/** The name attribute of the focused element (which form field has the focus). */
export const focusedName = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('name'));
