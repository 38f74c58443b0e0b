// The tray icon also says when a call rings or is in progress: a disc in the middle of the
// status dot (build/icons/tray-*.png) — white and large while ringing, dark and small on a
// call — so the colour still tells the connection and the centre tells the call.
// Pure pixels: the adapter reads the dot with NativeImage.toBitmap() and makes the marked
// icon with nativeImage.createFromBitmap(), which takes the format toBitmap() gave
// (platform-dependent: BGRA or RGBA, alpha last, premultiplied). Only opaque greys are
// written (R = G = B, alpha 255), so the result is right in either channel order.
import type { TrayState } from './tray-state.ts';

export type TrayCall = NonNullable<TrayState['call']>;

const MARK: Record<TrayCall, { radius: number; grey: number }> = {
  ringing: { radius: 0.24, grey: 0xff },
  'in-call': { radius: 0.16, grey: 0x20 },
};

/** A copy of the 4-bytes-per-pixel `pixels` (width × height) with the call's disc drawn on it. */
export function markCall(pixels: Uint8Array, width: number, height: number, call: TrayCall): Uint8Array {
  if (pixels.length !== width * height * 4) throw new Error(`tray icon: ${pixels.length} bytes for ${width}×${height}`);
  const out = new Uint8Array(pixels);
  const { radius, grey } = MARK[call];
  const r = Math.min(width, height) * radius;
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (Math.hypot(x - cx, y - cy) > r) continue;
      out.set([grey, grey, grey, 0xff], (y * width + x) * 4);
    }
  }
  return out;
}
