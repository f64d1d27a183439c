// Statement counts of a members page: the workspace, the page of members and their accounts
// (one batched load) and the total: the same number of SQL statements for 5 members as for
// 50, and none of them loads one account row by row. The REST twin sends the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/gateway';
import { rowByRowLoads, tablesOf } from '../support/statements';
import { players, sender, workspaceWith } from './support';

let t: TestGateway;
const send = sender(() => t);
let token: string;
let workspace: { id: number; gid: string };

const MEMBERS = `query WorkspaceMembersForCount($id: ID!, $first: Int!) {
  node(id: $id) {
    ... on Workspace {
      name
      viewerRole
      members(first: $first) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor node { role joinedAt account { username fullName profile { avatarUrl } } } }
      }
    }
  }
}`;

beforeAll(async () => {
  t = await startTestGateway();
  const [owner] = await players(t, 1);
  token = owner!.token;
  // More accounts than the demo data has: 60 members in all.
  await t.db.prisma.account.createMany({
    data: Array.from({ length: 20 }, (_, n) => ({
      username: `crew${n}`,
      email: `crew${n}@example.com`,
      firstName: 'Crew',
      lastName: String(n),
      passwordHash: 'not-a-hash',
    })),
  });
  const others = await t.db.prisma.account.findMany({ where: { id: { not: owner!.id } }, orderBy: { id: 'asc' }, take: 59, select: { id: true } });
  expect(others).toHaveLength(59);
  workspace = await workspaceWith(t, [[owner!, 'OWNER'], ...others.map((account, index) => [account, index % 3 ? 'MEMBER' : 'ADMIN'] as const)]);
  // The token's first use records lastUsedAt in the background: let that write happen first.
  await send(MEMBERS, { id: workspace.gid, first: 1 }, token);
  for (let i = 0; i < 100; i++) {
    if (await t.db.prisma.personalAccessToken.count({ where: { lastUsedAt: { not: null } } })) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
});
afterAll(() => t?.close());

async function statementsFor(first: number) {
  t.statements.length = 0;
  const answer = await send(MEMBERS, { id: workspace.gid, first }, token);
  const statements = [...t.statements];
  expect(answer.errors).toBeUndefined();
  const members = answer.data!.node.members;
  expect(members.totalCount).toBe(60);
  for (const edge of members.edges) expect(edge.node.account.username).toMatch(/\w/);
  return { rows: members.edges.length, statements };
}

async function restStatementsFor(perPage: number) {
  t.statements.length = 0;
  const response = await t.request(`/api/v1/organizations/${workspace.id}/members?per_page=${perPage}`, { token });
  expect(response.status).toBe(200);
  expect((await response.json()).data).toHaveLength(perPage);
  return [...t.statements];
}

describe('members page statement counts', () => {
  it('is the same small number for 5 members as for 50, with no row-by-row loads', async () => {
    const small = await statementsFor(5);
    const large = await statementsFor(50);
    expect(small.rows).toBe(5);
    expect(large.rows).toBe(50);
    expect(tablesOf(large.statements)).toEqual(tablesOf(small.statements));
    expect(large.statements.length).toBeLessThanOrEqual(6);
    expect(rowByRowLoads(large.statements)).toEqual([]);
    // The page's accounts come in one statement, whatever the page size.
    expect(tablesOf(large.statements).filter((table) => table === 'accounts')).toHaveLength(1);
  });

  it('is the same over REST', async () => {
    const small = await restStatementsFor(5);
    const large = await restStatementsFor(50);
    expect(tablesOf(large)).toEqual(tablesOf(small));
    expect(rowByRowLoads(large)).toEqual([]);
  });
});
