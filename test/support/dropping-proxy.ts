// A loopback TCP proxy that can make the network vanish: while dropping, bytes in
// both directions are discarded (no FIN, no RST reaches either side), as when a
// laptop's network goes away during a sleep; new connections are accepted and then
// hear nothing. `restore()` forwards again (what was dropped stays lost).
// `latencyMs` delays what the server sends (in order), as a slow network does: the
// client may send its next request before the answer to its last one has arrived.
import net from 'node:net';

export interface DroppingProxy {
  port: number;
  dropping: boolean;
  /** Delay of every server-to-client chunk (0: none). */
  latencyMs: number;
  drop(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startDroppingProxy(target: { host: string; port: number }): Promise<DroppingProxy> {
  const pairs = new Set<[net.Socket, net.Socket]>();
  const proxy: DroppingProxy = {
    port: 0,
    dropping: false,
    latencyMs: 0,
    drop: () => void (proxy.dropping = true),
    restore: () => void (proxy.dropping = false),
    close: async () => {
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    const pair: [net.Socket, net.Socket] = [client, upstream];
    pairs.add(pair);
    const forward = (from: net.Socket, to: net.Socket, delayed: boolean) =>
      from.on('data', (chunk) => {
        if (proxy.dropping || to.destroyed) return;
        const ms = delayed ? proxy.latencyMs : 0;
        // Equal delays fire in the order they were set: the stream keeps its order.
        if (ms > 0) setTimeout(() => to.destroyed || to.write(chunk), ms);
        else to.write(chunk);
      });
    forward(client, upstream, false);
    forward(upstream, client, true);
    // A real vanished network carries no FIN or RST either: only pass them on while forwarding.
    const end = (other: net.Socket) => () => {
      if (!proxy.dropping) other.destroy();
    };
    client.on('close', end(upstream));
    upstream.on('close', end(client));
    client.on('error', () => {});
    upstream.on('error', () => {});
    client.on('close', () => pairs.delete(pair));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.port = (server.address() as net.AddressInfo).port;
  return proxy;
}
