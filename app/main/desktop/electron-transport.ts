// Electron's side of the IPC contract: one ipcMain.handle per request
// channel, the sender checked before IpcServer sees the call, pushes with
// webContents.send. All logic is in IpcServer and checkSender.
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { pushChannel, requestChannel, requests } from '../../shared/ipc-contract.ts';
import type { IpcReply, PushName, PushPayload, RequestName } from '../../shared/ipc-contract.ts';
import type { IncomingRequest, IpcTransport } from '../ipc/ipc-server.ts';
import { checkSender } from './sender.ts';
import type { SenderInfo } from './sender.ts';

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>;
type WebContentsLike = Pick<WebContents, 'id' | 'send' | 'isDestroyed'>;

export function senderInfo(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>): SenderInfo {
  const frame = event.senderFrame;
  let frameUrl: string | null = null;
  let isTopFrame = false;
  try {
    if (frame && !frame.isDestroyed()) {
      frameUrl = frame.url;
      isTopFrame = frame.parent === null && frame === frame.top;
    }
  } catch {
    // A frame that navigated or was destroyed mid-call throws on access: untrusted.
  }
  return { webContentsId: event.sender.id, frameUrl, isTopFrame };
}

export class ElectronIpcTransport implements IpcTransport {
  private readonly windows = new Map<number, WebContentsLike>();

  constructor(private readonly ipcMain: IpcMainLike) {}

  /** Adds a window whose top frame may call and receives pushes. */
  addWindow(contents: WebContentsLike): void {
    this.windows.set(contents.id, contents);
  }

  removeWindow(id: number): void {
    this.windows.delete(id);
  }

  serve(handler: (request: IncomingRequest) => Promise<IpcReply<unknown>>): void {
    for (const name of Object.keys(requests) as RequestName[]) {
      this.ipcMain.handle(requestChannel(name), (event, ...args: unknown[]) => {
        const info = senderInfo(event);
        const verdict = checkSender(info, new Set(this.windows.keys()));
        return handler({
          name,
          args,
          senderOk: verdict.ok,
          senderDescription: verdict.ok ? `window ${info.webContentsId}` : `${verdict.reason} (webContents ${info.webContentsId})`,
        });
      });
    }
  }

  push<N extends PushName>(name: N, payload: PushPayload<N>): void {
    for (const contents of this.windows.values()) {
      if (!contents.isDestroyed()) contents.send(pushChannel(name), payload);
    }
  }

  dispose(): void {
    for (const name of Object.keys(requests) as RequestName[]) this.ipcMain.removeHandler(requestChannel(name));
    this.windows.clear();
  }
}
