// Shared by the workspace tests: a `send` over real HTTP (GraphQL), accounts to play the
// roles, and workspaces written straight to the database for a case to act on.
import { encodeGlobalID } from '@pothos/plugin-relay';
import type { WorkspaceRole } from '../../src/generated/prisma/enums';
import { tokenFor } from '../support/accounts';
import type { TestGateway } from '../support/gateway';

export type Errors = Array<{ message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }>;
export interface Answer<Data = Record<string, any>> {
  status: number;
  data?: Data | null;
  errors?: Errors;
}

export const sender =
  (t: () => TestGateway) =>
  async <Data = Record<string, any>>(query: string, variables: Record<string, unknown>, token: string): Promise<Answer<Data>> =>
    (await t().graphql(query, variables as never, { token })) as Answer<Data>;

export const workspaceGid = (id: number) => encodeGlobalID('Workspace', id);
export const accountGid = (id: number) => encodeGlobalID('Account', id);

export interface Player {
  id: number;
  username: string;
  /** workspaces:read and workspaces:write */
  token: string;
}

/** Demo accounts that are in no seeded workspace, each with a read+write token. */
export async function players(t: TestGateway, count: number): Promise<Player[]> {
  const accounts = await t.db.prisma.account.findMany({
    where: { memberships: { none: {} }, username: { not: 'platform' } },
    orderBy: { id: 'asc' },
    take: count,
    select: { id: true, username: true },
  });
  if (accounts.length < count) throw new Error(`only ${accounts.length} accounts outside every workspace`);
  return Promise.all(
    accounts.map(async (account) => ({ ...account, token: await tokenFor(t, account.username, ['workspaces:read', 'workspaces:write']) })),
  );
}

let made = 0;

/** A workspace with these members (the first is its ownerId), written directly. */
export async function workspaceWith(
  t: TestGateway,
  members: ReadonlyArray<readonly [Player | { id: number }, WorkspaceRole]>,
  slug = `case-${++made}`,
) {
  const workspace = await t.db.prisma.workspace.create({
    data: {
      name: `Case ${made}`,
      slug,
      ownerId: members[0]![0].id,
      members: {
        create: members.map(([player, role], index) => ({ accountId: player.id, role, joinedAt: new Date(Date.UTC(2025, 0, 1, 0, index)) })),
      },
    },
  });
  return { id: workspace.id, gid: workspaceGid(workspace.id), slug };
}

export const codeOf = (answer: Answer) => answer.errors?.[0]?.extensions?.code;
