// Is this IPC call from our window's top frame showing our own page? Modeled
// on VS Code's validatedIpcMain: a missing frame, a subframe, another
// webContents or any other origin is refused.
import { isAppUrl } from './app-origin.ts';

export interface SenderInfo {
  /** webContents id of the sender. */
  webContentsId: number;
  /** URL of the sending frame; null when Electron no longer has the frame. */
  frameUrl: string | null;
  /** True when the sending frame is its page's main (top) frame. */
  isTopFrame: boolean;
}

export type SenderVerdict = { ok: true } | { ok: false; reason: string };

export function checkSender(sender: SenderInfo, trustedWebContentsIds: ReadonlySet<number>): SenderVerdict {
  if (!trustedWebContentsIds.has(sender.webContentsId)) return { ok: false, reason: `webContents ${sender.webContentsId} is not our window` };
  if (sender.frameUrl === null) return { ok: false, reason: 'sender frame is gone' };
  if (!sender.isTopFrame) return { ok: false, reason: 'sender is not the top frame' };
  if (!isAppUrl(sender.frameUrl)) return { ok: false, reason: `sender origin is not ours (${truncate(sender.frameUrl)})` };
  return { ok: true };
}

const truncate = (s: string): string => (s.length > 120 ? `${s.slice(0, 117)}...` : s);
