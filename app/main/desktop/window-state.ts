// Remembers where the agent put the window: a small JSON file, validated on
// read (a corrupt file means "use the defaults"), and moved back on screen
// when the display it was on is gone.
import * as v from 'valibot';

const BoundsSchema = v.object({
  x: v.pipe(v.number(), v.integer()),
  y: v.pipe(v.number(), v.integer()),
  width: v.pipe(v.number(), v.integer(), v.minValue(100), v.maxValue(10_000)),
  height: v.pipe(v.number(), v.integer(), v.minValue(40), v.maxValue(10_000)),
});
const WindowStateSchema = v.object({ bounds: BoundsSchema, maximized: v.optional(v.boolean(), false) });

export type WindowBounds = v.InferOutput<typeof BoundsSchema>;
export type WindowState = v.InferOutput<typeof WindowStateSchema>;

export function parseWindowState(text: string | null): WindowState | null {
  if (!text) return null;
  try {
    const result = v.safeParse(WindowStateSchema, JSON.parse(text));
    return result.success ? result.output : null;
  } catch {
    return null;
  }
}

export function serializeWindowState(state: WindowState): string {
  return `${JSON.stringify(state)}\n`;
}

/** Keeps saved bounds only when enough of the window is on some display's work area. */
export function fitToDisplays(bounds: WindowBounds, workAreas: readonly WindowBounds[]): WindowBounds | null {
  const MIN_VISIBLE = 48;
  for (const area of workAreas) {
    const overlapX = Math.min(bounds.x + bounds.width, area.x + area.width) - Math.max(bounds.x, area.x);
    const overlapY = Math.min(bounds.y + bounds.height, area.y + area.height) - Math.max(bounds.y, area.y);
    if (overlapX >= MIN_VISIBLE && overlapY >= MIN_VISIBLE) {
      return { ...bounds, width: Math.min(bounds.width, area.width), height: Math.min(bounds.height, area.height) };
    }
  }
  return null;
}
