// An author's sales report: buckets per UTC day, ISO week and calendar month, each checked
// against buckets this test computes from the purchases it reads (and some it writes at
// the edges of buckets); totals; the range rules (BAD_USER_INPUT naming `to`); the owner
// rule of salesSummary; one SQL statement for the report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from '../../src/generated/gql';
import { addMonths } from '../../src/shared/dates';
import { accountId, tokenFor } from '../support/accounts';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { insertPurchases } from '../support/purchases';

let t: TestGateway;
let author: { id: number; username: string };
let token: string;

type Period = 'DAY' | 'WEEK' | 'MONTH';

const Report = graphql(`
  query SalesReport($from: DateTime!, $to: DateTime!, $groupBy: SalesPeriod!) {
    viewer {
      username
      salesReport(from: $from, to: $to, groupBy: $groupBy) {
        buckets { start count gross { cents currency } earnings { cents } fees { cents } }
        totals { count gross { cents amount } earnings { cents } fees { cents } }
      }
    }
  }
`);

const DAY = 86_400_000;

beforeAll(async () => {
  t = await startTestGateway();
  // The author with the most sales.
  const [top] = await t.db.prisma.purchase.groupBy({ by: ['authorId'], _count: { _all: true }, orderBy: { _count: { authorId: 'desc' } }, take: 1 });
  author = await t.db.prisma.account.findUniqueOrThrow({ where: { id: top!.authorId }, select: { id: true, username: true } });
  token = await tokenFor(t, author.username, ['sales:read']);
});
afterAll(() => t.close());

// ─── The test's own bucketing, in UTC ────────────────────────────────────────

