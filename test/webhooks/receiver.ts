// A real webhook receiver for the tests: an HTTP server on a loopback port that records
// every request (headers and raw body) and answers as the test says.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface Receipt {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
  at: number;
}

/** Answers one request; `receipt.index` is its position among all requests received. */
export type Answer = (receipt: Receipt & { index: number }, response: ServerResponse) => unknown;

export interface Receiver {
  /** http://127.0.0.1:<port> */
  origin: string;
  port: number;
  receipts: Receipt[];
  answer: Answer;
  close(): Promise<void>;
}

export const answerWith =
  (status: number, body = ''): Answer =>
  (_receipt, response) => {
    response.writeHead(status, { 'content-type': 'text/plain' }).end(body);
  };

export async function startReceiver(answer: Answer = answerWith(204)): Promise<Receiver> {
  const sockets = new Set<Socket>();
  const receiver: Receiver = {
    origin: '',
    port: 0,
    receipts: [],
    answer,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const receipt = { path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      receiver.receipts.push(receipt);
      void Promise.resolve(receiver.answer({ ...receipt, index: receiver.receipts.length - 1 }, response)).catch(() => response.destroy());
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.port = (server.address() as AddressInfo).port;
  receiver.origin = `http://127.0.0.1:${receiver.port}`;
  return receiver;
}
