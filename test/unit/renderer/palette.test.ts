// Every text/background pair of the stylesheet's palette is WCAG AA (≥ 4.5:1) in light
// and in dark — including the pressed and the paused buttons, whose contrast axe does
// not check (it skips disabled-looking controls). Read from styles.css itself.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(resolve(import.meta.dirname, '../../../app/renderer/styles.css'), 'utf8');

function palette(block: string): Record<string, string> {
  return Object.fromEntries([...block.matchAll(/--([a-z-]+):\s*(#[0-9a-f]{6})\s*;/gi)].map((m) => [m[1]!, m[2]!.toLowerCase()]));
}

const light = palette(css.slice(css.indexOf(':root {'), css.indexOf('@media (prefers-color-scheme: dark)')));
const darkStart = css.indexOf('@media (prefers-color-scheme: dark)');
const dark = { ...light, ...palette(css.slice(darkStart, css.indexOf('\n}\n', darkStart))) };

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
};

/** Text colour on background colour, as the stylesheet pairs them. */
const PAIRS: [string, string][] = [
  ['fg', 'bg'], ['muted', 'bg'], ['button-fg', 'button-bg'], ['off-fg', 'off-bg'], ['primary-fg', 'primary-bg'], ['accent-fg', 'accent-bg'],
  ['ready-fg', 'ready-bg'], ['ready-on-fg', 'ready-on-bg'], ['away-fg', 'away-bg'], ['away-on-fg', 'away-on-bg'], ['none-fg', 'none-bg'],
  ['warn-fg', 'warn-bg'], ['warn-fg', 'caution-bg'], ['err-fg', 'err-bg'], ['info-fg', 'info-bg'], ['muted', 'none-bg'],
];

describe('palette contrast (WCAG AA, 4.5:1)', () => {
  for (const [scheme, p] of [['light', light], ['dark', dark]] as const) {
    it.each(PAIRS)(`${scheme}: --%s on --%s`, (fg, bg) => {
      expect(p[fg], fg).toBeDefined();
      expect(p[bg], bg).toBeDefined();
      expect(contrast(p[fg]!, p[bg]!)).toBeGreaterThanOrEqual(4.5);
    });
  }

  // Non-text contrast (WCAG 1.4.11, 3:1): the edges that show where a control is, and the focus ring.
  for (const [scheme, p] of [['light', light], ['dark', dark]] as const) {
    it.each([['line', 'bg'], ['focus', 'bg'], ['ready-edge', 'ready-bg'], ['away-edge', 'away-bg'], ['err-edge', 'err-bg']])(`${scheme}: edge --%s on --%s ≥ 3:1`, (edge, bg) => {
      expect(contrast(p[edge]!, p[bg]!)).toBeGreaterThanOrEqual(3);
    });
  }

  it('state colours mean something: Ready green, Not Ready amber, unknown grey — three different hues', () => {
    for (const p of [light, dark]) expect(new Set([p['ready-on-bg'], p['away-on-bg'], p['none-bg']]).size).toBe(3);
  });

  it('paused controls are never faded with opacity (that is how the pressed Ready fell to 2.3:1)', () => {
    expect(css).not.toMatch(/opacity\s*:/);
  });
});
