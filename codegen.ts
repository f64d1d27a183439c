// GraphQL Code Generator: typed documents from schema.graphql (which is printed from the
// code), for the tests and the REST layer's stored operations. A renamed field then
// breaks `tsc`, not a client.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['test/**/*.ts', 'src/rest/**/*.ts', 'src/*/rest*.ts', '!src/generated/**'],
  ignoreNoDocuments: true,
  generates: {
    'src/generated/gql/': {
      preset: 'client',
      // persistedDocuments: also writes persisted-documents.json, the trusted-documents manifest
      // (docs/frontend.md); each document keeps its text and gains `__meta__.hash`.
      presetConfig: { fragmentMasking: false, persistedDocuments: { hashAlgorithm: 'sha256' } },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // URL, EmailAddress and UUID are strings on the wire, answered as they were stored.
        scalars: { DateTime: 'string', EmailAddress: 'string', JSON: 'unknown', SafeInt: 'number', URL: 'string', UUID: 'string' },
        // A refusable field is nullable but @semanticNonNull: these documents are only read
        // when the answer has no errors, so such a field is never null there.
        nullability: { errorHandlingClient: true },
      },
    },
  },
};

export default config;
