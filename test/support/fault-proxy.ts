// A TCP proxy between the gateway and a service (PostgreSQL, Redis) that a test can break
// the way networks and servers break:
//   pass    forward bytes both ways (the default);
//   stall   keep every connection open but forward nothing (a frozen server, a dead route);
//   refuse  stop listening: new connections are refused, open ones are cut;
//   reset   cut every open connection with a TCP reset, keep accepting new ones.
// Faults are real: the gateway's driver sees exactly what it would see in production.
import net, { type AddressInfo } from 'node:net';

export type FaultMode = 'pass' | 'stall' | 'refuse';

export interface FaultProxy {
  /** 127.0.0.1:port of the proxy. */
  readonly host: string;
  readonly port: number;
  /** A URL like the target's, pointing at the proxy. */
  url(target: string): string;
  pass(): Promise<void>;
  stall(): Promise<void>;
  refuse(): Promise<void>;
  reset(): void;
  /** Connections currently open through the proxy. */
  readonly openConnections: number;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  upstream: net.Socket;
  flowing: boolean;
}

export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  const pairs = new Set<Pair>();
  let mode: FaultMode = 'pass';
  let server: net.Server | undefined;
  let port = 0;

  // Unpiped and paused, a socket's bytes wait in the kernel: nothing reaches the other side.
  const flowing = (pair: Pair, flow: boolean) => {
    if (pair.flowing === flow) return;
    pair.flowing = flow;
    if (flow) {
      pair.client.pipe(pair.upstream);
      pair.upstream.pipe(pair.client);
    } else {
      pair.client.unpipe(pair.upstream);
      pair.upstream.unpipe(pair.client);
      pair.client.pause();
      pair.upstream.pause();
    }
  };

  const listen = async () => {
    server = net.createServer((client) => {
      const upstream = net.connect(target.port, target.host);
      const pair: Pair = { client, upstream, flowing: false };
      pairs.add(pair);
      flowing(pair, mode !== 'stall');
      const drop = () => {
        pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve));
    port = (server!.address() as AddressInfo).port;
  };

  const unlisten = () =>
    new Promise<void>((resolve) => {
      if (!server?.listening) return resolve();
      server.close(() => resolve());
    });

  const cutAll = (how: 'reset' | 'close') => {
    for (const pair of pairs) {
      if (how === 'reset') {
        pair.client.resetAndDestroy();
        pair.upstream.resetAndDestroy();
      } else {
        pair.client.destroy();
        pair.upstream.destroy();
      }
    }
    pairs.clear();
  };

  await listen();

  return {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    url(targetUrl) {
      const url = new URL(targetUrl);
      url.hostname = '127.0.0.1';
      url.port = String(port);
      return url.toString();
    },
    async pass() {
      mode = 'pass';
      if (!server?.listening) await listen();
      for (const pair of pairs) flowing(pair, true);
    },
    async stall() {
      mode = 'stall';
      if (!server?.listening) await listen();
      for (const pair of pairs) flowing(pair, false);
    },
    async refuse() {
      mode = 'refuse';
      const closed = unlisten();
      cutAll('close');
      await closed;
    },
    reset() {
      cutAll('reset');
    },
    get openConnections() {
      return pairs.size;
    },
    async close() {
      const closed = unlisten();
      cutAll('close');
      await closed;
    },
  };
}
