// The GraphQL Money type shared by prices, purchases, earnings and statements.
import { builder } from '../graphql/builder';
import { formatCents, type MoneyValue } from './money';

export const Money = builder.objectRef<MoneyValue>('Money').implement({
  description: 'An exact amount of money.',
  fields: (t) => ({
    cents: t.expose('cents', {
      type: 'SafeInt',
      description: 'The amount in the smallest unit of the currency (cents).',
    }),
    amount: t.string({
      description: 'The amount as an exact decimal string, e.g. "19.99".',
      resolve: (money) => formatCents(money.cents),
    }),
    currency: t.exposeString('currency', { description: 'ISO 4217 code, e.g. USD.' }),
  }),
});

export const money = (cents: number | bigint, currency: string): MoneyValue => ({ cents: Number(cents), currency });
