// The named JSON schemas of the REST layer: each becomes a component of the OpenAPI
// document (src/rest/openapi.ts); the contract tests parse answers with the same schemas.
import { z } from 'zod';

/** Ids of the components. Descriptions and examples ride on zod's own metadata (`.meta`). */
export const restSchemas = z.registry<{ id: string }>();

/** Every named schema by id, with its example (tests check each example parses). */
export const namedSchemas = new Map<string, { schema: z.ZodType; example?: unknown }>();

/** Names a schema (an OpenAPI component), with a description and an example, and registers it. */
export function named<T extends z.ZodType>(id: string, schema: T, description?: string, example?: unknown): T {
  if (namedSchemas.has(id)) throw new Error(`two REST schemas are named ${id}`);
  const meta = { ...(description && { description }), ...(example !== undefined && { examples: [example] }) };
  const described = (Object.keys(meta).length ? schema.meta(meta) : schema) as T;
  restSchemas.add(described, { id });
  namedSchemas.set(id, { schema: described, example });
  return described;
}

/** A database id. */
export const Id = z.int().min(1);
/** A count. */
export const Count = z.int().min(0);
