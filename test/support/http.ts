// Puts a test gateway on a real port, for tests where the network matters (a browser,
// several instances, clients that speak HTTP).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { createServerAdapter } from '@whatwg-node/server';
import type { Gateway } from '../../src/server/app';

export interface Listening {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function listen(gateway: Gateway): Promise<Listening> {
  const adapter = createServerAdapter<{ req: IncomingMessage }>((request, context) =>
    gateway.fetch(request, { remoteAddress: context.req.socket.remoteAddress ?? 'unknown' }),
  );
  const server = createServer(adapter);
  // Burst tests open 1,200 connections at once: a backlog above Node's 511 keeps a busy
  // machine from dropping their SYNs until the client's connect timeout.
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 4096 }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A port nothing listens on, below Linux's ephemeral range (32768–60999): a port in that
 * range can be taken at any moment as the local end of another test's outgoing connection.
 * For tests that start a gateway process on a port they name (and may start it again there).
 */
export async function freePort(): Promise<string> {
  for (;;) {
    const candidate = 20000 + Math.floor(Math.random() * 12000);
    const free = await new Promise<boolean>((resolve) => {
      const probe = createTcpServer();
      probe.once('error', () => resolve(false));
      probe.listen(candidate, '127.0.0.1', () => probe.close(() => resolve(true)));
    });
    if (free) return String(candidate);
  }
}
