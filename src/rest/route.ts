// What a REST route is: a declaration. Method, path and profile (the response shapes of its
// source document); the stored GraphQL operation it runs, once per request; how the
// request becomes the operation's variables and how the data becomes the documented
// answer; and its docs. Everything else (matching, HEAD, bodies, errors, ETags, the
// OpenAPI document, the scopes it needs) is derived from the declaration in one place
// (src/rest/mount.ts, openapi.ts, scopes.ts).
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { z } from 'zod';
import type { ErrorCode } from '../graphql/errors';
import type { Profile } from './envelopes';
import type { ListQuery, ListSpec, PageWindow } from './lists';

/** What a route reads from the request. */
export interface RestInput {
  url: URL;
  /** Path parameters, decoded. */
  params: Record<string, string>;
  /** A JSON or form body (empty when there is none). */
  body: Record<string, unknown>;
  /** The page a list route was asked for (routes with `list`). */
  list: ListQuery;
  /** The page of an every-record route (`everyRecord`): the mount moves it along. */
  window: PageWindow;
}

export interface RestReply {
  status?: number;
  /** Already in the profile's envelope; absent for 204. Sent as JSON. */
  body?: unknown;
  /** A non-JSON body (the docs page and its assets); its content-type goes in `headers`. */
  raw?: string | Uint8Array<ArrayBuffer>;
  headers?: Record<string, string>;
}

/** A path, query or header parameter, for the OpenAPI document. */
export interface ParameterDoc {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  description: string;
  schema: z.ZodType;
}

export interface RouteDocs {
  /** The group in the OpenAPI document (default: the profile). */
  tag?: 'sessions' | 'docs' | 'downloads';
  description?: string;
  /** Path and query parameters (a list's page/sort/filter ones come from `list`, a legacy path's api_key from its profile). */
  parameters?: ParameterDoc[];
  body?: { description: string; schema: z.ZodType; required?: boolean; form?: boolean };
  /** The success answer; without a schema it has no body (204). */
  response: { status?: number; description: string; schema?: z.ZodType; contentType?: string | string[] };
  /**
   * The documented errors: HTTP status → when it happens. 401 (not public), 403 (from the
   * derived scopes) and a list's 400 are derived (src/rest/documented-errors.ts): give them
   * only where the route says more.
   */
  errors?: Partial<Record<number, string>>;
}

interface RouteBase {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** e.g. "/api/v1/purchases/:code" */
  path: string;
  profile: Profile;
  summary: string;
  /** No credential needed (one may still be sent). */
  public?: boolean;
  /** Old paths: every answer carries Deprecation and Sunset. */
  deprecated?: boolean;
  /** GET answers carry an ETag and honour If-None-Match with 304. */
  etag?: boolean;
  /** Not an API path (docs assets): left out of the OpenAPI document. */
  internal?: boolean;
  /** Page/sort/filter parameters of a v1 list (src/rest/lists.ts). */
  list?: ListSpec;
  docs?: RouteDocs;
}

// biome-ignore lint/suspicious/noExplicitAny: a table holds routes of every operation; route() checks each one
export interface OperationRoute<Data = any, Variables = any> extends RouteBase {
  /** The stored operation, run once per request (an every-record route: once per 100 records). */
  operation: TypedDocumentNode<Data, Variables>;
  /** The request → the operation's variables; throws badParameter for a bad value. Default: none. */
  variables?: (input: RestInput) => Variables;
  /** The operation's data → the answer; throws a RestFailure (e.g. notFound) when there is none to give. */
  reply: (data: Data, input: RestInput) => RestReply;
  /** This route's wording for refusals by the operation's resolvers (scope refusals keep theirs). */
  messages?: Partial<Record<ErrorCode, string>>;
  /** 001_…/002_…'s "every record" paths: the connection to follow, 100 records per execution. */
  everyRecord?: (data: Data) => { edges?: unknown[] | null; pageInfo: { hasNextPage: boolean } };
}

/** The docs page and its assets: answered without an operation. */
export interface StaticRoute extends RouteBase {
  serve: (input: Pick<RestInput, 'params'>) => Promise<RestReply>;
}

/**
 * A path the gateway answers outside the REST layer (the signed download links of
 * src/downloads/http.ts): in the OpenAPI document, not mounted here.
 */
export interface ExternalRoute extends RouteBase {
  external: true;
}

export type Route = OperationRoute | StaticRoute | ExternalRoute;

/** Declares a route; typed by its operation, so variables and reply are checked against it. */
export const route = <Data, Variables>(declaration: OperationRoute<Data, Variables>): Route => declaration as Route;

export const isOperationRoute = (candidate: Route): candidate is OperationRoute => 'operation' in candidate;

export const isExternalRoute = (candidate: Route): candidate is ExternalRoute => 'external' in candidate;
