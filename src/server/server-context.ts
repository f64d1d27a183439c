// What the HTTP layer learns of a request before GraphQL runs (its id, the caller's address,
// the admission's outcome), handed to Yoga and to the REST layer alike. Its own module so
// that neither imports the app that wires them together.
import type { Viewer } from '../graphql/context';
import type { BudgetState } from '../limits/budgets';
import type { ReadBody } from './admission';

export interface ServerContext {
  requestId: string;
  clientAddress: string;
  /** Set by the REST layer: the deprecated api_key / X-API-Key credentials count there. */
  allowLegacyKey?: boolean;
  /** The authenticated caller (null: anonymous), resolved once per HTTP request. */
  viewer?: Viewer | null;
  /** Why the request may not run (bad credential, rate limit); raised when its context is built. */
  refusal?: Error;
  /** The caller's account-wide budget after this request. */
  rateLimit?: BudgetState;
  /** Set by the REST layer: a per-class charge of the operation leaves its budget here, for X-RateLimit-*. */
  classRateLimit?: { state?: BudgetState };
  /** A legacy api key was sent (header, query string or body): REST answers carry its sunset. */
  legacyKey?: boolean;
  /** The body, already read by admission (a legacy POST whose key may be in it); routes use it as is. */
  body?: ReadBody;
  /** What the request's metrics are labelled with, filled in by whoever learns it. */
  labels: { operation?: string | null };
}
