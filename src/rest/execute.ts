// Runs a stored GraphQL operation for a REST route through Yoga's envelop pipeline: the
// same schema, context factory (authentication), plugins (limits, error masking,
// correlation ids) and resolvers as /graphql. The REST layer never touches the database.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { ExecutionResult, GraphQLError } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Context } from '../graphql/context';
import type { ServerContext } from '../server/app';

export interface OperationResult<Data> {
  data: Data | null | undefined;
  errors: readonly GraphQLError[];
  /** The request's viewer, once authenticated (for deprecation headers and rate limits). */
  context: Context | null;
}

export async function runOperation<Data, Variables>(
  yoga: YogaServerInstance<ServerContext, Context>,
  request: Request,
  serverContext: ServerContext,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
): Promise<OperationResult<Data>> {
  const { contextFactory, execute, validate, schema } = yoga.getEnveloped({
    request,
    params: { query: '', variables: variables as Record<string, unknown> },
    ...serverContext,
  } as never);
  // Validation rules (depth, cost, ...) apply to stored operations too; the documents are
  // ours, so this only guards against our own mistakes, and graphql caches nothing here.
  const validationErrors = validate(schema, document);
  if (validationErrors.length) return { data: null, errors: validationErrors, context: null };
  let context: Context;
  try {
    context = (await contextFactory()) as unknown as Context;
  } catch (error) {
    return { data: null, errors: [error as GraphQLError], context: null };
  }
  const result = (await execute({
    schema,
    document,
    contextValue: context,
    variableValues: variables as Record<string, unknown>,
  })) as ExecutionResult<Data>;
  return { data: result.data, errors: result.errors ?? [], context };
}
