// `rateLimit`: where the caller stands in its account-wide budget, as GitHub's API
// tells it. Reading it costs nothing extra: the request was already charged.
import { builder } from '../graphql/builder';
import type { BudgetState } from './budgets';

const RateLimit = builder.objectRef<BudgetState>('RateLimit').implement({
  description: 'The account-wide request budget (by plan; anonymous callers by address).',
  fields: (t) => ({
    limit: t.exposeInt('limit', { description: 'Requests allowed per window.' }),
    remaining: t.exposeInt('remaining', { description: 'Requests left in the current window, after this one.' }),
    resetAt: t.field({
      type: 'DateTime',
      description: 'When the current window ends and the budget is full again.',
      resolve: (state) => new Date(state.resetAt),
    }),
  }),
});

builder.queryField('rateLimit', (t) =>
  t.field({
    type: RateLimit,
    nullable: true,
    description: 'Your rate-limit budget after this request (null when the request was not charged).',
    authScopes: { public: true },
    resolve: (_root, _args, context) => context.rateLimit,
  }),
);
