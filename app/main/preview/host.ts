// The browser preview host: the real main-side core (session + request
// handlers) served over WebSocket IPC, and the built renderer over HTTP, both
// on loopback, both behind a per-run access token carried by the URL it returns.
// cli.ts wires it to a session; tests can start it directly.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ToolbarSession } from '../tserver/session/api.ts';
import { IpcServer } from '../ipc/ipc-server.ts';
import type { IpcLogger, IpcServerOptions, RequestHandlers } from '../ipc/ipc-server.ts';
import { newAccessToken, urlWithToken } from './access-token.ts';
import { createStaticHandler, loadIndex } from './static-files.ts';
import { WebSocketIpcTransport } from './ws-transport.ts';
import type { ClientBounds } from './ws-transport.ts';

export interface PreviewHostOptions {
  session: Pick<ToolbarSession, 'snapshot' | 'onSnapshot' | 'onEvent'>;
  handlers: RequestHandlers;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** 0 = any free port. */
  port?: number;
  log: IpcLogger;
  /** Per-client WebSocket bounds (defaults in ws-transport.ts); tests make them small. */
  clientBounds?: Partial<ClientBounds>;
  /** Request rate limits and clock (defaults in app/main/ipc/rate-limit.ts). */
  ipc?: IpcServerOptions;
}

export interface PreviewHost {
  /** The page, with the run's access token: print it, never log it. */
  url: string;
  transport: WebSocketIpcTransport;
  close(): Promise<void>;
}

export const LOOPBACK = '127.0.0.1';

export async function startPreviewHost(options: PreviewHostOptions): Promise<PreviewHost> {
  const index = await loadIndex(options.rendererDir);
  const token = newAccessToken();
  let origin = '';
  const server = createServer();
  const files = createStaticHandler({ root: options.rendererDir, host: () => origin.slice('http://'.length), token }, index);
  server.on('request', (req, res) => {
    files(req, res).catch((err: unknown) => {
      options.log.warn({ err: String(err) }, 'preview static file failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const transport = new WebSocketIpcTransport({ server, origin: () => origin, token, log: options.log, ...(options.clientBounds ? { bounds: options.clientBounds } : {}) });
  new IpcServer(options.handlers, options.log, options.ipc).attach(transport);
  transport.onClient((send) => send('snapshot', options.session.snapshot()));
  const unsubscribe = [
    options.session.onSnapshot((s) => transport.push('snapshot', s)),
    options.session.onEvent((e) => transport.push('event', e)),
  ];

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, LOOPBACK, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://${LOOPBACK}:${port}`;

  return {
    url: urlWithToken(origin, token),
    transport,
    close: async () => {
      for (const u of unsubscribe) u();
      transport.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
