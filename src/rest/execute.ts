// Runs a route's stored GraphQL operation through Yoga's envelop pipeline: the same
// schema, context factory (authentication), plugins (cost limit, error masking,
// correlation ids) and resolvers as /graphql. The documents are ours and fixed, so they
// are validated once, when the gateway starts (a broken one stops it), never per request.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type DocumentNode, type ExecutionResult, type GraphQLError, type GraphQLSchema, getOperationAST, validate } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Context } from '../graphql/context';
import type { ServerContext } from '../server/server-context';

export interface OperationResult<Data> {
  data: Data | null | undefined;
  errors: readonly GraphQLError[];
}

/** Throws, naming the operation, when a stored document does not fit the schema. */
export function checkStoredOperations(schema: GraphQLSchema, documents: Iterable<DocumentNode>): void {
  for (const document of documents) {
    const errors = validate(schema, document);
    if (errors.length) {
      const name = getOperationAST(document)?.name?.value ?? 'an unnamed operation';
      throw new Error(`The stored REST operation ${name} does not fit the schema: ${errors.map((error) => error.message).join('; ')}`);
    }
  }
}

export async function runOperation<Data, Variables>(
  yoga: YogaServerInstance<ServerContext, Context>,
  request: Request,
  serverContext: ServerContext,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<OperationResult<Data>> {
  const { contextFactory, execute, schema } = yoga.getEnveloped({
    request,
    params: { query: '', variables: variables as Record<string, unknown> },
    ...serverContext,
  } as never);
  let context: Context;
  try {
    context = (await contextFactory()) as unknown as Context;
  } catch (error) {
    return { data: null, errors: [error as GraphQLError] };
  }
  const result = (await execute({
    schema,
    document,
    contextValue: context,
    variableValues: variables as Record<string, unknown>,
  })) as ExecutionResult<Data>;
  return { data: result.data, errors: result.errors ?? [] };
}
