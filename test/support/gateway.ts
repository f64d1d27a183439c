// A gateway on a fresh test database, called in process through its fetch handler (the
// whole HTTP stack, no port), plus helpers to send GraphQL and REST requests.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type DocumentNode } from 'graphql';
import pino from 'pino';
import { inject } from 'vitest';
import { testConfig } from '../../src/config';
import { LocalFileStore } from '../../src/downloads/file-store';
import { createGateway, type Gateway } from '../../src/server/app';
import { openTestDatabase, type TestDatabase } from './databases';

export interface GraphQLResponse<Data> {
  status: number;
  headers: Headers;
  data?: Data | null;
  errors?: Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }>;
}

/** Nothing of the answer stands: no data, or every root field null (a refused or failed mutation). */
export const nothingStands = (data: unknown): boolean =>
  data === null || data === undefined || Object.values(data as object).every((value) => value === null);

export interface TestGateway extends TestDatabase {
  gateway: Gateway;
  demoPassword: string;
  /** Sends a request to a path of the gateway, e.g. request('/api/v1/items', { token }). */
  request(path: string, init?: RequestInit & { token?: string; clientAddress?: string }): Promise<Response>;
  graphql<Data, Variables extends Record<string, unknown> = Record<string, never>>(
    document: TypedDocumentNode<Data, Variables> | DocumentNode | string,
    variables?: Variables,
    options?: { token?: string; headers?: Record<string, string> },
  ): Promise<GraphQLResponse<Data>>;
  /** Moves the gateway's clock (token expiry, download links). */
  setNow(date: Date | null): void;
}

const UNLIMITED = [
  'RATE_LIMIT_ANONYMOUS',
  'RATE_LIMIT_FREE',
  'RATE_LIMIT_PRO',
  'RATE_LIMIT_ENTERPRISE',
  'RATE_LIMIT_DOWNLOADS',
  'RATE_LIMIT_VERIFICATION',
  'RATE_LIMIT_VERSION_CHECKS',
];

export async function startTestGateway(env: Record<string, string> = {}): Promise<TestGateway> {
  const database = await openTestDatabase();
  let now: Date | null = null;
  const config = testConfig({
    FILES_DIR: inject('filesDir'),
    APP_SECRET: 'test-secret-test-secret-test-secret!',
    // Suites send many requests from one address; the rate-limit tests set their own budgets.
    ...Object.fromEntries(UNLIMITED.map((name) => [name, '1000000'])),
    ...env,
  });
  const gateway = createGateway({
    config,
    db: database.db,
    logger: pino({ level: 'silent' }),
    fileStore: new LocalFileStore(config.FILES_DIR),
    now: () => now ?? new Date(),
  });

  const request: TestGateway['request'] = (path, init = {}) => {
    const { token, clientAddress, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    return gateway.fetch(new Request(`http://gateway.test${path}`, { ...rest, headers }), { remoteAddress: clientAddress });
  };

  return {
    ...database,
    gateway,
    demoPassword: inject('demoPassword'),
    request,
    async graphql(document, variables, options = {}) {
      const query = typeof document === 'string' ? document : print(document as DocumentNode);
      const response = await request('/graphql', {
        method: 'POST',
        token: options.token,
        headers: { 'content-type': 'application/json', accept: 'application/json', ...options.headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: never; errors?: never };
      return { status: response.status, headers: response.headers, data: body.data, errors: body.errors };
    },
    setNow(date) {
      now = date;
    },
    async close() {
      await gateway.close();
      await database.close();
    },
  };
}
