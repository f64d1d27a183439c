// Trusted documents (persisted operations): the frontend's operations, registered ahead of
// time in manifests that GraphQL Code Generator's client preset writes
// (`persisted-documents.json`: { "<sha256>": "<document>" }), loaded and validated once at
// start, then called by id: `documentId` in a POST body or a GET query string, or Apollo's
// `extensions.persistedQuery.sha256Hash`. Any document stays allowed for tokens and
// sessions; TRUSTED_DOCUMENTS_ONLY_FOR_ANONYMOUS restricts anonymous callers to trusted ones.
// docs/frontend.md is the frontend developer's side of it.
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { type DocumentNode, GraphQLError, type GraphQLSchema, parse, validate } from 'graphql';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import { ERROR_STATUS } from '../graphql/errors';

/** Every trusted document by id, parsed once. */
export function loadTrustedDocuments(paths: readonly string[], schema: GraphQLSchema): Map<string, DocumentNode> {
  const documents = new Map<string, DocumentNode>();
  for (const path of paths) {
    const manifest = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
    for (const [id, text] of Object.entries(manifest)) {
      if (typeof text !== 'string') throw new Error(`${path}: document ${id} is not a string`);
      const document = parse(text);
      const errors = validate(schema, document);
      if (errors.length) throw new Error(`${path}: document ${id} does not fit the schema: ${errors.map((e) => e.message).join('; ')}`);
      documents.set(id, document);
    }
  }
  return documents;
}

/** `documentId` (POST body or GET query string), else Apollo's persisted query hash. */
function documentIdOf(params: GraphQLParams, request: Request): string | null {
  const fromBody = (params as { documentId?: unknown }).documentId;
  if (typeof fromBody === 'string') return fromBody;
  const fromQuery = new URL(request.url).searchParams.get('documentId');
  if (fromQuery) return fromQuery;
  const hash = (params.extensions?.persistedQuery as { sha256Hash?: unknown } | undefined)?.sha256Hash;
  return typeof hash === 'string' ? hash : null;
}

const refusal = (code: 'PERSISTED_QUERY_NOT_FOUND' | 'PERSISTED_QUERY_ONLY', message: string) => () =>
  new GraphQLError(message, { extensions: { code, http: { status: ERROR_STATUS[code] } } });

export function useTrustedDocuments(documents: ReadonlyMap<string, DocumentNode>, onlyForAnonymous: boolean): Plugin {
  return usePersistedOperations({
    getPersistedOperation: (id) => documents.get(id) ?? null,
    extractPersistedOperationId: documentIdOf,
    // Admission already refused bad credentials: a request that still carries one is a caller's.
    allowArbitraryOperations: (request) => !onlyForAnonymous || request.headers.has('authorization'),
    // Validated at start.
    skipDocumentValidation: true,
    customErrors: {
      notFound: refusal('PERSISTED_QUERY_NOT_FOUND', 'No trusted document has this documentId'),
      keyNotFound: refusal('PERSISTED_QUERY_NOT_FOUND', 'Send a query or the documentId of a trusted document'),
      persistedQueryOnly: refusal('PERSISTED_QUERY_ONLY', 'Anonymous callers may run trusted documents only: send a documentId, or a credential'),
    },
  });
}
