// Spends one call of a per-class budget for the caller, or refuses with RATE_LIMITED
// (HTTP 429 on REST) carrying retryAfter. Called first thing by the fields that carry
// a class: downloads, purchase verification, version checks.
import type { Context } from '../graphql/context';
import { rateLimited } from '../graphql/errors';
import type { LimitClass } from './rate-limits';

export async function enforceRateLimit(context: Context, limitClass: LimitClass): Promise<void> {
  const state = await context.services.rateLimits.chargeClass(context.viewer, context.clientAddress, limitClass);
  // A REST answer reports the class budget (002_…), the scarcest one if several were charged.
  const reported = context.classRateLimit.state;
  if (!reported || state.remaining <= reported.remaining) context.classRateLimit.state = state;
  if (state.limited) {
    throw rateLimited(state.retryAfter, `Rate limit exceeded for ${limitClass}: ${state.limit} per window; retry in ${state.retryAfter}s`, state);
  }
}
