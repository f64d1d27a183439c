// Puts a test gateway on a real port, for tests where the network matters (a browser,
// several instances, clients that speak HTTP).
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
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
