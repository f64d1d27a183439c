// Money over REST (000_… v1): the author's sales (GET /api/v1/sales) and the financial
// statement (GET /api/v1/statements), each a v1 list.
import { decodeGlobalID } from '@pothos/plugin-relay';
import { z } from 'zod';
import { graphql } from '../generated/gql';
import type { LedgerKind, RestLedgerEntryFragment, RestSaleFragment } from '../generated/gql/graphql';
import { licenseName } from '../purchases/rest';
import { v1List } from '../rest/envelopes';
import { restDate } from '../rest/format';
import { dateFilter, enumFilter, listReply, ofNode, type ListSpec } from '../rest/lists';
import { Id, named } from '../rest/registry';
import { route } from '../rest/route';
import { Amount, DateTimeText } from '../rest/shapes';
import { centsToNumber } from '../shared/money';

graphql(`
  fragment RestSale on Purchase {
    code
    licenseType
    price { cents currency }
    authorEarnings { cents }
    platformFee { cents }
    item { databaseId name slug }
    buyer { username }
    refundState
    purchasedAt
  }
`);

graphql(`
  fragment RestLedgerEntry on LedgerEntry {
    id
    kind
    amount { cents currency }
    balanceAfter { cents }
    description
    reference
    purchaseCode
    createdAt
  }
`);

const SalesQuery = graphql(`
  query RestSales($first: Int, $after: String, $last: Int, $before: String, $offset: Int) {
    viewer {
      sales(first: $first, after: $after, last: $last, before: $before, offset: $offset) {
        totalCount
        pageInfo { ...RestPageInfo }
        edges { node { ...RestSale } }
      }
    }
  }
`);

const StatementQuery = graphql(`
  query RestStatement($first: Int, $after: String, $last: Int, $before: String, $offset: Int, $filter: StatementFilter) {
    viewer {
      statement(first: $first, after: $after, last: $last, before: $before, offset: $offset, filter: $filter) {
        totalCount
        pageInfo { ...RestPageInfo }
        edges { node { ...RestLedgerEntry } }
      }
    }
  }
`);

const Sale = named(
  'Sale',
  z.strictObject({
    purchase_code: z.string(),
    license_type: z.enum(['Regular', 'Extended']),
    price: Amount.describe('What the buyer paid'),
    author_earnings: Amount.describe('Your share: the price less the platform fee'),
    platform_fee: Amount,
    currency: z.string(),
    item: z.strictObject({ id: Id, name: z.string(), slug: z.string() }).nullable(),
    buyer: z.string().describe("The buyer's username"),
    refund_state: z.enum(['none', 'requested', 'refunded']),
    date: DateTimeText,
  }),
  'A sale of one of your items.',
  {
    purchase_code: '5f0c2b7e-3a41-4c1e-9d5b-2f7a8e6c1d90',
    license_type: 'Regular',
    price: 19.99,
    author_earnings: 13.99,
    platform_fee: 6,
    currency: 'USD',
    item: { id: 1, name: 'Sample Item', slug: 'sample-item' },
    buyer: 'johndoe',
    refund_state: 'none',
    date: '2024-04-27T12:00:00Z',
  },
);

const LEDGER_KINDS = ['deposit', 'purchase', 'sale', 'platform_fee', 'refund', 'payout', 'adjustment'] as const;

const StatementLine = named(
  'StatementLine',
  z.strictObject({
    id: Id,
    kind: z.enum(LEDGER_KINDS),
    amount: Amount.describe('Signed: negative when money left the account'),
    balance_after: Amount,
    currency: z.string(),
    description: z.string(),
    reference: z.string(),
    purchase_code: z.string().nullable(),
    date: DateTimeText,
  }),
  'One line of your financial statement.',
  {
    id: 42,
    kind: 'purchase',
    amount: -19.99,
    balance_after: 100,
    currency: 'USD',
    description: 'Purchase of Sample Item (Regular license)',
    reference: '5f0c2b7e-3a41-4c1e-9d5b-2f7a8e6c1d90',
    purchase_code: '5f0c2b7e-3a41-4c1e-9d5b-2f7a8e6c1d90',
    date: '2024-04-27T12:00:00Z',
  },
);

const sale = (s: RestSaleFragment): z.infer<typeof Sale> => ({
  purchase_code: s.code,
  license_type: licenseName(s.licenseType),
  price: centsToNumber(s.price.cents),
  author_earnings: centsToNumber(s.authorEarnings.cents),
  platform_fee: centsToNumber(s.platformFee.cents),
  currency: s.price.currency,
  item: s.item ? { id: s.item.databaseId, name: s.item.name, slug: s.item.slug } : null,
  buyer: s.buyer.username,
  refund_state: s.refundState.toLowerCase() as z.infer<typeof Sale>['refund_state'],
  date: restDate(s.purchasedAt)!,
});

const statementLine = (entry: RestLedgerEntryFragment): z.infer<typeof StatementLine> => ({
  id: Number(decodeGlobalID(entry.id).id),
  kind: entry.kind.toLowerCase() as z.infer<typeof StatementLine>['kind'],
  amount: centsToNumber(entry.amount.cents),
  balance_after: centsToNumber(entry.balanceAfter.cents),
  currency: entry.amount.currency,
  description: entry.description,
  reference: entry.reference,
  purchase_code: entry.purchaseCode,
  date: restDate(entry.createdAt)!,
});

const salesList: ListSpec = { sorts: [{ key: '-date' }, { key: 'date', backward: true }] };
const statementList: ListSpec = {
  sorts: [{ key: '-date' }, { key: 'date', backward: true }],
  filters: [
    enumFilter('kind', 'Only lines of these kinds.', LEDGER_KINDS, true),
    dateFilter('from', 'Lines at or after this instant (ISO 8601).'),
    dateFilter('to', 'Lines before this instant (exclusive).'),
  ],
};

export const ledgerRoutes = [
  route({
    method: 'GET',
    path: '/api/v1/sales',
    profile: 'v1',
    summary: 'Sales of your items (author)',
    list: salesList,
    operation: SalesQuery,
    variables: ({ list }) => list.window,
    reply: (data, { list }) => listReply(list, data.viewer!.sales, ofNode(sale)),
    docs: {
      description: 'Newest first by default; refunded sales are included (see refund_state).',
      response: { description: 'A page of your sales', schema: v1List('SaleList', Sale) },
    },
  }),
  route({
    method: 'GET',
    path: '/api/v1/statements',
    profile: 'v1',
    summary: 'Your financial statement',
    list: statementList,
    operation: StatementQuery,
    variables: ({ list }) => {
      const { kind, from, to } = list.filters as { kind?: LedgerKind[]; from?: string; to?: string };
      return { ...list.window, filter: { ...(kind && { kinds: kind }), ...(from && { from }), ...(to && { to }) } };
    },
    reply: (data, { list }) => listReply(list, data.viewer!.statement, ofNode(statementLine)),
    docs: {
      description: 'Every line that moved money on your account, newest first by default. The balance is the sum of the amounts.',
      response: { description: 'A page of statement lines', schema: v1List('StatementLineList', StatementLine) },
    },
  }),
];
