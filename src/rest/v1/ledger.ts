// Money (000_…): GET /api/v1/sales (the author's sales, sales:read) and
// GET /api/v1/statements (the financial statement, statements:read).
import { graphql } from '../../generated/gql';
import type { LedgerKind, RestLedgerEntryFragment, RestSaleFragment } from '../../generated/gql/graphql';
import { v1List } from '../envelopes';
import { connectionPage, dateFilter, enumFilter, v1List as listBody, parseListQuery, type FetchPage, type ListSpec } from '../lists';
import type { RestRequest, Route } from '../router';
import { LEDGER_KINDS, Sale, StatementLine, isWithdrawnItemError, sale, statementLine } from '../shapes';

const SalesQuery = graphql(`
  query RestSales($first: Int, $after: String, $last: Int, $before: String, $withNodes: Boolean!) {
    viewer {
      sales(first: $first, after: $after, last: $last, before: $before) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges @include(if: $withNodes) { node { ...RestSale } }
      }
    }
  }
`);

const StatementQuery = graphql(`
  query RestStatement(
    $first: Int
    $after: String
    $last: Int
    $before: String
    $withNodes: Boolean!
    $filter: StatementFilter
  ) {
    viewer {
      statement(first: $first, after: $after, last: $last, before: $before, filter: $filter) {
        totalCount
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges @include(if: $withNodes) { node { ...RestLedgerEntry } }
      }
    }
  }
`);

const salesList: ListSpec = { sorts: [{ key: '-date' }, { key: 'date', backward: true }] };

const statementList: ListSpec = {
  sorts: [{ key: '-date' }, { key: 'date', backward: true }],
  filters: [
    enumFilter('kind', 'Only lines of these kinds.', LEDGER_KINDS, true),
    dateFilter('from', 'Lines at or after this instant (ISO 8601).'),
    dateFilter('to', 'Lines before this instant (exclusive).'),
  ],
};

function salesFetcher(run: RestRequest['run']): FetchPage<RestSaleFragment> {
  return async (args) => connectionPage((await run(SalesQuery, args, { tolerate: isWithdrawnItemError })).viewer.sales);
}

function statementFetcher(
  run: RestRequest['run'],
  filter: { kinds?: LedgerKind[]; from?: string; to?: string },
): FetchPage<RestLedgerEntryFragment> {
  return async (args) => connectionPage((await run(StatementQuery, { ...args, filter })).viewer.statement);
}

export const ledgerRoutes: Route[] = [
  {
    method: 'GET',
    path: '/api/v1/sales',
    profile: 'v1',
    summary: 'Sales of your items (author)',
    scopes: ['sales:read'],
    list: salesList,
    docs: {
      description: 'Newest first by default; refunded sales are included (see refund_state).',
      response: { description: 'A page of your sales', schema: v1List('SaleList', Sale) },
      errors: { 400: 'A bad page, per_page, sort or cursor', 401: 'No credential, or a bad one', 403: 'The token lacks sales:read' },
    },
    async handle({ url, run }) {
      return { body: await listBody(parseListQuery(url, salesList), salesFetcher(run), sale) };
    },
  },
  {
    method: 'GET',
    path: '/api/v1/statements',
    profile: 'v1',
    summary: 'Your financial statement',
    scopes: ['statements:read'],
    list: statementList,
    docs: {
      description: 'Every line that moved money on your account, newest first by default. The balance is the sum of the amounts.',
      response: { description: 'A page of statement lines', schema: v1List('StatementLineList', StatementLine) },
      errors: { 400: 'A bad page, per_page, sort, filter or cursor', 401: 'No credential, or a bad one', 403: 'The token lacks statements:read' },
    },
    async handle({ url, run }) {
      const query = parseListQuery(url, statementList);
      const { kind, from, to } = query.filters as { kind?: LedgerKind[]; from?: string; to?: string };
      const filter = { ...(kind && { kinds: kind }), ...(from && { from }), ...(to && { to }) };
      return { body: await listBody(query, statementFetcher(run, filter), statementLine) };
    },
  },
];
