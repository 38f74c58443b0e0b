// A tiny scripted T-Server on loopback for connection tests: decodes what the
// client sends and lets each test answer (or misbehave) frame by frame.
import net from 'node:net';
import tls from 'node:tls';
import { FrameDecoder, encodeMessage, makeMessage } from '../../../app/main/tserver/protocol/index.ts';
import type { Attributes, MessageName, TMessage } from '../../../app/main/tserver/protocol/index.ts';

export interface FakePeer {
  socket: net.Socket;
  received: TMessage[];
  send(name: MessageName, attributes?: Attributes): void;
  /** Resolves with the next received message of that name (or one already received and not yet taken). */
  next(name: string): Promise<TMessage>;
  ended: Promise<'fin' | 'close'>;
}

export type OnMessage = (peer: FakePeer, message: TMessage) => void;

export interface FakeServer {
  port: number;
  peers: FakePeer[];
  nextPeer(): Promise<FakePeer>;
  close(): Promise<void>;
}

/** Answers RegisterClient with EventLinkConnected (primary, SessionID 77, ServerName "fake"). */
export const acceptOpen: OnMessage = (peer, m) => {
  if (m.name === 'RequestRegisterClient') {
    peer.send('EventLinkConnected', { ReferenceID: m.attributes.ReferenceID, ServerRole: 1, SessionID: 77, ServerName: 'fake', TimeinSecs: 1 });
  }
};

/** `tlsOptions` (key, cert) makes it a TLS server. */
export async function startFakeServer(onMessage: OnMessage = acceptOpen, tlsOptions?: tls.TlsOptions): Promise<FakeServer> {
  const peers: FakePeer[] = [];
  // nextPeer() hands out peers in connection order, waiting for ones not yet connected.
  const waiting = new Map<number, (p: FakePeer) => void>();
  let handed = 0;
  const onSocket = (socket: net.Socket): void => {
    const decoder = new FrameDecoder();
    const taken = new Set<TMessage>();
    const waiters: Array<{ name: string; resolve: (m: TMessage) => void }> = [];
    let ended!: (how: 'fin' | 'close') => void;
    const peer: FakePeer = {
      socket,
      received: [],
      send: (name, attributes = {}) => {
        if (!socket.destroyed) socket.write(encodeMessage(makeMessage(name, attributes)));
      },
      next: (name) =>
        new Promise((resolve) => {
          const have = peer.received.find((m) => m.name === name && !taken.has(m));
          if (have) {
            taken.add(have);
            resolve(have);
          } else waiters.push({ name, resolve });
        }),
      ended: new Promise((resolve) => (ended = resolve)),
    };
    socket.on('data', (chunk) => {
      const { messages } = decoder.push(chunk);
      for (const m of messages) {
        peer.received.push(m);
        const w = waiters.findIndex((x) => x.name === m.name);
        if (w >= 0) {
          taken.add(m);
          waiters.splice(w, 1)[0]!.resolve(m);
        }
        onMessage(peer, m);
      }
    });
    socket.on('end', () => ended('fin'));
    socket.on('close', () => ended('close'));
    socket.on('error', () => {});
    peers.push(peer);
    waiting.get(peers.length - 1)?.(peer);
  };
  const server = tlsOptions ? tls.createServer(tlsOptions, onSocket) : net.createServer(onSocket);
  // A client that rejects our certificate aborts the handshake; that is the test, not a failure.
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    peers,
    nextPeer: () =>
      new Promise((resolve) => {
        const i = handed++;
        const peer = peers[i];
        if (peer) resolve(peer);
        else waiting.set(i, resolve);
      }),
    close: async () => {
      for (const p of peers) p.socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback port nothing listens on (bound, then released). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export interface DeafServer {
  port: number;
  /** Accepted connections, in order (their count is the dial count). */
  sockets: net.Socket[];
  close(): Promise<void>;
}

/** The open reply a deaf server sends blind: a fresh TServerConnection's first ReferenceID is 1. */
export const BLIND_OPEN_REPLY = encodeMessage(makeMessage('EventLinkConnected', { ReferenceID: 1, ServerRole: 1, SessionID: 78, ServerName: 'deaf', TimeinSecs: 1 }));

/**
 * A server that never reads a byte (pauseOnConnect: the kernel's receive buffer fills
 * and stays full; our FIN is never seen, so none comes back). It answers the open blind
 * with BLIND_OPEN_REPLY, then hands the socket to `then` to misbehave further.
 */
export async function startDeafServer(then: (socket: net.Socket) => void = () => {}): Promise<DeafServer> {
  const sockets: net.Socket[] = [];
  const server = net.createServer({ pauseOnConnect: true }, (socket) => {
    sockets.push(socket);
    socket.on('error', () => {});
    socket.write(BLIND_OPEN_REPLY);
    then(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    sockets,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