function bucketStart(time: number, period: Period): number {
  const date = new Date(time);
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  if (period === 'DAY') return day;
  if (period === 'WEEK') return day - ((date.getUTCDay() + 6) % 7) * DAY; // back to Monday
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

function nextStart(start: number, period: Period): number {
  if (period === 'DAY') return start + DAY;
  if (period === 'WEEK') return start + 7 * DAY;
  const date = new Date(start);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

interface Bucket {
  start: string;
  count: number;
  gross: number;
  earnings: number;
  fees: number;
}

/** Every bucket of [from, to) with the author's sales not refunded in it, from rows read with Prisma. */
async function expectedReport(from: Date, to: Date, period: Period): Promise<Bucket[]> {
  const sales = await t.db.prisma.purchase.findMany({
    where: { authorId: author.id, refundState: { not: 'REFUNDED' }, purchasedAt: { gte: from, lt: to } },
  });
  const buckets = new Map<number, Bucket>();
  for (let start = bucketStart(from.getTime(), period); start < to.getTime(); start = nextStart(start, period)) {
    buckets.set(start, { start: new Date(start).toISOString(), count: 0, gross: 0, earnings: 0, fees: 0 });
  }
  for (const sale of sales) {
    const bucket = buckets.get(bucketStart(sale.purchasedAt.getTime(), period))!;
    bucket.count += 1;
    bucket.gross += sale.pricePaidCents;
    bucket.earnings += sale.authorEarningsCents;
    bucket.fees += sale.platformFeeCents;
  }
  return [...buckets.values()];
}

async function report(from: Date, to: Date, groupBy: Period, as = token) {
  const answer = await t.graphql(Report, { from: from.toISOString(), to: to.toISOString(), groupBy }, { token: as });
  expect(answer.errors).toBeUndefined();
  const { buckets, totals } = answer.data!.viewer!.salesReport;
  return {
    buckets: buckets.map((b) => ({ start: b.start, count: b.count, gross: b.gross.cents, earnings: b.earnings.cents, fees: b.fees.cents })),
    currencies: new Set(buckets.map((b) => b.gross.currency)),
    totals,
  };
}

async function expectReport(from: Date, to: Date, groupBy: Period) {
  const expected = await expectedReport(from, to, groupBy);
  const answer = await report(from, to, groupBy);
  expect(answer.buckets).toEqual(expected);
  const sum = (key: 'count' | 'gross' | 'earnings' | 'fees') => expected.reduce((total, bucket) => total + bucket[key], 0);
  expect(answer.totals).toEqual({
    count: sum('count'),
    gross: { cents: sum('gross'), amount: (sum('gross') / 100).toFixed(2) },
    earnings: { cents: sum('earnings') },
    fees: { cents: sum('fees') },
  });
  expect(sum('earnings') + sum('fees')).toBe(sum('gross'));
  return { expected, answer };
}

// ─── The report ──────────────────────────────────────────────────────────────

describe('Account.salesReport', () => {
  it('counts the last 30 days per UTC day: every day listed, the first and last ones partial', async () => {
    // Not on a day's start, so the first and the last bucket hold only part of their day.
    const to = new Date(Date.now() - 7 * 60_000);
    const from = new Date(to.getTime() - 30 * DAY);
    const { expected, answer } = await expectReport(from, to, 'DAY');
    expect(answer.buckets).toHaveLength(31);
    expect(expected.filter((bucket) => bucket.count > 0).length).toBeGreaterThan(3);
    expect(answer.currencies).toEqual(new Set(['USD']));
  });

  it('counts per ISO week (from Monday) over half a year, and per month over two years', async () => {
    const to = new Date();
    const { answer: weeks } = await expectReport(new Date(to.getTime() - 182 * DAY), to, 'WEEK');
    for (const bucket of weeks.buckets) expect(new Date(bucket.start).getUTCDay()).toBe(1);
    const { answer: months } = await expectReport(addMonths(to, -24), to, 'MONTH');
    expect(months.buckets).toHaveLength(25);
    for (const bucket of months.buckets) expect(new Date(bucket.start).getUTCDate()).toBe(1);
    expect(months.totals.count).toBeGreaterThan(weeks.totals.count);
  });

  it('agrees with salesSummary over the same range, refunded sales left out', async () => {
    const to = new Date();
    const from = addMonths(to, -30);
    const answer = await report(from, to, 'MONTH');
    const summary = await t.graphql(
      `query($from: DateTime, $to: DateTime) { viewer { salesSummary(from: $from, to: $to) { count gross { cents } earnings { cents } fees { cents } } } }`,
      { from: from.toISOString(), to: to.toISOString() },
      { token },
    );
    expect(summary.errors).toBeUndefined();
    const { count, gross, earnings, fees } = answer.totals;
    expect((summary.data as { viewer: { salesSummary: unknown } }).viewer.salesSummary).toEqual({
      count,
      gross: { cents: gross.cents },
      earnings,
      fees,
    });
  });

  it('puts sales written at the edges of buckets where they belong, and leaves refunded ones out', async () => {
    // Rows of our own, in a month nobody sold anything in (years after the demo data).
    const buyer = await t.db.prisma.account.findFirstOrThrow({ where: { role: 'BUYER' }, orderBy: { id: 'asc' } });
    const items = await t.db.prisma.item.findMany({ where: { authorId: author.id }, orderBy: { id: 'asc' }, take: 6 });
    const instants = [
      '2031-03-02T00:00:00.000Z', // Sunday's first instant: DAY 2 March, WEEK of Monday 24 February
      '2031-03-02T23:59:59.999Z', // Sunday's last instant
      '2031-03-03T00:00:00.000Z', // Monday: a new day and a new week
      '2031-03-31T23:59:59.999Z', // the last instant of March
      '2031-04-01T00:00:00.000Z', // April's first instant
      '2031-03-10T12:00:00.000Z', // refunded below
    ].map((instant) => new Date(instant));
    await insertPurchases(t, buyer.id, items, (index) => instants[index]!);
    const refunded = await t.db.prisma.purchase.findFirstOrThrow({ where: { authorId: author.id, purchasedAt: instants[5] } });
    await t.db.prisma.purchase.update({ where: { id: refunded.id }, data: { refundState: 'REFUNDED', refundedAt: instants[5] } });

    const from = new Date('2031-02-24T00:00:00Z');
    const to = new Date('2031-04-01T00:00:00.001Z'); // April's first instant is in, nothing after it
    const days = await expectReport(from, to, 'DAY');
    const byStart = new Map(days.answer.buckets.map((bucket) => [bucket.start, bucket.count]));
    expect(byStart.get('2031-03-02T00:00:00.000Z')).toBe(2);
    expect(byStart.get('2031-03-03T00:00:00.000Z')).toBe(1);
    expect(byStart.get('2031-03-10T00:00:00.000Z')).toBe(0); // refunded
    expect(byStart.get('2031-04-01T00:00:00.000Z')).toBe(1);
    expect(days.answer.totals.count).toBe(5);

    const weeks = await expectReport(from, to, 'WEEK');
    expect(weeks.answer.buckets.slice(0, 2).map((bucket) => [bucket.start, bucket.count])).toEqual([
      ['2031-02-24T00:00:00.000Z', 2],
      ['2031-03-03T00:00:00.000Z', 1],
    ]);
    const months = await expectReport(from, to, 'MONTH');
    expect(months.answer.buckets.map((bucket) => [bucket.start, bucket.count])).toEqual([
      ['2031-02-01T00:00:00.000Z', 0],
      ['2031-03-01T00:00:00.000Z', 4],
      ['2031-04-01T00:00:00.000Z', 1],
    ]);
    // `to` is exclusive: a range ending at April's first instant leaves its sale out.
    const march = await report(new Date('2031-03-01T00:00:00Z'), new Date('2031-04-01T00:00:00Z'), 'MONTH');
    expect(march.buckets.map((bucket) => [bucket.start, bucket.count])).toEqual([['2031-03-01T00:00:00.000Z', 4]]);
  });

  it('reads the report in one SQL statement', async () => {
    const to = new Date();
    await report(new Date(to.getTime() - 400 * DAY), to, 'DAY'); // the token's lastUsedAt write happens here
    await new Promise((resolve) => setTimeout(resolve, 100));
    t.statements.length = 0;
    const answer = await report(new Date(to.getTime() - 400 * DAY), to, 'DAY');
    expect(answer.buckets.length).toBeGreaterThanOrEqual(400);
    // The token, the viewer's row (its currency), and the report.
    const others = t.statements.filter((sql) => !/personal_access_tokens|"public"\."accounts"/.test(sql));
    expect(others).toHaveLength(1);
    expect(others[0]).toMatch(/date_trunc/);
  });
});

describe('Account.salesReport: who may read it', () => {
  const june = { from: '2026-06-01T00:00:00Z', to: '2026-07-01T00:00:00Z', groupBy: 'WEEK' as const };

  it('needs sales:read: without it the report is null with FORBIDDEN, the rest of the viewer stands', async () => {
    const answer = await t.graphql(Report, june, { token: await tokenFor(t, author.username, ['user:account']) });
    expect(answer.status).toBe(200);
    expect(answer.data!.viewer).toEqual({ username: author.username, salesReport: null });
    expect(answer.errors).toEqual([
      expect.objectContaining({
        path: ['viewer', 'salesReport'],
        extensions: expect.objectContaining({ code: 'FORBIDDEN', requiredScopes: ['sales:read'] }),
      }),
    ]);
  });

  it('is refused on anyone else’s account, even with sales:read', async () => {
    const other = await accountId(t, 'johndoe');
    const answer = await t.graphql<{ node: { username: string; salesReport: unknown } }, { id: string }>(
      `query($id: ID!) { node(id: $id) { ... on Account { username salesReport(from: "2026-01-01T00:00:00Z", to: "2026-02-01T00:00:00Z", groupBy: DAY) { totals { count } } } } }`,
      { id: Buffer.from(`Account:${other}`).toString('base64') },
      { token },
    );
    expect(answer.data!.node).toEqual({ username: 'johndoe', salesReport: null });
    expect(answer.errors?.[0]).toMatchObject({ path: ['node', 'salesReport'], extensions: { code: 'FORBIDDEN' } });
  });

  it('answers a buyer who sells nothing with zeros in every bucket', async () => {
    const buyer = await tokenFor(t, 'johndoe', ['sales:read']);
    const answer = await t.graphql(Report, june, { token: buyer });
    expect(answer.errors).toBeUndefined();
    const { buckets, totals } = answer.data!.viewer!.salesReport;
    expect(buckets.map((bucket) => bucket.start)).toEqual(
      ['2026-06-01', '2026-06-08', '2026-06-15', '2026-06-22', '2026-06-29'].map((day) => `${day}T00:00:00.000Z`),
    );
    expect(buckets.every((bucket) => bucket.count === 0 && bucket.gross.cents === 0)).toBe(true);
    expect(totals.count).toBe(0);
  });
});

describe('Account.salesReport: the range', () => {
  const start = new Date('2026-01-15T10:00:00Z');
  const later = (ms: number) => new Date(start.getTime() + ms);
  const cases: Array<{ why: string; to: Date; groupBy: Period; reason: RegExp }> = [
    { why: 'an empty range', to: start, groupBy: 'DAY', reason: /later than from/ },
    { why: 'a range backwards', to: later(-1), groupBy: 'MONTH', reason: /later than from/ },
    { why: '400 days and a millisecond by day', to: later(400 * DAY + 1), groupBy: 'DAY', reason: /at most 400 days/ },
    { why: '400 weeks and a millisecond by week', to: later(2800 * DAY + 1), groupBy: 'WEEK', reason: /at most 400 weeks/ },
    {
      why: '400 months and a millisecond by month',
      to: new Date(addMonths(start, 400).getTime() + 1),
      groupBy: 'MONTH',
      reason: /at most 400 months/,
    },
  ];

  for (const { why, to, groupBy, reason } of cases) {
    it(`refuses ${why} with BAD_USER_INPUT naming to`, async () => {
      const answer = await t.graphql(Report, { from: start.toISOString(), to: to.toISOString(), groupBy }, { token });
      expect(answer.status).toBe(200); // viewer.username stands
      expect(answer.data!.viewer!.salesReport).toBeNull();
      expect(answer.errors).toHaveLength(1);
      expect(answer.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to', reason: expect.stringMatching(reason) });
    });
  }

  it('accepts the longest ranges: 400 days, weeks and months', async () => {
    for (const [groupBy, to] of [
      ['DAY', later(400 * DAY)],
      ['WEEK', later(2800 * DAY)],
      ['MONTH', addMonths(start, 400)],
    ] as const) {
      const answer = await report(start, to, groupBy);
      // One bucket more than the periods: the first one starts before from.
      expect(answer.buckets, groupBy).toHaveLength(401);
    }
  });
});
